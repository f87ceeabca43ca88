import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endOfWorkingDays, isWorkingDay, planFollowUp } from '../../../shared/incident/deadlines.js';
import { DEFAULT_FOLLOW_UP_POLICY } from '../../../shared/incident/follow-up-policy.js';

/** Amsterdam is UTC+1 in winter and UTC+2 in summer. */
const at = (iso: string) => new Date(iso);

describe('working days: weekends and Dutch public holidays are skipped', () => {
  it('counts from the day after the incident and ends at 23:59:59.999 Dutch time', () => {
    // Monday 30 November 2026, 10:00 → Wednesday 2 December, end of day (UTC+1).
    expect(endOfWorkingDays(at('2026-11-30T09:00:00Z'), 2).toISOString()).toBe('2026-12-02T22:59:59.999Z');
  });

  it('skips the weekend: Friday + 2 working days is Tuesday', () => {
    expect(endOfWorkingDays(at('2026-11-27T15:00:00Z'), 2).toISOString()).toBe('2026-12-01T22:59:59.999Z');
  });

  it('an incident on a Saturday counts Monday as the first working day', () => {
    expect(endOfWorkingDays(at('2026-11-28T11:00:00Z'), 1).toISOString()).toBe('2026-11-30T22:59:59.999Z');
  });

  it('skips Christmas, Boxing Day and New Year\'s Day', () => {
    // Thursday 24 December 2026: 25 (Fri) and 26 (Sat, holiday) and 27 (Sun) are not working days.
    expect(endOfWorkingDays(at('2026-12-24T10:00:00Z'), 1).toISOString()).toBe('2026-12-28T22:59:59.999Z');
    // Thursday 31 December 2026: 1 January 2027 is a holiday (Friday), then the weekend.
    expect(endOfWorkingDays(at('2026-12-31T10:00:00Z'), 2).toISOString()).toBe('2027-01-05T22:59:59.999Z');
  });

  it('skips Easter Monday, King\'s Day, Ascension Day and Whit Monday', () => {
    expect(isWorkingDay(at('2026-04-06T10:00:00Z'))).toBe(false); // Tweede paasdag
    expect(isWorkingDay(at('2026-04-27T10:00:00Z'))).toBe(false); // Koningsdag (Monday)
    expect(isWorkingDay(at('2026-05-14T10:00:00Z'))).toBe(false); // Hemelvaartsdag
    expect(isWorkingDay(at('2026-05-25T10:00:00Z'))).toBe(false); // Tweede pinksterdag
    // Friday 3 April 2026 (Goede Vrijdag) is not a public holiday: a working day.
    expect(isWorkingDay(at('2026-04-03T10:00:00Z'))).toBe(true);
    // Thursday 2 April + 2 working days: Friday 3, (weekend, Easter Monday), Tuesday 7 April (UTC+2).
    expect(endOfWorkingDays(at('2026-04-02T10:00:00Z'), 2).toISOString()).toBe('2026-04-07T21:59:59.999Z');
  });

  it('uses the Dutch date, not the UTC one: 23:30 on Friday in Amsterdam is still Friday', () => {
    // 22:30Z on Friday 27 November is 23:30 in Amsterdam: still Friday. 23:30Z is already Saturday there.
    expect(isWorkingDay(at('2026-11-27T22:30:00Z'))).toBe(true);
    expect(isWorkingDay(at('2026-11-27T23:30:00Z'))).toBe(false);
    expect(endOfWorkingDays(at('2026-11-27T22:30:00Z'), 0).toISOString()).toBe('2026-11-27T22:59:59.999Z');
    expect(endOfWorkingDays(at('2026-11-27T23:30:00Z'), 0).toISOString()).toBe('2026-11-28T22:59:59.999Z');
  });

  it('crosses the change to summer time without losing an hour of the last day', () => {
    // Friday 27 March 2026 → Monday 30 March (clocks went forward on Sunday 29 March): UTC+2.
    expect(endOfWorkingDays(at('2026-03-27T10:00:00Z'), 1).toISOString()).toBe('2026-03-30T21:59:59.999Z');
  });

  it('property: the deadline is always a working day, after the incident, and more days never end sooner', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2028-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 1, max: 15 }), (from, n) => {
        const due = endOfWorkingDays(from, n);
        expect(isWorkingDay(due)).toBe(true);
        expect(due.getTime()).toBeGreaterThan(from.getTime());
        expect(endOfWorkingDays(from, n + 1).getTime()).toBeGreaterThan(due.getTime());
      }),
      { numRuns: 500 },
    );
  });
});

describe('the VPT follow-up plan', () => {
  const base = { occurredAt: at('2026-11-27T15:00:00Z'), forms: ['verbal_abuse'] as const, damageAmountCents: 0 };

  it('a reaction to the perpetrator within 48 hours, aftercare and feedback always; the rest as the facts demand', () => {
    const plan = planFollowUp(base, DEFAULT_FOLLOW_UP_POLICY);
    expect(plan.map(({ kind, dueAt, mandatory }) => [kind, dueAt.toISOString(), mandatory])).toEqual([
      ['reaction_48h', '2026-11-29T15:00:00.000Z', true],
      ['police_report', '2026-12-01T22:59:59.999Z', false],
      ['damage_recovery', '2026-12-25T22:59:59.999Z', false],
      ['aftercare', '2026-11-30T22:59:59.999Z', true],
      ['feedback_reporter', '2026-12-11T22:59:59.999Z', true],
    ]);
  });

  it('a police report is mandatory after physical violence or a threat; damage recovery after damage or vandalism', () => {
    for (const form of ['physical_violence', 'threat'] as const) {
      expect(planFollowUp({ ...base, forms: [form] }, DEFAULT_FOLLOW_UP_POLICY).find((task) => task.kind === 'police_report')?.mandatory).toBe(true);
    }
    expect(planFollowUp({ ...base, damageAmountCents: 1 }, DEFAULT_FOLLOW_UP_POLICY).find((task) => task.kind === 'damage_recovery')?.mandatory).toBe(true);
    expect(planFollowUp({ ...base, forms: ['vandalism'] }, DEFAULT_FOLLOW_UP_POLICY).find((task) => task.kind === 'damage_recovery')?.mandatory).toBe(true);
  });

  it('follows the organisation\'s own deadlines', () => {
    const plan = planFollowUp(base, { ...DEFAULT_FOLLOW_UP_POLICY, reaction_hours: 24, police_working_days: 1 });
    expect(plan[0]?.dueAt.toISOString()).toBe('2026-11-28T15:00:00.000Z');
    expect(plan[1]?.dueAt.toISOString()).toBe('2026-11-30T22:59:59.999Z');
  });
});
