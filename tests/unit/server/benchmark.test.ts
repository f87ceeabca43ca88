import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { benchmarkComparisonSchema, dutchMonth, endedMonths, SUPPRESSED_NOTE, type BenchmarkComparison, type BenchmarkCount } from '../../../shared/analytics/benchmark.js';
import { enrolRaw, type RawDevice } from '../../support/raw-device.js';
import { createTenant, postgresAvailable, startTestServer, type StorageKind, type TestServer } from '../../support/sync-server.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
}, 30_000);

async function server(kind: StorageKind): Promise<TestServer> {
  const started = await startTestServer(kind);
  cleanup.push(() => started.close());
  return started;
}

async function request(test: TestServer, device: RawDevice, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${test.server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${device.credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** An organisation of the sector with one enrolled PC, taking part unless told otherwise. */
async function organisation(test: TestServer, name: string, { sector = 'gemeente', participating = true }: { sector?: string | null; participating?: boolean } = {}): Promise<RawDevice> {
  const tenant = await createTenant(test.directory, name, `${name} kantoor`);
  if (sector) await test.directory.setSector(tenant.organisationId, sector);
  const device = await enrolRaw(test.server.url, test.directory, tenant);
  if (participating) expect((await request(test, device, 'PUT', '/v1/benchmark/participation', { participating: true })).status).toBe(200);
  return device;
}

const [month] = endedMonths(new Date(), 1) as [string];
const threats = (count: number, at = month): BenchmarkCount => ({ month: at, dimension: 'form', key: 'threat', count });
const share = (test: TestServer, device: RawDevice, counts: unknown[]) => request(test, device, 'POST', '/v1/benchmark/share', { counts });
const comparison = async (test: TestServer, device: RawDevice): Promise<BenchmarkComparison> => {
  const answer = await request(test, device, 'GET', '/v1/benchmark/comparison');
  expect(answer.status).toBe(200);
  return benchmarkComparisonSchema.parse(answer.json);
};
const threatCell = (view: BenchmarkComparison) => view.cells.find((cell) => cell.month === month && cell.dimension === 'form' && cell.key === 'threat');
const storedCounts = async (test: TestServer) => Number((await sql<{ n: number | string }>`SELECT count(*) AS n FROM benchmark_count`.execute(test.server.store.db)).rows[0]?.n);

describe.each(['sqlite', 'postgres'] as StorageKind[])('the sector benchmark (%s server)', (kind) => {
  it('shows the average of the other participants of the sector only from 5 organisations and 5 incidents; a suppressed cell carries no number', { timeout: 120_000 }, async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const test = await server(kind);
    const me = await organisation(test, 'Gemeente Zwolle');
    expect((await share(test, me, [threats(3)])).status).toBe(200);
    const others: RawDevice[] = [];
    for (const name of ['Gemeente Kampen', 'Gemeente Deventer', 'Gemeente Zwartewaterland', 'Gemeente Olst']) {
      const other = await organisation(test, name);
      expect((await share(test, other, [threats(1)])).status).toBe(200);
      others.push(other);
    }
    // Noise that must never count: another sector, and an organisation that does not take part.
    const uwv = await organisation(test, 'UWV Zwolle', { sector: 'uwv' });
    expect((await share(test, uwv, [threats(40)])).status).toBe(200);
    await organisation(test, 'Gemeente Dalfsen', { participating: false });

    // Four other organisations with four incidents between them: both thresholds short.
    let cell = threatCell(await comparison(test, me));
    expect(cell).toEqual({ month, dimension: 'form', key: 'threat', own: 3, sector: { status: 'suppressed', note: SUPPRESSED_NOTE } });
    expect(Object.keys(cell?.sector ?? {}).sort()).toEqual(['note', 'status']);

    // A fifth organisation that counted nothing: five organisations, but still four incidents.
    const fifth = await organisation(test, 'Gemeente Raalte');
    expect((await share(test, fifth, [threats(0)])).status).toBe(200);
    expect(threatCell(await comparison(test, me))?.sector).toEqual({ status: 'suppressed', note: SUPPRESSED_NOTE });

    // Its fifth incident: shown, the average of the five others (not of the caller).
    expect((await share(test, fifth, [threats(1)])).status).toBe(200);
    cell = threatCell(await comparison(test, me));
    expect(cell?.sector).toEqual({ status: 'shown', average: 1, organisations: 5 });
    expect(cell?.own).toBe(3);
    // Five incidents over four organisations (one opts out, its counts deleted): suppressed again.
    expect((await request(test, others[0] as RawDevice, 'PUT', '/v1/benchmark/participation', { participating: false })).status).toBe(200);
    expect(threatCell(await comparison(test, me))?.sector).toEqual({ status: 'suppressed', note: SUPPRESSED_NOTE });
    // Every other cell (no counts at all) is suppressed too, and numberless.
    const view = await comparison(test, me);
    expect(view.months).toEqual(endedMonths(new Date()));
    expect(view.cells.filter((one) => one.sector.status === 'shown')).toEqual([]);
  });

  it("keeps each organisation's counts to itself, refuses non-participants and revoked devices, and deletes the counts of one that opts out", { timeout: 120_000 }, async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const test = await server(kind);
    const zwolle = await organisation(test, 'Gemeente Zwolle');
    const kampen = await organisation(test, 'Gemeente Kampen');
    expect((await share(test, zwolle, [threats(17)])).status).toBe(200);
    // Kampen sees its own (nothing sent) and a suppressed sector: Zwolle's 17 nowhere.
    const seen = await request(test, kampen, 'GET', '/v1/benchmark/comparison?organisation_id=' + zwolle.organisationId);
    expect(seen.status).toBe(200);
    expect(threatCell(benchmarkComparisonSchema.parse(seen.json))?.own).toBeNull();
    expect(JSON.stringify(seen.json)).not.toContain('17');

    // Not taking part: refused both ways, nothing stored.
    const dalfsen = await organisation(test, 'Gemeente Dalfsen', { participating: false });
    const before = await storedCounts(test);
    const refusedShare = await share(test, dalfsen, [threats(2)]);
    expect(refusedShare.status).toBe(403);
    expect(refusedShare.json).toMatchObject({ error: { code: 'FORBIDDEN', message: expect.stringMatching(/does not take part/) } });
    expect((await request(test, dalfsen, 'GET', '/v1/benchmark/comparison')).status).toBe(403);
    expect(await storedCounts(test)).toBe(before);
    expect((await request(test, dalfsen, 'GET', '/v1/benchmark')).json).toEqual({ sector: 'gemeente', participating: false, since: null, last_shared_at: null });

    // Without a sector there is nothing to compare with: opting in is refused in words.
    const noSector = await organisation(test, 'Stichting X', { sector: null, participating: false });
    const refusedOptIn = await request(test, noSector, 'PUT', '/v1/benchmark/participation', { participating: true });
    expect(refusedOptIn.status).toBe(409);
    expect(refusedOptIn.json).toMatchObject({ error: { message: expect.stringMatching(/no sector/) } });

    // A revoked device is refused on every route.
    await test.directory.revokeDevice(kampen.deviceId);
    for (const [method, path, body] of [['GET', '/v1/benchmark'], ['GET', '/v1/benchmark/comparison'], ['POST', '/v1/benchmark/share', { counts: [threats(1)] }], ['PUT', '/v1/benchmark/participation', { participating: false }]] as const) {
      const answer = await request(test, kampen, method, path, body);
      expect([path, answer.status, (answer.json['error'] as { code: string }).code]).toEqual([path, 401, 'DEVICE_REVOKED']);
    }

    // Sending again replaces, never adds; opting out deletes the counts and is logged with the device.
    expect((await share(test, zwolle, [threats(17)])).status).toBe(200);
    expect((await share(test, zwolle, [threats(17)])).status).toBe(200);
    expect(threatCell(await comparison(test, zwolle))?.own).toBe(17);
    expect((await share(test, zwolle, [threats(6)])).status).toBe(200);
    expect(threatCell(await comparison(test, zwolle))?.own).toBe(6);
    expect(await storedCounts(test)).toBe(1);
    const optOut = await request(test, zwolle, 'PUT', '/v1/benchmark/participation', { participating: false });
    expect(optOut.json).toMatchObject({ participating: false, last_shared_at: null });
    expect(await storedCounts(test)).toBe(0);
    const logged = await test.server.store.db.selectFrom('admin_audit').select(['actor', 'action', 'target', 'detail']).where('action', '=', 'benchmark-participation').where('target', '=', zwolle.organisationId).orderBy('id').execute();
    expect(logged.map((entry) => [entry.actor, entry.detail])).toEqual([
      [`device ${zwolle.deviceId}`, '{"participating":true}'],
      [`device ${zwolle.deviceId}`, '{"participating":false}'],
    ]);
  });

  it('refuses anything but counts (extra fields, names, free text, negative counts, unended months) in words, and stores nothing', { timeout: 120_000 }, async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const test = await server(kind);
    const me = await organisation(test, 'Gemeente Zwolle');
    const current = dutchMonth(new Date());
    const bad: [string, unknown, RegExp][] = [
      ['an extra field in a count', [{ ...threats(2), reporter: 'Jan Jansen' }], /unrecognized key.*reporter/i],
      ['an extra field beside the counts', { counts: [threats(2)], organisation_id: me.organisationId }, /unrecognized key.*organisation_id/i],
      ['a name as the key', [{ ...threats(2), key: 'Jan Jansen' }], /counts\.0\.key/],
      ['free text as the dimension', [{ ...threats(2), dimension: 'schold de baliemedewerker uit' }], /counts\.0\.dimension/],
      ['a negative count', [threats(-1)], /counts\.0\.count: a count is 0 or more/],
      ['a fractional count', [threats(1.5)], /counts\.0\.count/],
      ['a month in words', [threats(2, 'maart 2026')], /counts\.0\.month: a month is written YYYY-MM/],
      ['the running month', [threats(2, current)], new RegExp(`${current} has not ended yet`)],
      ['a future month', [threats(2, '2099-01')], /2099-01 has not ended yet/],
      ['a cell twice', [threats(2), threats(3)], /counted twice/],
      ['no counts', [], /counts/],
    ];
    for (const [what, counts, message] of bad) {
      const answer = await request(test, me, 'POST', '/v1/benchmark/share', Array.isArray(counts) ? { counts } : counts);
      expect([what, answer.status]).toEqual([what, 400]);
      expect((answer.json['error'] as { message: string }).message, what).toMatch(message);
    }
    // One bad count spoils the whole share: not even the good one before it is kept.
    expect((await share(test, me, [threats(2), { ...threats(1), dimension: 'channel', key: 'Kees' }])).status).toBe(400);
    expect(await storedCounts(test)).toBe(0);
    expect((await request(test, me, 'GET', '/v1/benchmark')).json).toMatchObject({ participating: true, last_shared_at: null });
  });
});
