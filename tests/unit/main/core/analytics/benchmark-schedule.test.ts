import { TZDate } from '@date-fns/tz';
import { afterEach, describe, expect, it } from 'vitest';
import { AnalyticsFacts } from '../../../../../main/core/analytics/analytics-facts.js';
import { BenchmarkService } from '../../../../../main/core/analytics/benchmark-service.js';
import { insertIncidents } from '../../../../../main/core/incident/sample-incidents.js';
import { silentLogger } from '../../../../../main/core/logger.js';
import { httpTransport } from '../../../../../main/core/sync/transport.js';
import { endedMonths } from '../../../../../shared/analytics/benchmark.js';
import { ZONE } from '../../../../../shared/incident/deadlines.js';
import { newId } from '../../../../../shared/domain/ids.js';
import { trackedCores } from '../../../../support/core.js';
import { enrolRaw } from '../../../../support/raw-device.js';
import { createTenant, serverConfig } from '../../../../support/sync-server.js';
import { tempDir } from '../../../../support/temp-dir.js';
import { startServer } from '../../../../../server/src/start.js';
import { Directory } from '../../../../../server/src/tenancy/directory.js';
import path from 'node:path';
import { until } from '../../../../support/until.js';

const openCore = trackedCores(afterEach);
const after: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of after.splice(0).reverse()) await step();
}, 30_000);

describe('the scheduled benchmark share', () => {
  it('shares while the organisation takes part, once a day, and stops when it opts out', { timeout: 60_000 }, async () => {
    // One clock for the PC and the server, mid-month, so a day later is still the same month.
    let clock = Date.parse('2026-11-15T10:00:00Z');
    const running = await startServer(serverConfig({ kind: 'sqlite', file: path.join(tempDir('vangnet-server-'), 'server.sqlite') }), () => new Date(clock));
    after.push(() => running.close());
    const test = { server: running, directory: new Directory(running.store.db) };
    const tenant = await createTenant(test.directory, 'Gemeente Zwolle');
    await test.directory.setSector(tenant.organisationId, 'gemeente');
    const device = await enrolRaw(test.server.url, test.directory, tenant);
    const server = httpTransport(test.server.url, device.credential);
    const core = openCore();
    const [month] = endedMonths(new Date(clock), 1) as [string];
    const at = new Date(new TZDate(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 10, 10, 0, 0, ZONE).getTime()).toISOString();
    insertIncidents(core.store.write, tenant.organisationId, [
      { id: newId(), site_id: tenant.siteId, occurred_at: at, channel: 'phone', forms: ['threat'], location: '', causes: [], injury: false, sick_leave_days: 0, damage_amount_cents: 0, emotional_impact: 'some', perpetrator_kind: 'unknown', desk_name: 'Balie 1', status: 'open', reporter_id: newId(), reporter_name: 'Anna', tasks: [] },
    ]);
    const service = new BenchmarkService({ read: core.store.read, facts: new AnalyticsFacts(core.store.write), server: () => server, organisation: () => tenant.organisationId, now: () => new Date(clock), logger: silentLogger(), checkEveryMs: 40 });
    after.push(() => service.stop());
    service.start();
    const stored = () => test.server.store.db.selectFrom('benchmark_count').select(['month', 'dimension', 'item', 'incidents']).where('incidents', '>', 0).execute();

    // Not taking part: the schedule sends nothing.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await stored()).toEqual([]);

    await server.setBenchmarkParticipation(true);
    await until(async () => (await server.benchmarkStatus()).last_shared_at !== null);
    expect(await stored()).toEqual(expect.arrayContaining([{ month, dimension: 'form', item: 'threat', incidents: 1 }, { month, dimension: 'channel', item: 'phone', incidents: 1 }]));
    const first = (await server.benchmarkStatus()).last_shared_at;
    // Within the day: not again.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect((await server.benchmarkStatus()).last_shared_at).toBe(first);
    // A day later: again.
    clock += 24 * 60 * 60 * 1000;
    await until(async () => (await server.benchmarkStatus()).last_shared_at !== first);

    await server.setBenchmarkParticipation(false);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await stored()).toEqual([]);
    expect((await server.benchmarkStatus()).participating).toBe(false);
  });
});
