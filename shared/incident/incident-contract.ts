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
export const freeText = (max: number) => z.string().max(max, { error: 'too_long' }).refine(noControlCharacters, { error: 'invalid_characters' });
const forms = z.array(aggressionFormSchema).min(1, { error: 'choose_a_form' }).max(7).refine((list) => new Set(list).size === list.length, { error: 'duplicate' });

/** The record's limits, for the form that checks them before the core does. Damage: one million euros. */
export const incidentLimits = { location: 160, narrative: 10_000, task_at_the_time: 200, perpetrator_description: 2_000, means: 500, witnesses: 2_000, evidence: 2_000, sick_leave_days: 365, damage_amount_cents: 100_000_000 } as const;
const count = (max: number) => z.number().int({ error: 'whole_number' }).min(0, { error: 'negative' }).max(max, { error: 'too_large' });

/**
 * Every field of the full record a person may change: the one definition the contract, the
 * replicated rows (shared/sync/entities.ts) and the form (renderer/src/incident/record-fields.ts) use.
 * Dates are checked again against the organisation's policy.
 */
export const incidentFields = {
  occurred_at: z.iso.datetime(),
  /** Reported later without the hour: occurred_at then holds noon of that Dutch day, and analytics counts no hour. */
  time_unknown: z.boolean(),
  channel: incidentChannelSchema,
  forms,
  location: freeText(incidentLimits.location),
  narrative: freeText(incidentLimits.narrative),
  causes: z.array(incidentCauseSchema).max(7),
  task_at_the_time: freeText(incidentLimits.task_at_the_time),
  injury: z.boolean(),
  sick_leave_days: count(incidentLimits.sick_leave_days),
  damage_amount_cents: count(incidentLimits.damage_amount_cents),
  emotional_impact: emotionalImpactSchema,
  perpetrator_kind: perpetratorKindSchema,
  perpetrator_description: freeText(incidentLimits.perpetrator_description),
  perpetrator_visitor_id: idSchema,
  means: freeText(incidentLimits.means),
  witnesses: freeText(incidentLimits.witnesses),
  evidence: freeText(incidentLimits.evidence),
};

/** The quick log: what, where and when; the rest can follow. */
export const quickLogInputSchema = z.strictObject({
  forms,
  location: incidentFields.location.optional(),
  occurred_at: z.iso.datetime().optional(),
  channel: incidentChannelSchema.default('counter'),
  alarm_id: idSchema.optional(),
});

export const incidentPatchSchema = z.strictObject(incidentFields).partial();
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
  /** Feedback to the reporter: when they read it. */
  read_at: z.iso.datetime().optional(),
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
  /** The reporter's answers: was aftercare offered, and do they want it. */
  aftercare_offered: z.boolean().optional(),
  aftercare_wanted: z.boolean().optional(),
  aftercare_answered_at: z.iso.datetime().optional(),
  site_name: z.string(),
  tasks: z.array(followUpTaskSchema),
  /** Ids of follow-up tasks that cannot be read; the record still shows. */
  damaged_tasks: z.array(idSchema).optional(),
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

/**
 * A replicated incident this version cannot read (written by an old server, or damaged on disk):
 * lists show it by id, so one bad row never blanks the whole screen.
 */
export const damagedIncidentSchema = z.object({
  id: idSchema,
  damaged: z.literal(true),
  /** What is wrong, for whoever repairs it: field names and checks, never the content. */
  problem: z.string(),
});
export type DamagedIncident = z.infer<typeof damagedIncidentSchema>;

export const incidentListItemSchema = z.union([incidentSummarySchema, damagedIncidentSchema]);
export type IncidentListItem = z.infer<typeof incidentListItemSchema>;
export const isDamaged = (item: IncidentListItem): item is DamagedIncident => 'damaged' in item;

export const worklistItemSchema = z.object({
  task: followUpTaskSchema,
  incident: incidentListItemSchema,
  urgency: z.enum(['overdue', 'due_soon', 'later']),
});
export type WorklistItem = z.infer<typeof worklistItemSchema>;

export const incidentIdInputSchema = z.strictObject({ id: idSchema });
export const incidentUpdateInputSchema = z.strictObject({ id: idSchema, patch: incidentPatchSchema });
export const incidentCloseInputSchema = z.strictObject({ id: idSchema, reason: freeText(1_000).optional() });
export const completeTaskInputSchema = z.strictObject({ taskId: idSchema, outcome: z.enum(['done', 'not_needed']), note: freeText(1_000).optional() });
export const draftFromAlarmInputSchema = z.strictObject({ alarmId: idSchema });
