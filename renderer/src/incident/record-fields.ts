import { z } from 'zod';
import { aggressionFormSchema, emotionalImpactSchema, incidentCauseSchema, incidentChannelSchema, perpetratorKindSchema } from '../../../shared/domain/incident.js';
import type { Incident, IncidentPatch } from '../../../shared/incident/incident-contract.js';
import { fromLocalInput, toLocalInput } from '../format.js';

/** The full record as the form holds it: text in inputs, numbers as typed, euros not cents. */
export interface RecordForm {
  occurred_at: string;
  channel: string;
  forms: string[];
  location: string;
  narrative: string;
  causes: string[];
  task_at_the_time: string;
  injury: boolean;
  sick_leave_days: string;
  damage_amount: string;
  emotional_impact: string;
  perpetrator_kind: string;
  perpetrator_description: string;
  means: string;
  witnesses: string;
  evidence: string;
}
export type RecordField = keyof RecordForm;

const text = (max: number) => z.string().max(max, { error: 'too_long' });
const wholeNumber = (max: number) =>
  z
    .string()
    .trim()
    .refine((value) => !value.startsWith('-'), { error: 'negative' })
    .refine((value) => /^\d*$/.test(value), { error: 'whole_number' })
    .transform((value) => (value === '' ? 0 : Number(value)))
    .refine((value) => value <= max, { error: 'too_long' });
/** "125,50" or "125.50" euros → 12550 cents; a minus sign is refused, not ignored. */
const euros = z
  .string()
  .trim()
  .refine((value) => !value.startsWith('-'), { error: 'negative' })
  .refine((value) => /^(\d{1,7}([.,]\d{1,2})?)?$/.test(value), { error: 'amount' })
  .transform((value) => (value === '' ? 0 : Math.round(Number(value.replace(',', '.')) * 100)));

/** Each field on its own, so one wrong field never holds back the others from saving. */
export const recordFieldSchemas: { readonly [F in RecordField]: z.ZodType<unknown, RecordForm[F]> } = {
  occurred_at: z.string().transform((value, context) => fromLocalInput(value) ?? (context.addIssue({ code: 'custom', message: 'required' }), z.NEVER)),
  channel: incidentChannelSchema,
  forms: z.array(aggressionFormSchema).min(1, { error: 'choose_a_form' }),
  location: text(160),
  narrative: text(10_000),
  causes: z.array(incidentCauseSchema),
  task_at_the_time: text(200),
  injury: z.boolean(),
  sick_leave_days: wholeNumber(365),
  damage_amount: euros,
  emotional_impact: emotionalImpactSchema,
  perpetrator_kind: perpetratorKindSchema,
  perpetrator_description: text(2_000),
  means: text(500),
  witnesses: text(2_000),
  evidence: text(2_000),
};

/** The patch field a form field saves into. */
export const patchFieldOf = (field: RecordField): keyof IncidentPatch => (field === 'damage_amount' ? 'damage_amount_cents' : field);

export function toRecordForm(incident: Incident): RecordForm {
  const cents = incident.damage_amount_cents;
  return {
    occurred_at: toLocalInput(incident.occurred_at),
    channel: incident.channel,
    forms: [...incident.forms],
    location: incident.location ?? incident.desk_name ?? '',
    narrative: incident.narrative ?? '',
    causes: [...(incident.causes ?? [])],
    task_at_the_time: incident.task_at_the_time ?? '',
    injury: incident.injury ?? false,
    sick_leave_days: incident.sick_leave_days === undefined ? '' : String(incident.sick_leave_days),
    damage_amount: cents === undefined || cents === 0 ? '' : (cents / 100).toFixed(2),
    emotional_impact: incident.emotional_impact ?? '',
    perpetrator_kind: incident.perpetrator_kind ?? 'unknown',
    perpetrator_description: incident.perpetrator_description ?? '',
    means: incident.means ?? '',
    witnesses: incident.witnesses ?? '',
    evidence: incident.evidence ?? '',
  };
}

/** Splits changed fields into a patch of the valid ones and the reasons the others are not. */
export function patchFrom(values: RecordForm, fields: readonly RecordField[]): { patch: IncidentPatch; invalid: Partial<Record<RecordField, string>> } {
  const patch: Record<string, unknown> = {};
  const invalid: Partial<Record<RecordField, string>> = {};
  for (const field of fields) {
    // An impact not chosen yet is simply not saved.
    if (field === 'emotional_impact' && values.emotional_impact === '') continue;
    const parsed = recordFieldSchemas[field].safeParse(values[field]);
    if (parsed.success) patch[patchFieldOf(field)] = parsed.data;
    else invalid[field] = parsed.error.issues[0]?.message ?? 'invalid';
  }
  return { patch: patch as IncidentPatch, invalid };
}
