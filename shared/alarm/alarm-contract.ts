import { z } from 'zod';
import { idSchema } from '../domain/ids.js';
import { pinSchema } from '../domain/staff.js';
import { alarmLevelSchema } from './alarm-message.js';

const deviceIds = z.array(z.string()).readonly();

/** Whether the alarm receiving centre (PAC) confirmed it: one more discreet line for the sender. */
export const pacStateSchema = z.enum(['none', 'sending', 'delivered', 'failed']);
export type PacState = z.infer<typeof pacStateSchema>;

export const senderStatusSchema = z.object({
  alarmId: idSchema,
  level: alarmLevelSchema,
  drill: z.boolean(),
  phase: z.enum(['sending', 'delivered', 'not_delivered', 'cancelled', 'resolved']),
  deliveredTo: deviceIds,
  coming: deviceIds,
  cannotCome: deviceIds,
  /** Device → the name people know it by (the signed-in person, else the desk). */
  names: z.record(z.string(), z.string()),
  step: z.number().int(),
  pac: pacStateSchema,
});
export type SenderStatus = z.infer<typeof senderStatusSchema>;

export const responderStatusSchema = z.object({
  alarmId: idSchema,
  level: alarmLevelSchema,
  drill: z.boolean(),
  from: z.object({ desk: z.string(), floor: z.string(), person: z.string(), site: z.string() }),
  raisedAt: z.iso.datetime(),
  phase: z.enum(['alerting', 'coming', 'cannot_come', 'cancelled', 'resolved']),
  others: z.record(z.string(), z.object({ answer: z.enum(['coming', 'cannot_come']), name: z.string() })),
  step: z.number().int(),
  /** The sender cancelled under duress: treat it as an emergency that goes on. */
  duress: z.boolean(),
  sound: z.boolean(),
});
export type ResponderStatus = z.infer<typeof responderStatusSchema>;

/** What a screen must show right now: this desk's own alarm and every alarm it responds to. */
export const activeAlarmsSchema = z.object({ sender: senderStatusSchema.nullable(), responders: z.array(responderStatusSchema) });
export type ActiveAlarms = z.infer<typeof activeAlarmsSchema>;

/** A page that can show alarms registers as a screen; the mini button only reads its desk's own line. */
export const activeInputSchema = z.strictObject({ asScreen: z.boolean() });
export const raiseInputSchema = z.strictObject({ level: alarmLevelSchema, drill: z.boolean().default(false) });
export const answerInputSchema = z.strictObject({ alarmId: idSchema, answer: z.enum(['coming', 'cannot_come']) });
export const alarmIdInputSchema = z.strictObject({ alarmId: idSchema });
/** A signed-in person with a duress PIN cancels their own alarm with a PIN: their PIN, or the duress PIN. */
export const cancelInputSchema = z.strictObject({ alarmId: idSchema, pin: pinSchema.optional() });
