import { TZDate } from '@date-fns/tz';
import { addDays, addHours, endOfDay, format, isWeekend } from 'date-fns';
import Holidays from 'date-holidays';
import { policeReportForms, type AggressionForm, type FollowUpKind } from '../domain/incident.js';
import type { FollowUpPolicy } from './follow-up-policy.js';

/** Working days and "end of day" are Dutch days, wherever the PC's clock is set. */
export const ZONE = 'Europe/Amsterdam';

const calendar = new Holidays('NL');
const publicHolidaysByYear = new Map<number, ReadonlySet<string>>();

/** Only the public holidays (Nieuwjaar, Pasen, Koningsdag …); observances and school days are working days. */
function publicHolidays(year: number): ReadonlySet<string> {
  let days = publicHolidaysByYear.get(year);
  if (!days) {
    days = new Set(calendar.getHolidays(year).filter((holiday) => holiday.type === 'public').map((holiday) => holiday.date.slice(0, 10)));
    publicHolidaysByYear.set(year, days);
  }
  return days;
}

export function isWorkingDay(moment: Date): boolean {
  const day = new TZDate(moment, ZONE);
  return !isWeekend(day) && !publicHolidays(day.getFullYear()).has(format(day, 'yyyy-MM-dd'));
}

/** Answers depend only on the Dutch day and n; walking the calendar in Dutch time costs about a millisecond, so each is kept. */
const workingDayEnds = new Map<string, number>();

/** The end (23:59:59.999, Dutch time) of the n-th working day after the day of `from`; n = 0 is that day itself. */
export function endOfWorkingDays(from: Date, n: number): Date {
  const start = new TZDate(from, ZONE);
  // Getters, not format(): on a TZDate they are a hundred times cheaper.
  const key = `${start.getFullYear()}-${start.getMonth()}-${start.getDate()}/${n}`;
  const known = workingDayEnds.get(key);
  if (known !== undefined) return new Date(known);
  let day = start;
  for (let counted = 0; counted < n; ) {
    day = addDays(day, 1);
    if (isWorkingDay(day)) counted += 1;
  }
  const end = endOfDay(day).getTime();
  if (workingDayEnds.size >= 20_000) workingDayEnds.clear();
  workingDayEnds.set(key, end);
  return new Date(end);
}

export interface PlannedTask {
  kind: FollowUpKind;
  dueAt: Date;
  mandatory: boolean;
}

export interface IncidentFacts {
  occurredAt: Date;
  forms: readonly AggressionForm[];
  damageAmountCents: number;
}

/** The VPT follow-up for one incident: what must happen, by when, and whether it may be skipped. */
export function planFollowUp({ occurredAt, forms, damageAmountCents }: IncidentFacts, policy: FollowUpPolicy): PlannedTask[] {
  return [
    { kind: 'reaction_48h', dueAt: addHours(occurredAt, policy.reaction_hours), mandatory: true },
    { kind: 'police_report', dueAt: endOfWorkingDays(occurredAt, policy.police_working_days), mandatory: forms.some((form) => policeReportForms.includes(form)) },
    { kind: 'damage_recovery', dueAt: new Date(endOfDay(addDays(new TZDate(occurredAt, ZONE), policy.damage_days)).getTime()), mandatory: damageAmountCents > 0 || forms.includes('vandalism') },
    { kind: 'aftercare', dueAt: endOfWorkingDays(occurredAt, policy.aftercare_working_days), mandatory: true },
    { kind: 'feedback_reporter', dueAt: endOfWorkingDays(occurredAt, policy.feedback_working_days), mandatory: true },
  ];
}

export type TaskUrgency = 'overdue' | 'due_soon' | 'later';
const DUE_SOON_DAYS = 2;

/**
 * Where a task lands on the worklist. "Soon" ends with a Dutch calendar day, not at this
 * minute plus 48 hours, so tasks due on the same day never land in different groups.
 */
export function taskUrgency(dueAt: string, now: Date): TaskUrgency {
  if (dueAt < now.toISOString()) return 'overdue';
  return dueAt <= endOfDay(addDays(new TZDate(now, ZONE), DUE_SOON_DAYS)).toISOString() ? 'due_soon' : 'later';
}

/**
 * A mandatory task (a police report after violence or a threat, damage recovery) is set
 * aside only with a reason, which stays on the incident. The core and the form ask this one rule.
 */
export function setAsideProblem(task: { mandatory: boolean }, outcome: 'done' | 'not_needed', note: string | undefined): 'reason_required' | null {
  return task.mandatory && outcome === 'not_needed' && !note?.trim() ? 'reason_required' : null;
}
