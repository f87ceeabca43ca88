import { TZDate } from '@date-fns/tz';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { addDays, addMinutes, differenceInCalendarDays, getDay } from 'date-fns';
import type { AggressionForm, FollowUpKind } from '../../../shared/domain/incident.js';
import { planFollowUp, ZONE } from '../../../shared/incident/deadlines.js';
import { DEFAULT_FOLLOW_UP_POLICY, type FollowUpPolicy } from '../../../shared/incident/follow-up-policy.js';
import type { IncidentPatch } from '../../../shared/incident/incident-contract.js';
import { followUpTaskId } from '../../../shared/sync/row-ids.js';
import { AnalyticsFacts } from '../analytics/analytics-facts.js';

/**
 * Made-up but realistic incidents for tests, the bench and demos: busy Monday mornings, quiet
 * weekends, mostly verbal abuse at the counter, now and then violence with injury, sick leave
 * or damage, and follow-up done on time, late or not yet. The same seed gives the same year.
 */

export interface SampleDesk {
  name: string;
  floor: string;
}
export interface SampleSite {
  id: string;
  name: string;
  desks: readonly SampleDesk[];
}
export interface SampleTask {
  id: string;
  kind: FollowUpKind;
  due_at: string;
  mandatory: boolean;
  status: 'open' | 'done' | 'not_needed';
  done_at?: string;
  done_by?: string;
}
/** The row fields a person sets (the contract's patch) plus those the core sets on a quick log. */
export type SampleIncident = Required<Pick<IncidentPatch, 'occurred_at' | 'channel' | 'forms' | 'location' | 'causes' | 'injury' | 'sick_leave_days' | 'damage_amount_cents' | 'emotional_impact' | 'perpetrator_kind'>> &
  Pick<IncidentPatch, 'narrative' | 'perpetrator_description' | 'time_unknown' | 'witnesses'> & {
    id: string;
    site_id: string;
    desk_name: string;
    floor?: string;
    status: 'draft' | 'open' | 'closed';
    reporter_id: string;
    reporter_name: string;
    closed_at?: string;
    closed_by?: string;
    tasks: SampleTask[];
  };

export interface GenerateOptions {
  seed: number;
  count: number;
  /** The period: incidents fall in [from, to); `to` is also "now" for what is done yet. */
  from: Date;
  to: Date;
  sites?: readonly SampleSite[];
  reporters?: readonly string[];
  policy?: FollowUpPolicy;
}

export const SAMPLE_SITES: readonly SampleSite[] = [
  { id: '0b9f3e3a-6d7c-4a57-9b0e-5d1c8f0a1001', name: 'Stadskantoor', desks: [{ name: 'Balie 1', floor: '0' }, { name: 'Balie 2', floor: '0' }, { name: 'Balie 3', floor: '1' }, { name: 'Werk en Inkomen', floor: '2' }] },
  { id: '0b9f3e3a-6d7c-4a57-9b0e-5d1c8f0a1002', name: 'Wijkpost Noord', desks: [{ name: 'Balie Noord', floor: '0' }] },
];
const REPORTERS = ['Anna de Vries', 'Mohamed El Amrani', 'Sanne Jansen', 'Kees Bakker', 'Fatima Yilmaz', 'Daan Visser', 'Ingrid Smit', 'Yusuf Meijer'];

/** mulberry32: tiny, fast and good enough for made-up data; Math.random cannot be seeded. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Weighted<T> = readonly (readonly [T, number])[];

function pick<T>(random: () => number, table: Weighted<T>): T {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let left = random() * total;
  for (const [value, weight] of table) {
    left -= weight;
    if (left < 0) return value;
  }
  return (table[table.length - 1] as readonly [T, number])[0];
}

/** A version-4-shaped UUID from the seeded stream, so ids repeat with the seed. */
function seededId(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(random() * 4)] as string;
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

// Sunday first, as date-fns counts: Mondays busiest, weekends nearly empty (only phone and e-mail).
const WEEKDAY_WEIGHT = [0.05, 1.6, 1.2, 1.0, 1.1, 0.8, 0.1];
// Opening hours 8–17 with the morning peak; a little in the evening (e-mail, home visits).
const HOUR_WEIGHT = [0.02, 0.01, 0.01, 0.01, 0.01, 0.01, 0.02, 0.1, 0.8, 1.6, 1.8, 1.5, 0.9, 1.1, 1.2, 1.0, 0.7, 0.3, 0.15, 0.1, 0.08, 0.06, 0.04, 0.03];
const FORMS: Weighted<AggressionForm> = [['verbal_abuse', 55], ['threat', 18], ['intimidation', 12], ['discrimination', 6], ['physical_violence', 4], ['vandalism', 3], ['other', 2]];
const CAUSES: Weighted<SampleIncident['causes'][number]> = [['waiting_time', 30], ['refused_benefit_or_permit', 25], ['bad_news', 12], ['misunderstanding', 15], ['enforcement', 8], ['personal_circumstances', 8], ['other', 2]];
const WEEKDAY_CHANNELS: Weighted<SampleIncident['channel']> = [['counter', 55], ['phone', 25], ['email_online', 12], ['home_visit', 5], ['outdoors', 3]];
const WEEKEND_CHANNELS: Weighted<SampleIncident['channel']> = [['phone', 30], ['email_online', 60], ['outdoors', 10]];
const NARRATIVES = [
  'Bezoeker werd boos over de wachttijd en begon te schelden.',
  'Klant dreigde terug te komen na afwijzing van de aanvraag.',
  'Beller bleef schreeuwen en hing pas na tien minuten op.',
  'Bezoeker sloeg met de vuist op de balie en gooide een folderstandaard om.',
  'Dreigende e-mail na een besluit over de uitkering.',
  'Bezoeker maakte discriminerende opmerkingen tegen de medewerker.',
];

/** One day in the period, weighted by weekday: pick uniformly, keep with the weekday's share. */
function pickDay(random: () => number, from: Date, days: number): TZDate {
  const start = new TZDate(from, ZONE);
  const max = Math.max(...WEEKDAY_WEIGHT);
  for (;;) {
    const day = addDays(start, Math.floor(random() * days));
    if (random() * max < (WEEKDAY_WEIGHT[getDay(day)] ?? 0)) return day;
  }
}

function occurredAt(random: () => number, from: Date, to: Date): Date {
  const days = Math.max(1, differenceInCalendarDays(new TZDate(to, ZONE), new TZDate(from, ZONE)) + 1);
  for (;;) {
    const day = pickDay(random, from, days);
    // Monday mornings are the busiest hours of the week.
    const hours = HOUR_WEIGHT.map((weight, hour) => [hour, getDay(day) === 1 && hour >= 9 && hour <= 11 ? weight * 1.5 : weight] as const);
    const at = new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), pick(random, hours), Math.floor(random() * 60), Math.floor(random() * 60), ZONE);
    if (at.getTime() >= from.getTime() && at.getTime() < to.getTime()) return new Date(at.getTime());
  }
}

/** Minutes after the incident a measure is taken: mostly quick, a tail of late ones. */
function delayMinutes(random: () => number, typicalHours: number): number {
  const late = random() < 0.15 ? 4 : 1;
  return Math.round(-Math.log(1 - random()) * typicalHours * 60 * late) + 5;
}

const TYPICAL_HOURS: Record<FollowUpKind, number> = { reaction_48h: 20, police_report: 30, damage_recovery: 24 * 14, aftercare: 12, feedback_reporter: 24 * 6 };
const DONE_SHARE: Record<FollowUpKind, number> = { reaction_48h: 0.88, police_report: 0.7, damage_recovery: 0.6, aftercare: 0.82, feedback_reporter: 0.72 };

/** A seeded, pure year (or any period) of incidents; nothing is written. */
export function generateIncidents({ seed, count, from, to, sites = SAMPLE_SITES, reporters = REPORTERS, policy = DEFAULT_FOLLOW_UP_POLICY }: GenerateOptions): SampleIncident[] {
  if (!(from.getTime() < to.getTime())) throw new RangeError('generateIncidents: from must be before to');
  if (sites.length === 0 || sites.some((site) => site.desks.length === 0)) throw new RangeError('generateIncidents: every site needs a desk');
  const random = prng(seed);
  const reporterIds = reporters.map(() => seededId(random));
  const list: SampleIncident[] = [];
  for (let i = 0; i < count; i += 1) {
    const exact = occurredAt(random, from, to);
    // A few are reported later without the hour: noon of that Dutch day stands in for it.
    const timeUnknown = random() < 0.02;
    const noon = new TZDate(exact, ZONE);
    noon.setHours(12, 0, 0, 0);
    const at = timeUnknown && noon.getTime() < to.getTime() && noon.getTime() >= from.getTime() ? new Date(noon.getTime()) : exact;
    const weekend = getDay(new TZDate(at, ZONE)) % 6 === 0;
    const first = pick(random, FORMS);
    const second = random() < 0.2 ? pick(random, FORMS) : first;
    const forms = second === first ? [first] : [first, second];
    const causes = [pick(random, CAUSES)];
    const extraCause = random() < 0.25 ? pick(random, CAUSES) : causes[0];
    if (extraCause && !causes.includes(extraCause)) causes.push(extraCause);
    const violent = forms.includes('physical_violence');
    const injury = violent && random() < 0.4;
    const sickLeave = injury && random() < 0.5 ? 1 + Math.floor(random() * 10) : 0;
    const damage = forms.includes('vandalism') || (violent && random() < 0.15) ? 2_500 + Math.floor(random() * 60) * 2_500 : 0;
    const site = sites[Math.floor(random() * sites.length)] as SampleSite;
    const desk = site.desks[Math.floor(random() * site.desks.length)] as SampleDesk;
    const reporterIndex = Math.floor(random() * reporters.length);
    const ageDays = (to.getTime() - at.getTime()) / 86_400_000;
    const status = random() < 0.02 ? 'draft' : ageDays > 30 && random() < 0.85 ? 'closed' : 'open';
    const id = seededId(random);
    const tasks: SampleTask[] =
      status === 'draft'
        ? []
        : planFollowUp({ occurredAt: at, forms, damageAmountCents: damage }, policy).map((planned) => {
            const task: SampleTask = { id: followUpTaskId(id, planned.kind), kind: planned.kind, due_at: planned.dueAt.toISOString(), mandatory: planned.mandatory, status: 'open' };
            const outcome = planned.mandatory ? (random() < DONE_SHARE[planned.kind] ? 'done' : 'open') : random() < 0.5 ? 'not_needed' : 'open';
            if (outcome === 'open') return task;
            const doneAt = addMinutes(at, delayMinutes(random, outcome === 'done' ? TYPICAL_HOURS[planned.kind] : 6));
            // Nothing is done after "now".
            return doneAt.getTime() < to.getTime() ? { ...task, status: outcome, done_at: doneAt.toISOString(), done_by: 'Coördinator' } : task;
          });
    const closedAt = status === 'closed' ? addDays(at, 20 + Math.floor(random() * 10)) : undefined;
    list.push({
      id,
      site_id: site.id,
      desk_name: desk.name,
      ...(desk.floor ? { floor: desk.floor } : {}),
      location: desk.floor ? `${desk.name} · Verdieping ${desk.floor}` : desk.name,
      occurred_at: at.toISOString(),
      ...(at !== exact ? { time_unknown: true } : {}),
      channel: pick(random, weekend ? WEEKEND_CHANNELS : WEEKDAY_CHANNELS),
      forms,
      causes,
      injury,
      sick_leave_days: sickLeave,
      damage_amount_cents: damage,
      emotional_impact: pick(random, [['none', 30], ['some', 45], ['considerable', 18], ['severe', injury ? 20 : 3]] as const),
      perpetrator_kind: random() < 0.2 ? 'unknown' : 'described',
      ...(random() < 0.6 ? { narrative: NARRATIVES[Math.floor(random() * NARRATIVES.length)] as string } : {}),
      status,
      reporter_id: reporterIds[reporterIndex] as string,
      reporter_name: reporters[reporterIndex] as string,
      ...(closedAt && closedAt.getTime() < to.getTime() ? { closed_at: closedAt.toISOString(), closed_by: 'Coördinator' } : {}),
      tasks,
    });
  }
  return list;
}

/**
 * Writes sample incidents and their tasks straight into this replica's row table in one
 * transaction: 50,000 in seconds instead of 300,000 fsyncs through the service. They go into
 * no outbox, so they stay on this PC (tests, bench, a demo); `siteOf` maps a sample site to a
 * real one when the replica has its own.
 */
export function insertIncidents(write: Database, organisationId: string, incidents: readonly SampleIncident[], siteOf: (sampleSiteId: string) => string = (id) => id): void {
  const insert = write.prepare("INSERT INTO replica_row (id, entity, organisation_id, site_id, data, clocks, deleted) VALUES (?, ?, ?, ?, ?, '{}', 0)");
  // Past the replica, so its indexes are told here: the analytics facts are derived from these rows later.
  const facts = new AnalyticsFacts(write);
  write.transaction(() => {
    for (const { id, site_id: siteId, tasks, ...fields } of incidents) {
      const site = siteOf(siteId);
      for (const { id: taskId, ...task } of tasks) insert.run(taskId, 'incident_task', organisationId, site, JSON.stringify({ incident_id: id, ...task }));
      insert.run(id, 'incident', organisationId, site, JSON.stringify(fields));
    }
    facts.rowsWritten('incident', JSON.stringify(incidents.map((incident) => incident.id)));
    facts.rowsWritten('incident_task', JSON.stringify(incidents.flatMap((incident) => incident.tasks.map((task) => task.id))));
  })();
}
