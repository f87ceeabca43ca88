import { TZDate } from '@date-fns/tz';
import { getDay, getHours } from 'date-fns';
import { afterEach, describe, expect, it } from 'vitest';
import { generateIncidents, insertIncidents } from '../../../../../main/core/incident/sample-incidents.js';
import { ZONE } from '../../../../../shared/incident/deadlines.js';
import { incidentPatchSchema, type Incident, type IncidentListItem } from '../../../../../shared/incident/incident-contract.js';
import { checkPatch } from '../../../../../shared/sync/validate-op.js';
import { trackedCores } from '../../../../support/core.js';
import { call, signIn, staffedDesk } from '../../../../support/staff.js';

const openCore = trackedCores(afterEach);
const from = new Date('2025-12-01T00:00:00Z');
const to = new Date('2026-12-01T00:00:00Z');
const year = generateIncidents({ seed: 42, count: 5_000, from, to });

describe('sample incidents', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(generateIncidents({ seed: 42, count: 200, from, to })).toEqual(year.slice(0, 200));
    expect(generateIncidents({ seed: 43, count: 200, from, to })).not.toEqual(year.slice(0, 200));
  });

  it('are rows the contract and the replication rules accept, inside the period', () => {
    for (const { id: _id, site_id: _site, tasks, ...fields } of year) {
      const { occurred_at, channel, forms, location, causes, injury, sick_leave_days, damage_amount_cents, emotional_impact, perpetrator_kind } = fields;
      expect(incidentPatchSchema.safeParse({ occurred_at, channel, forms, location, causes, injury, sick_leave_days, damage_amount_cents, emotional_impact, perpetrator_kind }).success).toBe(true);
      expect(checkPatch('incident', fields)).toMatchObject({ ok: true });
      for (const { id: _task, ...task } of tasks) expect(checkPatch('incident_task', { incident_id: _id, ...task })).toMatchObject({ ok: true });
      const at = Date.parse(occurred_at);
      expect(at >= from.getTime() && at < to.getTime()).toBe(true);
      for (const task of tasks) if (task.done_at) expect(Date.parse(task.done_at)).toBeLessThan(to.getTime());
    }
  });

  it('have busy Monday mornings, quiet weekends and nights', () => {
    const local = year.map((incident) => new TZDate(incident.occurred_at, ZONE));
    const byDay = [0, 1, 2, 3, 4, 5, 6].map((day) => local.filter((at) => getDay(at) === day).length);
    const weekendPerDay = ((byDay[0] ?? 0) + (byDay[6] ?? 0)) / 2;
    expect(byDay[1]).toBe(Math.max(...byDay));
    expect(weekendPerDay * 8).toBeLessThan(byDay[3] ?? 0);
    const byHour = Array.from({ length: 24 }, (_, hour) => local.filter((at) => getHours(at) === hour).length);
    expect((byHour[10] ?? 0) > 10 * (byHour[3] ?? 0)).toBe(true);
    const mondayMorning = local.filter((at) => getDay(at) === 1 && getHours(at) >= 9 && getHours(at) < 12).length;
    const fridayMorning = local.filter((at) => getDay(at) === 5 && getHours(at) >= 9 && getHours(at) < 12).length;
    expect(mondayMorning).toBeGreaterThan(1.5 * fridayMorning);
    // Every month of the year has incidents, so trends have something to show.
    expect(new Set(local.map((at) => `${at.getFullYear()}-${at.getMonth()}`)).size).toBe(12);
  });

  it('mix forms, channels and consequences, with follow-up on time, late and open', () => {
    const share = (test: (incident: (typeof year)[number]) => boolean) => year.filter(test).length / year.length;
    expect(share((incident) => incident.forms.includes('verbal_abuse'))).toBeGreaterThan(0.4);
    expect(share((incident) => incident.forms.includes('physical_violence'))).toBeGreaterThan(0.02);
    expect(share((incident) => incident.channel === 'counter')).toBeGreaterThan(0.4);
    expect(share((incident) => incident.channel === 'home_visit')).toBeGreaterThan(0.01);
    expect(share((incident) => incident.injury)).toBeGreaterThan(0.005);
    expect(share((incident) => incident.sick_leave_days > 0)).toBeGreaterThan(0.002);
    expect(share((incident) => incident.damage_amount_cents > 0)).toBeGreaterThan(0.02);
    const reactions = year.flatMap((incident) => incident.tasks.filter((task) => task.kind === 'reaction_48h'));
    const late = reactions.filter((task) => task.done_at && task.done_at > task.due_at).length;
    const onTime = reactions.filter((task) => task.done_at && task.done_at <= task.due_at).length;
    const open = reactions.filter((task) => task.status === 'open').length;
    expect(late / reactions.length).toBeGreaterThan(0.02);
    expect(onTime / reactions.length).toBeGreaterThan(0.5);
    expect(open / reactions.length).toBeGreaterThan(0.05);
  });

  it('insert in bulk into a real replica, where the incident screens read them', async () => {
    const core = openCore(() => to);
    const people = await staffedDesk(core);
    const organisationId = core.store.read.prepare('SELECT id FROM organisation').pluck().get() as string;
    const siteId = core.store.read.prepare('SELECT id FROM site').pluck().get() as string;
    const sample = year.slice(0, 300);
    insertIncidents(core.store.write, organisationId, sample, () => siteId);
    await signIn(core, people.coordinator);
    const list = await call<IncidentListItem[]>(core, 'incident.list', {});
    expect(list.filter((item) => 'damaged' in item)).toEqual([]);
    expect(list).toHaveLength(300);
    const first = sample[0];
    if (!first) throw new Error('no sample');
    const read = await call<Incident>(core, 'incident.get', { id: first.id });
    expect(read).toMatchObject({ occurred_at: first.occurred_at, forms: first.forms, reporter_name: first.reporter_name, site_name: 'Stadskantoor' });
    expect(read.tasks.map((task) => task.kind).sort()).toEqual(first.tasks.map((task) => task.kind).sort());
  });
});
