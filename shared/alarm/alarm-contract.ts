import { z } from 'zod';
import { idSchema } from '../domain/ids.js';
import { alarmLevelSchema } from './alarm-message.js';

const names = z.array(z.string()).readonly();

export const senderStatusSchema = z.object({
  alarmId: idSchema,
  level: alarmLevelSchema,
  drill: z.boolean(),
  phase: z.enum(['sending', 'delivered', 'not_delivered', 'cancelled', 'resolved']),
  deliveredTo: names,
  coming: names,
  cannotCome: names,
  step: z.number().int(),
});
export type SenderStatus = z.infer<typeof senderStatusSchema>;

export const responderStatusSchema = z.object({
  alarmId: idSchema,
  level: alarmLevelSchema,
  drill: z.boolean(),
  from: z.object({ desk: z.string(), floor: z.string(), person: z.string(), site: z.string() }),
  raisedAt: z.iso.datetime(),
  phase: z.enum(['alerting', 'coming', 'cannot_come', 'cancelled', 'resolved']),
  others: z.record(z.string(), z.enum(['coming', 'cannot_come'])),
  step: z.number().int(),
  sound: z.boolean(),
});
export type ResponderStatus = z.infer<typeof responderStatusSchema>;

export const raiseInputSchema = z.strictObject({ level: alarmLevelSchema, drill: z.boolean().default(false) });
export const answerInputSchema = z.strictObject({ alarmId: idSchema, answer: z.enum(['coming', 'cannot_come']) });
export const alarmIdInputSchema = z.strictObject({ alarmId: idSchema });
