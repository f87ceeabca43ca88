import { afterEach, describe, expect, it } from 'vitest';
import { AnalyticsFacts } from '../../../../../main/core/analytics/analytics-facts.js';
import { monthlyShare } from '../../../../../main/core/analytics/benchmark-counts.js';
import { insertIncidents, type SampleIncident } from '../../../../../main/core/incident/sample-incidents.js';
import { benchmarkKeys } from '../../../../../shared/analytics/benchmark.js';
import { trackedCores } from '../../../../support/core.js';
import { staffedDesk } from '../../../../support/staff.js';

const openCore = trackedCores(afterEach);
const OTHER_ORG = '5d0c7a52-3b9e-4f61-8a2d-9e4b1c7f0a02';
let n = 0;
const id = () => `00000000-0000-4000-8000-${String((n += 1)).padStart(12, '0')}`;

function incident(site: string, at: string, fields: Partial<SampleIncident> = {}): SampleIncident {
  return {
    id: id(), site_id: site, occurred_at: at, channel: 'counter', forms: ['verbal_abuse'], location: '', causes: [], injury: false, sick_leave_days: 0, damage_amount_cents: 0,
    emotional_impact: 'some', perpetrator_kind: 'described', desk_name: 'Balie 1', status: 'open', reporter_id: '00000000-0000-4000-8000-0000000000aa', reporter_name: 'Anna de Vries', tasks: [], ...fields,
  };
}

describe('the monthly counts a PC shares', () => {
  it('counts reported incidents per Dutch month by form and channel, from the first month with an incident up to the last ended one', async () => {
    // 10 May 2026: April is the last ended month.
    const core = openCore(() => new Date('2026-05-10T10:00:00Z'));
    await staffedDesk(core);
    const organisationId = core.store.read.prepare('SELECT id FROM organisation').pluck().get() as string;
    const site = core.store.read.prepare('SELECT id FROM site').pluck().get() as string;
    insertIncidents(core.store.write, organisationId, [
      incident(site, '2026-02-28T23:30:00.000Z', { forms: ['threat'] }), // Sunday 1 March 00:30 in Dutch time: March
      incident(site, '2026-03-31T22:30:00.000Z', { forms: ['threat', 'physical_violence'], channel: 'phone' }), // 1 April 00:30 CEST: April
      incident(site, '2026-04-15T09:00:00.000Z', { forms: ['vandalism'], channel: 'outdoors', status: 'closed' }),
      incident(site, '2026-04-16T09:00:00.000Z', { forms: ['threat'], status: 'draft' }), // a draft: not counted
      incident(site, '2026-05-02T09:00:00.000Z', { forms: ['threat'] }), // May has not ended
    ]);
    insertIncidents(core.store.write, OTHER_ORG, [incident(site, '2026-01-10T09:00:00.000Z', { forms: ['threat'] })]);
    new AnalyticsFacts(core.store.write).refresh();

    const share = monthlyShare(core.store.read, organisationId, new Date('2026-05-10T10:00:00Z'));
    const nonZero = Object.fromEntries((share?.counts ?? []).filter((count) => count.count > 0).map((count) => [`${count.month} ${count.dimension} ${count.key}`, count.count]));
    expect(nonZero).toEqual({
      '2026-03 form threat': 1,
      '2026-03 channel counter': 1,
      '2026-04 form threat': 1,
      '2026-04 form physical_violence': 1,
      '2026-04 form vandalism': 1,
      '2026-04 channel phone': 1,
      '2026-04 channel outdoors': 1,
    });
    // Every key of both months, zeros included; no month before the first incident (the other organisation's January is not ours).
    expect(share?.counts.length).toBe(2 * (benchmarkKeys.form.length + benchmarkKeys.channel.length));
    expect(new Set(share?.counts.map((count) => count.month))).toEqual(new Set(['2026-03', '2026-04']));
    // Nothing reported yet: nothing to send.
    expect(monthlyShare(core.store.read, OTHER_ORG.replace('02', '03'), new Date('2026-05-10T10:00:00Z'))).toBeNull();
  });
});
