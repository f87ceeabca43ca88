import { z } from 'zod';
import { idSchema } from '../domain/ids.js';

/**
 * Where the server stands in forwarding one alarm to the professional alarm receiving
 * centre (PAC): `sending` until the receiver answers, `delivered` on its ACK, `failed`
 * when retries ran out or the receiver could not be reached.
 */
export const pacStates = ['sending', 'delivered', 'failed'] as const;
export const pacStateSchema = z.enum(pacStates);
export type PacState = z.infer<typeof pacStateSchema>;

/** Server to the sending device, on its realtime socket: one discreet line more for the sender. */
export const pacStatusSchema = z.strictObject({
  type: z.literal('pac'),
  alarm_id: idSchema,
  state: pacStateSchema,
});
export type PacStatus = z.infer<typeof pacStatusSchema>;
