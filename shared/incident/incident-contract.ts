import { z } from 'zod';
import {
  aggressionFormSchema,
  emotionalImpactSchema,
  followUpKindSchema,
  incidentCauseSchema,
  incidentChannelSchema,
  incidentStatusSchema,
  perpetratorKindSchema,
  taskStatusSchema,
} from '../domain/incident.js';
import { idSchema } from '../domain/ids.js';

const noControlCharacters = (value: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value);
/** Free text: newlines allowed in long fields, other control characters never. */
const text = (max: number) => z.string().max(max, { error: 'too_long' }).refine(noControlCharacters, { error: 'invalid_characters' });
const forms = z.array(aggressionFormSchema).min(1, { error: 'choose_a_form' }).max(7).refine((list) => new Set(list).size === list.length, { error: 'duplicate' });

/** The quick log (design §8): what, where and when; the rest can follow. */
export const quickLogInputSchema = z.strictObject({
  forms,
  location: text(160).optional(),
  occurred_at: z.iso.datetime().optional(),
  channel: incidentChannelSchema.default('counter'),
  alarm_id: idSchema.optional(),
});

/** Every field of the full record a person may change; dates and limits are checked again by policy. */
export const incidentPatchSchema = z.strictObject({
  occurred_at: z.iso.datetime(),
  channel: incidentChannelSchema,
  forms,
  location: text(160),
  narrative: text(10_000),
  causes: z.array(incidentCauseSchema).max(7),
  task_at_the_time: text(200),
  injury: z.boolean(),
  sick_leave_days: z.number().int({ error: 'whole_number' }).min(0, { error: 'negative' }).max(365, { error: 'too_large' }),
  damage_amount_cents: z.number().int({ error: 'whole_number' }).min(0, { error: 'negative' }).max(100_000_000, { error: 'too_large' }),
  emotional_impact: emotionalImpactSchema,
  perpetrator_kind: perpetratorKindSchema,
  perpetrator_description: text(2_000),
  perpetrator_visitor_id: idSchema,
  means: text(500),
  witnesses: text(2_000),
  evidence: text(2_000),
}).partial();
export type IncidentPatch = z.infer<typeof incidentPatchSchema>;

export const followUpTaskSchema = z.object({
  id: idSchema,
  incident_id: idSchema,
  kind: followUpKindSchema,
  due_at: z.iso.datetime(),
  mandatory: z.boolean(),
  status: taskStatusSchema,
  done_by: z.string().optional(),
  done_at: z.iso.datetime().optional(),
  note: z.string().optional(),
});
export type FollowUpTask = z.infer<typeof followUpTaskSchema>;

/** One incident as the screens show it; optional fields are those not filled in yet. */
export const incidentSchema = z.object({
  // Not strict: a row written by a newer version may carry fields this one does not know.
  ...incidentPatchSchema.shape,
  id: idSchema,
  status: incidentStatusSchema,
  occurred_at: z.iso.datetime(),
  channel: incidentChannelSchema,
  forms: z.array(aggressionFormSchema),
  desk_name: z.string().optional(),
  reporter_id: idSchema.optional(),
  reporter_name: z.string().optional(),
  alarm_id: idSchema.optional(),
  close_reason: z.string().optional(),
  closed_by: z.string().optional(),
  closed_at: z.iso.datetime().optional(),
  site_name: z.string(),
  tasks: z.array(followUpTaskSchema),
});
export type Incident = z.infer<typeof incidentSchema>;

export const incidentSummarySchema = z.object({
  id: idSchema,
  status: incidentStatusSchema,
  occurred_at: z.iso.datetime(),
  forms: z.array(aggressionFormSchema),
  location: z.string().optional(),
  reporter_name: z.string().optional(),
  open_tasks: z.number().int(),
  overdue_tasks: z.number().int(),
});
export type IncidentSummary = z.infer<typeof incidentSummarySchema>;

export const worklistItemSchema = z.object({
  task: followUpTaskSchema,
  incident: incidentSummarySchema,
  urgency: z.enum(['overdue', 'due_soon', 'later']),
});
export type WorklistItem = z.infer<typeof worklistItemSchema>;

export const incidentIdInputSchema = z.strictObject({ id: idSchema });
export const incidentUpdateInputSchema = z.strictObject({ id: idSchema, patch: incidentPatchSchema });
export const incidentCloseInputSchema = z.strictObject({ id: idSchema, reason: text(1_000).optional() });
export const completeTaskInputSchema = z.strictObject({ taskId: idSchema, outcome: z.enum(['done', 'not_needed']), note: text(1_000).optional() });
export const draftFromAlarmInputSchema = z.strictObject({ alarmId: idSchema });
