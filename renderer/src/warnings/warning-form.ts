import type { ContractError } from '../../../shared/contract/result.js';
import { addMonths, termProblem, today, warningCreateSchema, type MeasureKind, type WarningCreateInput, type WarningPolicy } from '../../../shared/warnings/warning.js';

/** What the create form holds: every input is text, an empty one means "not given". */
export interface WarningFormValues {
  name: string;
  birth_date: string;
  description: string;
  measure_kind: MeasureKind;
  measure_text: string;
  reason_category: WarningCreateInput['reason_category'];
  reason_note: string;
  decided_by: string;
  contact: string;
  valid_from: string;
  valid_until: string;
  term_reason: string;
  letter_sent_on: string;
  exception_reason: string;
}
export type WarningFormField = keyof WarningFormValues;

/** A new form: starting today, for the organisation's standard term. */
export function emptyWarningForm(now: Date, policy: WarningPolicy, decidedBy: string): WarningFormValues {
  const from = today(now);
  return {
    name: '', birth_date: '', description: '', measure_kind: 'appointment_only', measure_text: '', reason_category: 'verbal_aggression', reason_note: '',
    decided_by: decidedBy, contact: '', valid_from: from, valid_until: addMonths(from, policy.standard_months), term_reason: '', letter_sent_on: '', exception_reason: '',
  };
}

const given = (value: string) => (value.trim() ? value : undefined);

/** The contract's input for `warnings.create`; what is left empty is left out. */
export function toCreateInput(values: WarningFormValues, organisationId: string, incidentIds: readonly string[]): WarningCreateInput {
  const notification = { ...(given(values.letter_sent_on) ? { letter_sent_on: values.letter_sent_on } : {}), ...(given(values.exception_reason) ? { exception_reason: values.exception_reason } : {}) };
  return {
    organisation_id: organisationId,
    subject: { name: values.name, ...(given(values.birth_date) ? { birth_date: values.birth_date } : {}), ...(given(values.description) ? { description: values.description } : {}) },
    measure: { kind: values.measure_kind, ...(given(values.measure_text) ? { text: values.measure_text } : {}) },
    reason_category: values.reason_category,
    reason_note: values.reason_note,
    decided_by: values.decided_by,
    contact: values.contact,
    valid_from: values.valid_from,
    valid_until: values.valid_until,
    ...(given(values.term_reason) ? { term_reason: values.term_reason } : {}),
    notification,
    incident_ids: [...incidentIds],
  };
}

/** Where each path of the contract (and of the core's refusals) lands in the form. */
const fieldOfPath: Record<string, WarningFormField> = {
  'subject.name': 'name',
  'subject.birth_date': 'birth_date',
  'subject.description': 'description',
  'measure.kind': 'measure_kind',
  'measure.text': 'measure_text',
  reason_category: 'reason_category',
  reason_note: 'reason_note',
  decided_by: 'decided_by',
  contact: 'contact',
  valid_from: 'valid_from',
  valid_until: 'valid_until',
  term_reason: 'term_reason',
  'notification.letter_sent_on': 'letter_sent_on',
  'notification.exception_reason': 'exception_reason',
  notification: 'letter_sent_on',
};

/** A message such as "beyond_cap: at most 24 months" or "required" as a translation key. */
function keyOf(field: WarningFormField, message: string): string {
  const key = /^[a-z_]+/.exec(message)?.[0] ?? 'invalid';
  if (field === 'term_reason' && key === 'required') return 'term_reason_required';
  if (field === 'letter_sent_on' && key === 'give') return 'notification_required';
  return key;
}

export type FormProblems = Partial<Record<WarningFormField, string>>;

/**
 * The same checks the core makes, before sending: the shared schema, then the organisation's
 * term cap. Each problem is a translation key beside the field it is about.
 */
export function formProblems(values: WarningFormValues, organisationId: string, policy: WarningPolicy): FormProblems {
  const problems: FormProblems = {};
  const parsed = warningCreateSchema.safeParse(toCreateInput(values, organisationId, []));
  for (const issue of parsed.error?.issues ?? []) {
    const field = fieldOfPath[issue.path.join('.')];
    if (field && !problems[field]) problems[field] = keyOf(field, issue.message);
  }
  // The cap is checked as well when another field is wrong, so every problem shows at once.
  if (!problems.valid_from && !problems.valid_until) {
    const term = termProblem(values.valid_from, values.valid_until, given(values.term_reason), policy);
    const field = term ? fieldOfPath[term.field] : undefined;
    if (term && field && !problems[field]) problems[field] = keyOf(field, term.message);
  }
  return problems;
}

/** The field a core refusal names ("subject.name: required", "valid_until: beyond_cap: …"), and why; null when it names none of the form's fields. */
export function refusedWarningField(error: ContractError): { field: WarningFormField; key: string } | null {
  if (error.code !== 'INVALID_INPUT') return null;
  const match = /^([a-z_.]+): (.*)$/.exec(error.message.split('; ')[0] ?? '');
  const field = match?.[1] ? fieldOfPath[match[1]] : undefined;
  return field && match?.[2] !== undefined ? { field, key: keyOf(field, match[2]) } : null;
}
