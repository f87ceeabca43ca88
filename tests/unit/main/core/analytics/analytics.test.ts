import { TZDate } from '@date-fns/tz';
import { addHours, format } from 'date-fns';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnalyticsFacts, FactRefreshLoop, STEP_STATEMENTS } from '../../../../../main/core/analytics/analytics-facts.js';
import type { Core } from '../../../../../main/core/core.js';
import { insertIncidents, type SampleIncident, type SampleTask } from '../../../../../main/core/incident/sample-incidents.js';
import type { AnalyticsSummary, ExportLogEntry, ExportRow } from '../../../../../shared/analytics/analytics-contract.js';
import type { FollowUpKind } from '../../../../../shared/domain/incident.js';
import { ZONE } from '../../../../../shared/incident/deadlines.js';
import { followUpTaskId } from '../../../../../shared/sync/row-ids.js';
import { trackedCores } from '../../../../support/core.js';
import { call, deskCaller, signIn, staffedDesk } from '../../../../support/staff.js';

const openCore = trackedCores(afterEach);
const OTHER_SITE = '5d0c7a52-3b9e-4f61-8a2d-9e4b1c7f0a01';
const OTHER_ORG = '5d0c7a52-3b9e-4f61-8a2d-9e4b1c7f0a02';
let n = 0;
const id = () => `00000000-0000-4000-8000-${String((n += 1)).padStart(12, '0')}`;

/** One task of a fixture incident: done after `hours`, or left open. */
function task(incidentId: string, occurredAt: string, kind: FollowUpKind, mandatory: boolean, dueHours: number, doneHours?: number | 'not_needed'): SampleTask {
  const base = { id: followUpTaskId(incidentId, kind), kind, mandatory, due_at: addHours(new Date(occurredAt), dueHours).toISOString() };
  if (doneHours === undefined) return { ...base, status: 'open' };
  if (doneHours === 'not_needed') return { ...base, status: 'not_needed' };
  return { ...base, status: 'done', done_at: addHours(new Date(occurredAt), doneHours).toISOString(), done_by: 'Carla' };
}

function incident(site: string, at: string, fields: Partial<SampleIncident>, tasks: (incidentId: string) => SampleTask[] = () => []): SampleIncident {
  const incidentId = id();
  return {
    id: incidentId, site_id: site, occurred_at: at, channel: 'counter', forms: ['verbal_abuse'], location: '', causes: [], injury: false, sick_leave_days: 0, damage_amount_cents: 0,
    emotional_impact: 'some', perpetrator_kind: 'described', desk_name: 'Balie 1', floor: '0', status: 'open', reporter_id: '00000000-0000-4000-8000-0000000000aa', reporter_name: 'Anna de Vries',
    witnesses: 'Bram Jansen', tasks: tasks(incidentId), ...fields,
  };
}

/**
 * The hand-counted fixture, March 2024 in Dutch time. The clocks went forward on Sunday
 * 31 March 2024 at 02:00: 02:30 did not exist that night.
 */
function fixture(site: string) {
  const a = '2024-03-31T00:30:00.000Z'; // Sunday 01:30 CET, just before the change
  const b = '2024-03-31T01:30:00.000Z'; // Sunday 03:30 CEST, just after it
  const c = '2024-03-04T08:15:00.000Z'; // Monday 09:15
  const d = '2024-03-12T11:00:00.000Z'; // Tuesday, time of day not known (noon stands in)
  const e = '2024-02-29T23:30:00.000Z'; // Friday 1 March 00:30: in March in Dutch time, February in UTC
  return [
    incident(site, a, { forms: ['threat'], causes: ['waiting_time'] }, (i) => [task(i, a, 'reaction_48h', true, 48, 10), task(i, a, 'police_report', true, 60, 30), task(i, a, 'aftercare', true, 40, 5)]),
    incident(site, b, { forms: ['physical_violence', 'verbal_abuse'], causes: ['bad_news', 'waiting_time'], injury: true, sick_leave_days: 3, damage_amount_cents: 5_000 }, (i) => [
      task(i, b, 'reaction_48h', true, 48, 50), task(i, b, 'police_report', true, 60), task(i, b, 'damage_recovery', true, 600, 100), task(i, b, 'aftercare', true, 40),
    ]),
    incident(site, c, { channel: 'phone', desk_name: 'Balie 2', floor: '1' }, (i) => [task(i, c, 'reaction_48h', true, 48), task(i, c, 'police_report', false, 60, 'not_needed'), task(i, c, 'aftercare', true, 40, 20)]),
    incident(OTHER_SITE, d, { time_unknown: true, forms: ['vandalism'], channel: 'email_online', desk_name: 'Balie Noord', damage_amount_cents: 12_000 }, (i) => [task(i, d, 'reaction_48h', true, 48, 2), task(i, d, 'damage_recovery', true, 600)]),
    incident(site, e, { desk_name: 'Balie 2', floor: '1' }),
    // Not counted: 1 April in Dutch time, a draft, and the year before (only in the trend's comparison).
    incident(site, '2024-03-31T22:30:00.000Z', {}),
    incident(site, '2024-03-20T10:00:00.000Z', { status: 'draft' }),
    incident(site, '2023-03-15T10:00:00.000Z', {}),
  ];
}

async function coreWithFixture() {
  const core = openCore(() => new Date('2024-06-01T10:00:00Z'));
  const people = await staffedDesk(core);
  const organisationId = core.store.read.prepare('SELECT id FROM organisation').pluck().get() as string;
  const siteId = core.store.read.prepare('SELECT id FROM site').pluck().get() as string;
  insertIncidents(core.store.write, organisationId, fixture(siteId));
  // Another organisation's incident in the same period on the same PC's replica is never counted.
  insertIncidents(core.store.write, OTHER_ORG, [incident(siteId, '2024-03-05T10:00:00.000Z', {})]);
  await signIn(core, people.coordinator);
  return { core, people, siteId };
}

const march = { from: '2024-03-01', to: '2024-03-31' };
const summary = (core: Core, filter: Record<string, unknown> = {}) => call<AnalyticsSummary>(core, 'analytics.summary', { ...march, ...filter });
const nonZero = (list: readonly { key: string; count: number }[]) => Object.fromEntries(list.filter((item) => item.count > 0).map((item) => [item.key, item.count]));

describe('analytics.summary against a hand-counted month', () => {
  it('counts forms, causes, channels and consequences', async () => {
    const { core } = await coreWithFixture();
    const result = await summary(core);
    expect(result.total).toBe(5);
    expect(nonZero(result.by_form)).toEqual({ verbal_abuse: 3, threat: 1, physical_violence: 1, vandalism: 1 });
    expect(nonZero(result.by_cause)).toEqual({ waiting_time: 2, bad_news: 1, not_recorded: 3 });
    expect(nonZero(result.by_channel)).toEqual({ counter: 3, phone: 1, email_online: 1 });
    expect(result.consequences).toEqual({ injury: 1, sick_leave_incidents: 1, sick_leave_days: 3, damage_incidents: 2, damage_cents: 17_000 });
  });

  it('puts each incident in its Dutch weekday and hour, across the clock change, and the unknown hour apart', async () => {
    const { core } = await coreWithFixture();
    const cells = (await summary(core)).heatmap.map((cell) => `${cell.weekday}/${cell.hour ?? '?'}=${cell.count}`).sort();
    // Sunday 01:30 and 03:30 (no 02:00 that night), Monday 09:00, Tuesday without hour, Friday 00:00.
    expect(cells).toEqual(['1/9=1', '2/?=1', '5/0=1', '7/1=1', '7/3=1']);
  });

  it('gives every month of the period beside the same month a year earlier', async () => {
    const { core } = await coreWithFixture();
    expect((await summary(core)).trend).toEqual([{ month: '2024-03', count: 5, previous_year: 1 }]);
    const spring = await summary(core, { from: '2024-02-01', to: '2024-04-30' });
    expect(spring.trend).toEqual([
      { month: '2024-02', count: 0, previous_year: 0 },
      { month: '2024-03', count: 5, previous_year: 1 },
      { month: '2024-04', count: 1, previous_year: 0 },
    ]);
  });

  it('counts by site, floor and desk', async () => {
    const { core, siteId } = await coreWithFixture();
    expect((await summary(core)).by_location).toEqual([
      { site_id: siteId, site_name: 'Stadskantoor', floor: '0', desk: 'Balie 1', count: 2 },
      { site_id: siteId, site_name: 'Stadskantoor', floor: '1', desk: 'Balie 2', count: 2 },
      { site_id: OTHER_SITE, site_name: '', floor: '0', desk: 'Balie Noord', count: 1 },
    ]);
  });

  it('measures the follow-up: share met and the median time to done', async () => {
    const { core } = await coreWithFixture();
    expect((await summary(core)).follow_up).toEqual([
      // Reaction: done after 10 h and 2 h on time, after 50 h too late, one open; median of 2, 10, 50.
      { measure: 'reaction_in_time', applicable: 4, met: 2, median_hours: 10 },
      // Police report only where mandatory (the phone call's was not).
      { measure: 'police_report', applicable: 2, met: 1, median_hours: 30 },
      { measure: 'damage_recovered', applicable: 2, met: 1, median_hours: 100 },
      { measure: 'aftercare', applicable: 3, met: 2, median_hours: 12.5 },
    ]);
  });

  it('filters by site, desk, form and channel, and offers what there is to filter on', async () => {
    const { core, siteId } = await coreWithFixture();
    expect((await summary(core, { site_ids: [OTHER_SITE] })).total).toBe(1);
    expect((await summary(core, { desks: ['Balie 2'] })).total).toBe(2);
    expect((await summary(core, { forms: ['verbal_abuse'] })).total).toBe(3);
    expect((await summary(core, { forms: ['threat', 'vandalism'] })).total).toBe(2);
    expect((await summary(core, { channels: ['counter'] })).total).toBe(3);
    expect((await summary(core, { forms: ['threat'], channels: ['phone'] })).total).toBe(0);
    expect((await summary(core, { from: '2024-03-31', to: '2024-03-31' })).total).toBe(2);
    const { options } = await summary(core);
    expect(options.desks).toEqual(['Balie 1', 'Balie 2', 'Balie Noord']);
    expect(options.sites.map((site) => site.id).sort()).toEqual([siteId, OTHER_SITE].sort());
  });

  it('is for coordinators and administrators, and refuses a bad filter naming the field', async () => {
    const { core, people } = await coreWithFixture();
    for (const [filter, field] of [[{ ...march, to: '2024-02-01' }, 'to'], [{ ...march, forms: ['shouting'] }, 'forms'], [{ ...march, extra: 1 }, 'extra'], [{ from: '2024-3-1', to: march.to }, 'from']] as const) {
      const result = await core.dispatch(deskCaller, 'analytics.summary', filter);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      if (!result.ok) expect(result.error.message).toContain(field);
    }
    await signIn(core, people.anna);
    expect(await core.dispatch(deskCaller, 'analytics.summary', march)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('analytics exports', () => {
  it('leave out names unless asked for, give Dutch dates and times, and log each export', async () => {
    const { core } = await coreWithFixture();
    const rows = await call<ExportRow[]>(core, 'analytics.exportIncidents', { filter: march, include_names: false, format: 'csv' });
    expect(rows).toHaveLength(5);
    expect(rows.map((row) => `${row.date} ${row.time}`)).toEqual(['2024-03-01 00:30', '2024-03-04 09:15', '2024-03-12 ', '2024-03-31 01:30', '2024-03-31 03:30']);
    expect(JSON.stringify(rows)).not.toContain('Anna de Vries');
    expect(JSON.stringify(rows)).not.toContain('Bram Jansen');
    const named = await call<ExportRow[]>(core, 'analytics.exportIncidents', { filter: { ...march, desks: ['Balie 2'] }, include_names: true, format: 'xlsx' });
    expect(named.map((row) => [row.reporter_name, row.witnesses])).toEqual([['Anna de Vries', 'Bram Jansen'], ['Anna de Vries', 'Bram Jansen']]);
    await call(core, 'analytics.logExport', { filter: march, kind: 'report', format: 'print' });
    const log = await call<ExportLogEntry[]>(core, 'analytics.exportLog', {});
    expect(log.map((entry) => [entry.staff_name, entry.kind, entry.format, entry.with_names, entry.rows, JSON.parse(entry.filter)])).toEqual([
      ['Carla Coördinator', 'report', 'print', false, 0, march],
      ['Carla Coördinator', 'incidents', 'xlsx', true, 2, { ...march, desks: ['Balie 2'] }],
      ['Carla Coördinator', 'incidents', 'csv', false, 5, march],
    ]);
    // The log is append-only, in the database itself.
    expect(() => core.store.write.prepare('DELETE FROM analytics_export').run()).toThrow(/append-only/);
    expect(() => core.store.write.prepare("UPDATE analytics_export SET with_names = 0").run()).toThrow(/append-only/);
  });

  it('need someone signed in', async () => {
    const core = openCore();
    await call(core, 'settings.update', { organisationName: 'Gemeente Zwolle', siteName: 'Stadskantoor', deskName: 'Balie 3', floor: '1', serverUrl: '' });
    expect(await core.dispatch(deskCaller, 'analytics.exportIncidents', { filter: march, include_names: false, format: 'csv' })).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
  });
});

describe('migration 010', () => {
  it('reads a period as one range of the facts table, kept in (organisation, time) order', async () => {
    const { core } = await coreWithFixture();
    const plan = core.store.read.prepare("EXPLAIN QUERY PLAN SELECT id FROM incident_fact WHERE organisation_id = ? AND occurred_at >= ? AND occurred_at < ?").all('x', 'a', 'b') as { detail: string }[];
    expect(plan.map((step) => step.detail).join('\n')).toMatch(/SEARCH incident_fact USING PRIMARY KEY \(organisation_id=\? AND occurred_at>\? AND occurred_at<\?\)/);
  });
});

describe('migration 011: facts derived in sets', () => {
  it('a refresh step looks rows up through indexes only: it never scans all tasks, incidents or facts', () => {
    const core = openCore();
    const scans = STEP_STATEMENTS.flatMap((text) =>
      (core.store.read.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...(text.includes('LIMIT ?') ? [1] : [])) as { detail: string }[])
        .map((step) => step.detail)
        // The batch's own tables and views are small by design; what must never be scanned is the rest.
        .filter((detail) => /^(SCAN|MATERIALIZE)/.test(detail) && !/json_each|subquery|fact_stale|fact_batch|MATERIALIZE batch_/.test(detail)),
    );
    expect(scans).toEqual([]);
  });

  it('leaves no trigger on the replicated rows: writes tell the indexes in one statement per batch', () => {
    const core = openCore();
    expect(core.store.read.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'replica_row'").pluck().all()).toEqual([]);
  });

  it('a write notes its rows; the background loop derives them in batches without any read', async () => {
    const { core, siteId } = await coreWithFixture();
    const organisationId = core.store.read.prepare('SELECT id FROM organisation').pluck().get() as string;
    const facts = new AnalyticsFacts(core.store.write);
    facts.refresh();
    const list = Array.from({ length: 25 }, (_, i) => incident(siteId, `2024-03-0${1 + (i % 9)}T10:00:00.000Z`, {}, (incidentId) => [task(incidentId, '2024-03-01T10:00:00.000Z', 'reaction_48h', true, 48, 1)]));
    insertIncidents(core.store.write, organisationId, list);
    const derived = () => core.store.read.prepare('SELECT count(*) FROM incident_fact WHERE id IN (SELECT value FROM json_each(?)) AND reaction_met = 1').pluck().get(JSON.stringify(list.map((item) => item.id)));
    expect(derived()).toBe(0);
    // Ten rows a step: 50 noted rows (25 incidents, 25 tasks) take more than one step.
    expect(facts.refreshSome(10)).toBe(true);
    const loop = new FactRefreshLoop(facts, (error) => { throw error; });
    loop.schedule();
    await vi.waitFor(() => expect(facts.outOfDate()).toBe(false));
    loop.stop();
    expect(derived()).toBe(25);
  });

  it('a task that moves to another incident leaves the follow-up of both incidents right', async () => {
    const { core, siteId } = await coreWithFixture();
    const organisationId = core.store.read.prepare('SELECT id FROM organisation').pluck().get() as string;
    const facts = new AnalyticsFacts(core.store.write);
    const first = incident(siteId, '2024-03-07T10:00:00.000Z', {}, (i) => [task(i, '2024-03-07T10:00:00.000Z', 'aftercare', true, 40, 2)]);
    const second = incident(siteId, '2024-03-08T10:00:00.000Z', {});
    insertIncidents(core.store.write, organisationId, [first, second]);
    facts.refresh();
    const aftercare = core.store.read.prepare('SELECT aftercare_applies FROM incident_fact WHERE id = ?').pluck();
    expect([aftercare.get(first.id), aftercare.get(second.id)]).toEqual([1, null]);
    const taskId = first.tasks[0]?.id as string;
    core.store.write.prepare("UPDATE replica_row SET data = json_set(data, '$.incident_id', ?) WHERE id = ?").run(second.id, taskId);
    facts.rowsWritten('incident_task', JSON.stringify([taskId]));
    facts.refresh();
    expect([aftercare.get(first.id), aftercare.get(second.id)]).toEqual([null, 1]);
  });
});

describe('Dutch time in SQL (migrations 010 and 011)', () => {
  it('agrees with @date-fns/tz for any instant from 2000 to 2037, DST nights included', async () => {
    const { core } = await coreWithFixture();
    const nights = ['2024-03-31T00:59:59.999Z', '2024-03-31T01:00:00.000Z', '2024-10-27T00:59:59.999Z', '2024-10-27T01:00:00.000Z', '2026-03-31T00:30:00.000Z', '2026-03-29T01:00:00Z'];
    const sampled = fc.sample(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2037-12-31T00:00:00Z'), noInvalidDate: true }), { numRuns: 3_000, seed: 15 }).map((date) => date.toISOString());
    const instants = [...nights, ...sampled];
    const organisationId = core.store.read.prepare('SELECT id FROM organisation').pluck().get() as string;
    const list = instants.map((at) => incident(OTHER_SITE, at, {}));
    insertIncidents(core.store.write, organisationId, list);
    new AnalyticsFacts(core.store.write).refresh();
    const local = core.store.read.prepare('SELECT local_at FROM incident_fact WHERE id = ?').pluck();
    list.forEach((item) => expect(local.get(item.id), item.occurred_at).toBe(format(new TZDate(item.occurred_at, ZONE), 'yyyy-MM-dd HH:mm:ss')));
    // 31 March 2026 at 02:30 Dutch time is 00:30 UTC (summer time since the 29th): hour 2, not 0 or 1.
    expect(local.get(list[4]?.id)).toBe('2026-03-31 02:30:00');
  });

  it('keeps the facts in step with the replicated rows: changed, deleted, or damaged', async () => {
    const { core, siteId } = await coreWithFixture();
    const organisationId = core.store.read.prepare('SELECT id FROM organisation').pluck().get() as string;
    const one = incident(siteId, '2024-03-20T10:00:00.000Z', {});
    insertIncidents(core.store.write, organisationId, [one]);
    expect((await summary(core)).total).toBe(6);
    // Written as the replica writes a pulled row: the row, then its index told.
    const rewrite = (sqlText: string) => {
      core.store.write.prepare(sqlText).run(one.id);
      new AnalyticsFacts(core.store.write).rowsWritten('incident', JSON.stringify([one.id]));
    };
    rewrite("UPDATE replica_row SET data = json_set(data, '$.forms', json('[\"threat\"]'), '$.sick_leave_days', 'veel') WHERE id = ?");
    const changed = await summary(core);
    expect(changed.by_form.find((item) => item.key === 'threat')?.count).toBe(2);
    expect(changed.consequences.sick_leave_days).toBe(3);
    rewrite('UPDATE replica_row SET deleted = 1 WHERE id = ?');
    expect((await summary(core)).total).toBe(5);
    rewrite('DELETE FROM replica_row WHERE id = ?');
    expect((await summary(core)).total).toBe(5);
  });
});
