import { z } from 'zod';
import { aggressionFormSchema, emotionalImpactSchema, incidentCauseSchema, incidentChannelSchema, perpetratorKindSchema } from '../../../shared/domain/incident.js';
import { incidentFields, type Incident, type IncidentPatch } from '../../../shared/incident/incident-contract.js';
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

const notNegative = z
  .string()
  .trim()
  .refine((value) => !value.startsWith('-'), { error: 'negative' });
const wholeNumber = notNegative.refine((value) => /^\d*$/.test(value), { error: 'whole_number' }).transform((value) => (value === '' ? 0 : Number(value)));
/** "125,50" or "125.50" euros → 12550 cents; a minus sign is refused, not ignored. */
const euros = notNegative.refine((value) => /^(\d{1,7}([.,]\d{1,2})?)?$/.test(value), { error: 'amount' }).transform((value) => (value === '' ? 0 : Math.round(Number(value.replace(',', '.')) * 100)));

/** Each field on its own, so one wrong field never holds back the others from saving. Limits are the contract's. */
export const recordFieldSchemas: { readonly [F in RecordField]: z.ZodType<unknown, RecordForm[F]> } = {
  occurred_at: z.string().transform((value, context) => fromLocalInput(value) ?? (context.addIssue({ code: 'custom', message: 'required' }), z.NEVER)),
  channel: incidentChannelSchema,
  forms: z.array(aggressionFormSchema).min(1, { error: 'choose_a_form' }),
  location: incidentFields.location,
  narrative: incidentFields.narrative,
  causes: z.array(incidentCauseSchema),
  task_at_the_time: incidentFields.task_at_the_time,
  injury: z.boolean(),
  sick_leave_days: wholeNumber.pipe(incidentFields.sick_leave_days),
  damage_amount: euros.pipe(incidentFields.damage_amount_cents),
  emotional_impact: emotionalImpactSchema,
  perpetrator_kind: perpetratorKindSchema,
  perpetrator_description: incidentFields.perpetrator_description,
  means: incidentFields.means,
  witnesses: incidentFields.witnesses,
  evidence: incidentFields.evidence,
};

/** The patch field a form field saves into. */
export const patchFieldOf = (field: RecordField): keyof IncidentPatch => (field === 'damage_amount' ? 'damage_amount_cents' : field);
/** The other way round, for the core's refusals. */
export const recordFieldOf = Object.fromEntries((Object.keys(recordFieldSchemas) as RecordField[]).map((field) => [patchFieldOf(field), field])) as Partial<Record<keyof IncidentPatch, RecordField>>;

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
