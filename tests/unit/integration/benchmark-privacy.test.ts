import { TZDate } from '@date-fns/tz';
import { afterEach, describe, expect, it } from 'vitest';
import { insertIncidents, type SampleIncident } from '../../../main/core/incident/sample-incidents.js';
import { benchmarkKeys, benchmarkShareSchema, dutchMonth, endedMonths, type BenchmarkView } from '../../../shared/analytics/benchmark.js';
import { ZONE } from '../../../shared/incident/deadlines.js';
import { newId } from '../../../shared/domain/ids.js';
import type { StaffMember } from '../../../shared/domain/staff.js';
import { capturingProxy, type CapturedRequest } from '../../support/capturing-proxy.js';
import { openTestCore } from '../../support/core.js';
import { call, deskCaller, signIn } from '../../support/staff.js';
import { createTenant, postgresAvailable, startTestServer, type StorageKind } from '../../support/sync-server.js';
import { until } from '../../support/until.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
}, 30_000);

/** Unique strings in every free-text and name field of the incidents: none may reach the benchmark. */
const MARK = {
  reporter: 'Reporter-Qx81Marleen-Vos',
  witnesses: 'Witness-Zk27Henk-Bakker',
  narrative: 'Narrative-Wv55 schold en gooide een stoel',
  perpetrator: 'Perpetrator-Yh90 lange man met rode jas',
  location: 'Location-Pj12 wachtkamer B',
  desk: 'Desk-Lm64 Balie Noord',
  logged: 'Logged-Rt33 via de gewone weg vastgelegd',
};
const ALLOWED_KEYS = new Set(['counts', 'month', 'dimension', 'key', 'count']);

/** Every key at any depth of a JSON value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, inner]) => [key, ...keysOf(inner)]);
  return [];
}

/** Noon on the 15th of a Dutch month, as UTC. */
const midMonth = (month: string) => new Date(new TZDate(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 15, 12, 0, 0, ZONE).getTime()).toISOString();

describe.each(['sqlite', 'postgres'] as StorageKind[])('what the benchmark sends (%s server)', (kind) => {
  it('sends counts and nothing else: the request bodies the server receives hold no name, text, id or key outside the schema', { timeout: 120_000 }, async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const test = await startTestServer(kind);
    cleanup.push(() => test.close());
    const proxy = await capturingProxy(test.server.url);
    cleanup.push(() => proxy.close());
    const tenant = await createTenant(test.directory, 'Gemeente Zwolle');
    await test.directory.setSector(tenant.organisationId, 'gemeente');

    const core = openTestCore();
    cleanup.push(() => core.close());
    await call(core, 'settings.update', { organisationName: 'G', siteName: 'S', deskName: MARK.desk, floor: '', serverUrl: proxy.url });
    await call(core, 'sync.enrol', { code: (await test.directory.createEnrolmentCode(tenant.organisationId, tenant.siteId)).code });
    const admin = (await core.dispatch(deskCaller, 'staff.create', { displayName: MARK.reporter, role: 'admin', pin: '1234' })) as { ok: true; value: StaffMember };
    await signIn(core, admin.value);

    // One incident the ordinary way: it replicates to the server in full, which the capture must see.
    const logged = await call<{ id: string }>(core, 'incident.quickLog', { forms: ['threat'], location: MARK.location });
    await call(core, 'incident.update', { id: logged.id, patch: { narrative: MARK.logged, witnesses: MARK.witnesses } });
    await call(core, 'incident.submit', { id: logged.id });

    // A year of the replica: names and narratives in every field that can hold them.
    const [older, last] = endedMonths(new Date(), 2) as [string, string];
    const incident = (month: string, fields: Partial<SampleIncident>): SampleIncident => ({
      id: newId(), site_id: tenant.siteId, occurred_at: midMonth(month), channel: 'counter', forms: ['verbal_abuse'], location: MARK.location, causes: ['waiting_time'], injury: false, sick_leave_days: 0,
      damage_amount_cents: 0, emotional_impact: 'some', perpetrator_kind: 'described', perpetrator_description: MARK.perpetrator, narrative: MARK.narrative, witnesses: MARK.witnesses,
      desk_name: MARK.desk, status: 'open', reporter_id: admin.value.id, reporter_name: MARK.reporter, tasks: [], ...fields,
    });
    const stored = [
      incident(last, { forms: ['threat', 'verbal_abuse'] }),
      incident(last, { forms: ['threat'], channel: 'phone', status: 'closed' }),
      incident(last, { forms: ['physical_violence'] }),
      incident(last, { forms: ['threat'], status: 'draft' }),
      incident(older, { forms: ['vandalism'], channel: 'email_online' }),
    ];
    insertIncidents(core.store.write, tenant.organisationId, stored);
    await core.sync.syncNow();
    await until(() => core.replica.pendingCount() === 0);

    const joined = await call<BenchmarkView>(core, 'benchmark.setParticipation', { participating: true });
    expect(joined.status).toMatchObject({ participating: true, sector: 'gemeente' });
    expect(joined.status.last_shared_at).not.toBeNull();
    const again = await call<BenchmarkView>(core, 'benchmark.shareNow', {});

    // The counts are right: hand-counted, drafts and the running month left out.
    const own = (month: string, dimension: string, key: string) => again.comparison?.cells.find((cell) => cell.month === month && cell.dimension === dimension && cell.key === key)?.own;
    expect([own(last, 'form', 'threat'), own(last, 'form', 'verbal_abuse'), own(last, 'form', 'physical_violence'), own(last, 'channel', 'counter'), own(last, 'channel', 'phone'), own(older, 'form', 'vandalism')]).toEqual([2, 1, 1, 2, 1, 1]);
    expect(again.comparison?.cells.some((cell) => cell.month === dutchMonth(new Date()))).toBe(false);

    // The capture works: the ordinary replication carried the logged incident's text.
    const pushes = proxy.requests.filter((request) => request.url.startsWith('/v1/sync/push'));
    expect(pushes.some((request) => request.body.includes(MARK.logged))).toBe(true);

    const benchmark = proxy.requests.filter((request) => request.url.startsWith('/v1/benchmark'));
    const shares = benchmark.filter((request) => request.method === 'POST' && request.url === '/v1/benchmark/share');
    expect(shares.length).toBe(2);
    const secrets = [...Object.values(MARK), ...stored.map((one) => one.id), logged.id, admin.value.id, tenant.organisationId, tenant.siteId, 'Gemeente Zwolle'];
    const seen = (request: CapturedRequest) => `${request.url}\n${JSON.stringify(request.headers)}\n${request.body}`;
    for (const request of benchmark) for (const secret of secrets) expect(seen(request), `${request.method} ${request.url}`).not.toContain(secret);
    for (const request of shares) {
      const body: unknown = JSON.parse(request.body);
      expect(new Set(keysOf(body).filter((key) => !/^\d+$/.test(key)))).toEqual(ALLOWED_KEYS);
      // Parsed by the strict schema, it is the very same value: nothing was stripped.
      expect(benchmarkShareSchema.parse(body)).toEqual(body);
      const counts = (body as { counts: { month: string; dimension: 'form' | 'channel'; key: string }[] }).counts;
      expect(new Set(counts.map((count) => count.month))).toEqual(new Set([older, last]));
      expect(counts.length).toBe(2 * (benchmarkKeys.form.length + benchmarkKeys.channel.length));
    }
    // The other benchmark requests carry no body but the opt-in itself.
    expect(benchmark.filter((request) => !shares.includes(request)).map((request) => request.body).filter((body) => body !== '')).toEqual(['{"participating":true}']);
  });
});
