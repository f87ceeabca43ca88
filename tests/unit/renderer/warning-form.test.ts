import { describe, expect, it } from 'vitest';
import { emptyWarningForm, formProblems, refusedWarningField, toCreateInput } from '../../../renderer/src/warnings/warning-form.js';
import { DEFAULT_WARNING_POLICY, warningCreateSchema } from '../../../shared/warnings/warning.js';

const org = '0b9a3f1e-6a7c-4c55-9d8e-2f1f1d9e0a11';
const now = new Date('2026-12-01T10:00:00Z');

describe('the warning form', () => {
  it('a new form starts today for the standard term, and what is left empty is left out of the call', () => {
    const values = { ...emptyWarningForm(now, DEFAULT_WARNING_POLICY, 'Carla'), name: 'Kees', contact: 'Balie 1' };
    expect(values).toMatchObject({ valid_from: '2026-12-01', valid_until: '2027-12-01', decided_by: 'Carla' });
    const input = toCreateInput(values, org, []);
    expect(input.subject).toEqual({ name: 'Kees' });
    expect(input.notification).toEqual({});
    expect(warningCreateSchema.safeParse(input).success).toBe(true);
    expect(formProblems(values, org, DEFAULT_WARNING_POLICY)).toEqual({});
  });

  it('maps every problem to the field it is about, the cap included', () => {
    const values = { ...emptyWarningForm(now, DEFAULT_WARNING_POLICY, 'Carla'), name: '  ', contact: 'Balie', measure_kind: 'other' as const, valid_until: '2028-06-01', letter_sent_on: '2026-12-02', exception_reason: 'geen adres' };
    expect(formProblems(values, org, DEFAULT_WARNING_POLICY)).toEqual({ name: 'required', measure_text: 'other_needs_text', exception_reason: 'letter_or_exception', term_reason: 'term_reason_required' });
    expect(formProblems({ ...values, name: 'Kees', measure_text: 'x', exception_reason: '', valid_until: '2029-01-01' }, org, DEFAULT_WARNING_POLICY)).toEqual({ valid_until: 'beyond_cap' });
    expect(formProblems({ ...values, name: 'Kees', measure_text: 'x', exception_reason: '', valid_until: '2026-11-30' }, org, DEFAULT_WARNING_POLICY)).toEqual({ valid_until: 'before_valid_from' });
  });

  it("reads the core's refusals (as the dispatcher words them) back onto the form's fields", () => {
    expect(refusedWarningField({ code: 'INVALID_INPUT', message: 'subject.name: required; contact: required' })).toEqual({ field: 'name', key: 'required' });
    expect(refusedWarningField({ code: 'INVALID_INPUT', message: 'valid_until: beyond_cap: at most 24 months' })).toEqual({ field: 'valid_until', key: 'beyond_cap' });
    expect(refusedWarningField({ code: 'INVALID_INPUT', message: 'term_reason: required: a term beyond 12 months needs a written reason' })).toEqual({ field: 'term_reason', key: 'term_reason_required' });
    expect(refusedWarningField({ code: 'INVALID_INPUT', message: 'notification: give the date the letter was sent, or the reason for an exception' })).toEqual({ field: 'letter_sent_on', key: 'notification_required' });
    expect(refusedWarningField({ code: 'INVALID_INPUT', message: 'organisation_id: unknown organisation' })).toBeNull();
    expect(refusedWarningField({ code: 'CONFLICT', message: 'valid_until: x' })).toBeNull();
  });
});
