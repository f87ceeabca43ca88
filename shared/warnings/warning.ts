import { z } from 'zod';
import { idSchema } from '../domain/ids.js';
import { nameSchema } from '../domain/names.js';
import { freeText } from '../incident/incident-contract.js';

/**
 * A visitor warning (docs/warnings.md): personal data about a citizen, so every rule about
 * what may be stored is here, once, for the core, the screens and the server.
 */
export const measureKinds = ['building_ban', 'appointment_only', 'two_staff', 'remote_contact_only', 'security_escort', 'other'] as const;
export const measureKindSchema = z.enum(measureKinds);
export type MeasureKind = z.infer<typeof measureKindSchema>;

export const reasonCategories = ['verbal_aggression', 'threat', 'physical_violence', 'damage', 'intimidation', 'discrimination', 'other'] as const;
export const reasonCategorySchema = z.enum(reasonCategories);

/** Calendar dates (YYYY-MM-DD): a warning runs from one day to another, whatever the time zone. */
export const calendarDateSchema = z.iso.date({ error: 'invalid_date' });

export const warningLimits = { name: 120, description: 300, measureText: 200, reasonNote: 1_000, termReason: 1_000, exceptionReason: 1_000, contact: 160, incidents: 20 } as const;

/** The organisation's rule for how long a warning may run and how long it is kept after it ends. */
export const warningPolicySchema = z.strictObject({
  /** Up to this many months a warning needs no further reason. */
  standard_months: z.number().int().min(1).max(60),
  /** Never longer than this, whatever the reason. */
  max_months: z.number().int().min(1).max(120),
  /** Days an ended warning is kept before its personal data is deleted everywhere. */
  retention_days: z.number().int().min(0).max(3_650),
});
export type WarningPolicy = z.infer<typeof warningPolicySchema>;
export const DEFAULT_WARNING_POLICY: WarningPolicy = { standard_months: 12, max_months: 24, retention_days: 0 };

/** Today's date where the desk is; dates of birth and terms are compared with it. */
export const today = (now: Date): string => now.toISOString().slice(0, 10);

/** The last day a term starting `from` may reach after `months` months (same day of the month, clamped). */
export function addMonths(from: string, months: number): string {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

const measureSchema = z
  .strictObject({ kind: measureKindSchema, text: freeText(warningLimits.measureText).trim().optional() })
  .refine((measure) => measure.kind !== 'other' || (measure.text ?? '').length > 0, { error: 'other_needs_text', path: ['text'] });

/** Either the day the letter went to the subject, or why it did not (or not yet): never both. */
const notificationSchema = z
  .strictObject({ letter_sent_on: calendarDateSchema.optional(), exception_reason: freeText(warningLimits.exceptionReason).trim().min(1, { error: 'required' }).optional() })
  .refine((n) => !(n.letter_sent_on && n.exception_reason), { error: 'letter_or_exception', path: ['exception_reason'] });

const subjectSchema = z.strictObject({
  name: nameSchema(warningLimits.name).refine((name) => /[\p{L}\p{N}]/u.test(name), { error: 'required' }),
  birth_date: calendarDateSchema.optional(),
  description: freeText(warningLimits.description).trim().optional(),
});

/** What a coordinator fills in; the term cap depends on the organisation and is checked by `termProblem`. */
export const warningCreateSchema = z
  .strictObject({
    organisation_id: idSchema,
    subject: subjectSchema,
    measure: measureSchema,
    reason_category: reasonCategorySchema,
    /** Internal: never leaves the issuing organisation. */
    reason_note: freeText(warningLimits.reasonNote).trim().default(''),
    decided_by: nameSchema(120),
    /** Whom a partner's desk calls on a hit: a role and a number, not a private person. */
    contact: nameSchema(warningLimits.contact),
    valid_from: calendarDateSchema,
    valid_until: calendarDateSchema,
    term_reason: freeText(warningLimits.termReason).trim().optional(),
    notification: notificationSchema.default({}),
    incident_ids: z.array(idSchema).max(warningLimits.incidents).default([]),
  })
  .superRefine((input, ctx) => {
    if (input.valid_until < input.valid_from) ctx.addIssue({ code: 'custom', path: ['valid_until'], message: 'before_valid_from' });
    // Checked when parsed, so a form left open past midnight is judged by the day it is sent.
    if (input.subject.birth_date !== undefined && input.subject.birth_date > today(new Date())) ctx.addIssue({ code: 'custom', path: ['subject', 'birth_date'], message: 'in_the_future' });
  });
export type WarningCreateInput = z.input<typeof warningCreateSchema>;
export type WarningCreate = z.output<typeof warningCreateSchema>;

export const warningExtendSchema = z.strictObject({ id: idSchema, valid_until: calendarDateSchema, term_reason: freeText(warningLimits.termReason).trim().optional() });
export const warningRevokeSchema = z.strictObject({ id: idSchema, reason: freeText(warningLimits.reasonNote).trim().min(1, { error: 'required' }) });
export const warningNotifySchema = z.strictObject({ id: idSchema, notification: notificationSchema });

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** The organisation's cap: beyond the standard term only with a written reason, never beyond the maximum. */
export function termProblem(validFrom: string, validUntil: string, termReason: string | undefined, policy: WarningPolicy): FieldProblem | null {
  if (validUntil < validFrom) return { field: 'valid_until', message: 'before_valid_from' };
  if (validUntil > addMonths(validFrom, policy.max_months)) return { field: 'valid_until', message: `beyond_cap: at most ${policy.max_months} months` };
  if (validUntil > addMonths(validFrom, policy.standard_months) && !termReason) return { field: 'term_reason', message: `required: a term beyond ${policy.standard_months} months needs a written reason` };
  return null;
}

/** Where a warning stands on a given day. A revoked or ended one is never shown at a desk. */
export type WarningState = 'pending' | 'active' | 'ended' | 'revoked';
export function warningState(row: { valid_from: string; valid_until: string; revoked?: boolean }, day: string): WarningState {
  if (row.revoked) return 'revoked';
  if (row.valid_until < day) return 'ended';
  return row.valid_from > day ? 'pending' : 'active';
}

/** A warning without a letter date or a reasoned exception is incomplete: the subject must be told. Deadline: 14 days after it starts. */
export const NOTIFICATION_DAYS = 14;
export function notificationDeadline(validFrom: string): string {
  const date = new Date(`${validFrom}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + NOTIFICATION_DAYS);
  return date.toISOString().slice(0, 10);
}

/** The desk's question and the only answer a desk ever gets: never the reason, the incidents or the name. */
export const warningCheckInputSchema = z.strictObject({
  name: nameSchema(warningLimits.name).refine((name) => /[\p{L}\p{N}]/u.test(name), { error: 'required' }),
  birth_date: calendarDateSchema.optional(),
});
export const warningHitSchema = z.strictObject({
  measure: measureKindSchema,
  measure_text: z.string().nullable(),
  valid_until: calendarDateSchema,
  contact: z.string(),
  organisation: z.string(),
});
export const warningCheckResultSchema = z.strictObject({ hit: z.boolean(), hits: z.array(warningHitSchema) });
export type WarningCheckResult = z.infer<typeof warningCheckResultSchema>;

/** What the coordinator of the issuing organisation sees. */
export const warningSchema = z.object({
  id: idSchema,
  organisation_id: idSchema,
  subject: z.object({ name: z.string(), birth_date: z.string().nullable(), description: z.string().nullable() }),
  measure: z.object({ kind: measureKindSchema, text: z.string().nullable() }),
  reason_category: reasonCategorySchema,
  reason_note: z.string(),
  decided_by: z.string(),
  contact: z.string(),
  valid_from: calendarDateSchema,
  valid_until: calendarDateSchema,
  term_reason: z.string().nullable(),
  letter_sent_on: calendarDateSchema.nullable(),
  notification_exception: z.string().nullable(),
  incident_ids: z.array(idSchema),
  state: z.enum(['pending', 'active', 'ended', 'revoked']),
  /** No letter date and no exception: on the worklist until one is given. */
  notification_due: calendarDateSchema.nullable(),
  revoked_at: z.string().nullable(),
  revoke_reason: z.string().nullable(),
});
export type Warning = z.infer<typeof warningSchema>;

/**
 * A warning whose subject was not yet told, as the worklist shows it: no name or other
 * personal data, so the worklist (reloaded on every sync) is not a view that must be logged.
 */
export const incompleteWarningSchema = z.object({ id: idSchema, measure: measureKindSchema, valid_from: calendarDateSchema, notification_due: calendarDateSchema, overdue: z.boolean() });
export type IncompleteWarning = z.infer<typeof incompleteWarningSchema>;

/** The keys the server hands a PC (GET /v1/warning-keys), as base64url. */
export const warningKeysSchema = z.object({
  /** Keys of agreements under which other organisations share their warnings with this one. */
  agreements: z.array(z.object({ agreement_id: idSchema, from_organisation_id: idSchema, key: z.string().regex(/^[A-Za-z0-9_-]{43}$/) })).max(500),
  /** This organisation's own key, for the keyed hash of what a desk searched (the access log). */
  organisation_key: z.string().regex(/^[A-Za-z0-9_-]{43}$/).nullable(),
});
export type WarningKeys = z.infer<typeof warningKeysSchema>;

/**
 * A warning's personal data is deleted everywhere once its last day (its end date, or the day
 * it was revoked) lies more than the retention period behind.
 */
export function purgeDue(data: Record<string, unknown>, retentionDays: number, now: Date): boolean {
  const revokedAt = typeof data['revoked_at'] === 'string' ? data['revoked_at'].slice(0, 10) : null;
  const validUntil = typeof data['valid_until'] === 'string' ? data['valid_until'] : null;
  const ended = revokedAt && (!validUntil || revokedAt < validUntil) ? revokedAt : validUntil;
  if (!ended) return false;
  const last = new Date(`${ended}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() + retentionDays);
  return last.toISOString().slice(0, 10) < today(now);
}

/** Subject access (AVG art. 15): everything the organisation holds about one person. */
export const subjectAccessInputSchema = warningCheckInputSchema;
export const subjectAccessExportSchema = z.object({
  subject: z.object({ name: z.string(), birth_date: calendarDateSchema.nullable() }),
  organisation: z.string(),
  generated_at: z.iso.datetime(),
  warnings: z.array(warningSchema),
  /** The facts of the incidents the warnings rest on, as recorded. */
  incidents: z.array(z.object({ id: idSchema, occurred_at: z.string(), location: z.string().nullable(), forms: z.array(z.string()), perpetrator_description: z.string().nullable(), narrative: z.string().nullable() })),
  letters: z.array(z.object({ warning_id: idSchema, letter_sent_on: calendarDateSchema.nullable(), notification_exception: z.string().nullable() })),
  /** Who looked this person up, or looked at their warnings, and when. */
  access_log: z.array(z.object({ at: z.string(), actor: z.string(), desk: z.string(), action: z.string(), warning_id: idSchema.nullable(), result: z.string().nullable() })),
});
export type SubjectAccessExport = z.infer<typeof subjectAccessExportSchema>;
