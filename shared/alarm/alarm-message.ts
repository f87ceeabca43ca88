import { z } from 'zod';
import { idSchema } from '../domain/ids.js';

/** `assist`: a colleague, please come. `emergency`: danger, security or police. */
export const alarmLevels = ['assist', 'emergency'] as const;
export const alarmLevelSchema = z.enum(alarmLevels);
export type AlarmLevel = z.infer<typeof alarmLevelSchema>;

/**
 * `duress`: the sender was forced to cancel. Responders see the alarm go on as an emergency;
 * the sender's own screen says "cancelled".
 */
export const alarmEventKinds = ['raised', 'delivered', 'coming', 'cannot_come', 'escalated', 'duress', 'cancelled', 'resolved'] as const;
export const alarmEventKindSchema = z.enum(alarmEventKinds);
export type AlarmEventKind = z.infer<typeof alarmEventKindSchema>;

/**
 * One alarm event as it travels, on the LAN and through the server alike. The same
 * message_id on both paths lets receivers drop the second copy.
 */
export const alarmMessageSchema = z.strictObject({
  v: z.literal(1),
  message_id: idSchema,
  alarm_id: idSchema,
  event: alarmEventKindSchema,
  level: alarmLevelSchema,
  /** A test alarm: receivers show TEST and nobody is alarmed for real. */
  drill: z.boolean(),
  organisation_id: idSchema,
  site_id: idSchema,
  from: z.strictObject({
    device_id: idSchema,
    desk: z.string().max(80),
    floor: z.string().max(40),
    person: z.string().max(120),
    /** The building's name, as the sender's PC knows it: a partner at another site shows it. */
    site: z.string().max(120),
  }),
  at: z.iso.datetime(),
  /** For `escalated`: which group is now alerted (0 = the first). */
  step: z.number().int().min(0).max(10),
  /**
   * On a responder's answer or end: the PC that raised the alarm. Only that PC acts on a
   * "delivered", so the server hands it to that PC alone instead of the whole audience
   * (at 100 PCs a site, 100 frames a press instead of 10,000).
   */
  origin: z.strictObject({ organisation_id: idSchema, site_id: idSchema, device_id: idSchema }).optional(),
});
export type AlarmMessage = z.infer<typeof alarmMessageSchema>;
