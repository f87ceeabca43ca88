import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids.js';
import { isValidNameText } from '../../../shared/domain/names.js';
import { benchmarkCountSchema, benchmarkKeys, benchmarkSectors, dutchMonth, endedMonths } from '../../../shared/analytics/benchmark.js';
import { DELETED_FIELD, entities, entityNames, isEntityName } from '../../../shared/sync/entities.js';
import { formatHlc } from '../../../shared/sync/hlc.js';
import { checkRowId } from '../../../shared/sync/row-ids.js';
import { checkPatch } from '../../../shared/sync/validate-op.js';
import { alarmFrame, enrolRaw, openRealtime, type RawDevice } from '../../support/raw-device.js';
import { postgresAvailable, startTestServer, type StorageKind, type TestServer } from '../../support/sync-server.js';

/** Inputs per storage; more on demand. A failing run prints its seed; VANGNET_FUZZ_SEED=<seed> replays it exactly. */
const RUNS = Number(process.env['VANGNET_FUZZ_RUNS'] ?? 1_500);
const seed = process.env['VANGNET_FUZZ_SEED'] ? { seed: Number(process.env['VANGNET_FUZZ_SEED']) } : {};
const ADMIN = 'f'.repeat(40);

const open: TestServer[] = [];
afterAll(async () => {
  for (const server of open.splice(0)) await server.close();
});

/** Strings a hostile client would try: controls, bidi, lone surrogates, huge, empty, any code point. */
const nasty = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\u202eevil', '\u2066', '\ud800', '\udfff', 'x'.repeat(5_000), '💥', '__proto__', 'constructor', "'; DROP TABLE device; --", '%00', '../../etc/passwd'),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ maxLength: 200 }),
);
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nasty, fc.constantFrom(null, true, 0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, 1.5));

/** A valid body with one field replaced, one removed, or one added: close enough to pass the first checks. */
function mutated<T extends Record<string, unknown>>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: valid, weight: 2 },
    fc.tuple(valid, fc.nat(), anyJson).map(([body, i, value]) => {
      const keys = Object.keys(body);
      return keys.length === 0 ? body : { ...body, [keys[i % keys.length] ?? '']: value };
    }),
    fc.tuple(valid, fc.nat()).map(([body, i]) => {
      const keys = Object.keys(body);
      const copy: Record<string, unknown> = { ...body };
      delete copy[keys[i % Math.max(keys.length, 1)] ?? ''];
      return copy;
    }),
    fc.tuple(valid, nasty, anyJson).map(([body, key, value]) => ({ ...body, [key]: value })),
    anyJson,
  );
}

/** A lone surrogate cannot be percent-encoded; send the bytes of one instead, which is invalid UTF-8 on the wire. */
const enc = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
};

interface World {
  url: string;
  a: RawDevice;
  b: RawDevice;
  ids: string[];
}

function requests(world: World) {
  const id = fc.oneof({ arbitrary: fc.constantFrom(...world.ids), weight: 3 }, fc.uuid(), nasty);
  const fieldValue = (entity: string) => {
    const fields = isEntityName(entity) ? Object.keys(entities[entity].fields) : [];
    return fc.dictionary(fields.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...fields), weight: 4 }, nasty) : nasty, anyJson, { maxKeys: 8 });
  };
  const op = fc.record({ entity: fc.oneof({ arbitrary: fc.constantFrom(...entityNames), weight: 5 }, nasty), rowId: id, seq: fc.integer({ min: 1, max: 1_000_000 }), opId: fc.oneof(fc.uuid(), fc.constantFrom(...world.ids)), wall: fc.integer({ min: 0, max: 4_102_444_800_000 }) }).chain((o) =>
    fieldValue(o.entity).map((patch) => ({ op_id: o.opId, device_seq: o.seq, entity: o.entity, row_id: o.rowId, patch, hlc: formatHlc({ wall: o.wall, counter: 0, node: world.a.deviceId }), base_hlc: null, schema_version: 1 })),
  );
  const push = mutated(fc.record({ schema_version: fc.constant(1), ops: fc.array(mutated(op), { minLength: 1, maxLength: 5 }) })).map((body) => ({ method: 'POST', path: '/v1/sync/push', body, as: 'device' as const }));
  const pull = fc.record({ cursor: fc.oneof(fc.nat(), nasty), limit: fc.oneof(fc.nat(), nasty), epoch: nasty, schema_version: fc.oneof(fc.constant('1'), nasty) }, { requiredKeys: [] }).map((query) => ({
    method: 'GET',
    path: `/v1/sync/pull?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()}`,
    as: 'device' as const,
  }));
  const enrol = mutated(fc.record({ code: fc.oneof(fc.constant('ABCD-EFGH-JKMN'), nasty), device_id: fc.uuid(), device_name: nasty, schema_version: fc.constant(1) })).map((body) => ({ method: 'POST', path: '/v1/enrol', body, as: 'none' as const }));
  const adminCalls = fc.oneof(
    { arbitrary: mutated(fc.record({ name: nasty })).map((body) => ({ method: 'POST', path: '/v1/admin/organisations', body })), weight: 3 },
    { arbitrary: mutated(fc.record({ name: nasty })).map((body) => ({ method: 'POST', path: '/v1/admin/sites', body })), weight: 3 },
    mutated(fc.record({ organisation_id: id, site_id: id })).map((body) => ({ method: 'POST', path: '/v1/admin/hosting', body })),
    mutated(fc.record({ site_id: id, from_organisation_id: id, to_organisation_id: id, share_alarms: fc.boolean(), share_warnings: fc.boolean(), to_site_id: fc.option(id) })).map((body) => ({ method: 'POST', path: '/v1/admin/agreements', body })),
    mutated(fc.record({ organisation_id: id, site_id: id, valid_hours: fc.oneof(fc.integer(), nasty) })).map((body) => ({ method: 'POST', path: '/v1/admin/enrolment-codes', body })),
    mutated(fc.record({ escalation_after_s: fc.integer({ min: -10, max: 1_000 }), groups: fc.integer({ min: -1, max: 5 }) })).chain((body) => id.map((site) => ({ method: 'PUT', path: `/v1/admin/sites/${enc(site)}/alarm-policy`, body }))),
    mutated(fc.record({ enabled: fc.boolean(), host: nasty, port: fc.integer({ min: -1, max: 70_000 }), account: nasty, key: fc.option(nasty) })).chain((body) => id.map((site) => ({ method: 'PUT', path: `/v1/admin/sites/${enc(site)}/pac`, body }))),
    mutated(fc.record({ grace_s: fc.integer() })).chain((body) => id.map((org) => ({ method: 'POST', path: `/v1/admin/organisations/${enc(org)}/alarm-key/rotate`, body }))),
    // Revocation and disabling get ids that are never the fuzzing devices or their organisations, so the run keeps its reach.
    fc.oneof(fc.uuid(), nasty).map((target) => ({ method: 'POST', path: `/v1/admin/devices/${enc(target)}/revoke` })),
    fc.oneof(fc.uuid(), nasty).map((target) => ({ method: 'POST', path: `/v1/admin/organisations/${enc(target)}/disable` })),
    id.map((target) => ({ method: 'POST', path: `/v1/admin/agreements/${enc(target)}/end` })),
    fc.record({ since: nasty, limit: nasty }, { requiredKeys: [] }).map((query) => ({ method: 'GET', path: `/v1/admin/log?${new URLSearchParams(Object.entries(query)).toString()}` })),
    id.map((site) => ({ method: 'GET', path: `/v1/admin/sites/${enc(site)}/pac` })),
    mutated(fc.record({ sector: fc.oneof(fc.constantFrom(...benchmarkSectors), nasty) })).chain((body) => id.map((org) => ({ method: 'PUT', path: `/v1/admin/organisations/${enc(org)}/sector`, body }))),
  ).map((call) => ({ ...call, as: 'admin' as const }));
  // The benchmark: near-valid counts (a month, a key, a number) with one thing wrong, and the switch.
  const month = fc.oneof({ arbitrary: fc.constantFrom(...endedMonths(new Date(), 3)), weight: 20 }, fc.constantFrom(dutchMonth(new Date()), '2099-01', '1999-12', '2026-13'), nasty);
  const validCount = fc.record({ month, dimension: fc.constantFrom('form', 'channel'), key: fc.oneof({ arbitrary: fc.constantFrom(...benchmarkKeys.form, ...benchmarkKeys.channel), weight: 20 }, nasty), count: fc.oneof({ arbitrary: fc.nat({ max: 60_000 }), weight: 20 }, fc.integer({ min: -5, max: -1 }), anyJson) });
  const count = fc.oneof({ arbitrary: validCount, weight: 12 }, mutated(validCount));
  const benchmark = fc.oneof(
    { arbitrary: mutated(fc.record({ counts: fc.array(count, { minLength: 1, maxLength: 4 }) })).map((body) => ({ method: 'POST', path: '/v1/benchmark/share', body })), weight: 6 },
    // Mostly staying in: opting out deletes what was stored, and the check below wants something to check.
    mutated(fc.record({ participating: fc.oneof({ arbitrary: fc.constant(true), weight: 6 }, fc.constant(false), anyJson) })).map((body) => ({ method: 'PUT', path: '/v1/benchmark/participation', body })),
    fc.constantFrom('/v1/benchmark', '/v1/benchmark/comparison').map((path) => ({ method: 'GET', path })),
  ).map((call) => ({ ...call, as: 'device' as const }));
  const other = fc.oneof(
    fc.constantFrom('/v1/site-policy', '/health', '/ready').map((path) => ({ method: 'GET', path, as: 'device' as const })),
    fc.tuple(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), nasty).map(([method, path]) => ({ method, path: `/v1/${enc(path)}`, as: 'device' as const })),
  );
  const who = fc.constantFrom('right', 'right', 'right', 'right', 'right', 'none', 'garbage', 'other');
  // Now and then the body is not JSON at all, or the content type lies.
  const raw = fc.option(fc.oneof(fc.constantFrom('{not json', '', 'null', '[]', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}'), fc.string({ unit: 'binary', maxLength: 100 })), { freq: 8 });
  return fc.tuple(fc.oneof({ arbitrary: push, weight: 4 }, pull, enrol, { arbitrary: adminCalls, weight: 4 }, { arbitrary: benchmark, weight: 4 }, other), who, raw);
}

async function send(world: World, call: { method: string; path: string; body?: unknown; as: 'device' | 'admin' | 'none' }, who: string, raw: string | null) {
  const token = who === 'none' ? null : who === 'garbage' ? 'not-a-token' : who === 'other' ? (call.as === 'admin' ? world.a.credential : ADMIN) : call.as === 'admin' ? ADMIN : call.as === 'device' ? world.a.credential : null;
  const hasBody = call.method !== 'GET' && (call.body !== undefined || raw !== null);
  const response = await fetch(`${world.url}${call.path}`, {
    method: call.method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    body: hasBody ? (raw ?? JSON.stringify(call.body)) : null,
  });
  await response.arrayBuffer();
  return response.status;
}

/** What must hold whatever was sent: every stored row and name is one the shared rules accept. */
async function checkStored(t: TestServer): Promise<void> {
  const db = t.server.store.db;
  for (const row of await db.selectFrom('replica_row').select(['id', 'entity', 'organisation_id', 'data']).execute()) {
    expect(isEntityName(row.entity), row.entity).toBe(true);
    const data = JSON.parse(row.data) as Record<string, unknown>;
    const check = checkPatch(row.entity, data);
    expect(check.ok, `${row.entity} ${row.id}: ${JSON.stringify(check)}`).toBe(true);
    if (isEntityName(row.entity) && data[DELETED_FIELD] !== true) for (const field of entities[row.entity].requiredOnInsert) expect(data, `${row.entity}.${field}`).toHaveProperty(field);
    expect(checkRowId(row.entity, row.id, data, row.organisation_id).ok, `${row.entity} ${row.id} squats another organisation's id`).toBe(true);
  }
  // Counts only, each one a share would pass, and only of organisations taking part, in a sector.
  const taking = new Set((await db.selectFrom('benchmark_participation').innerJoin('organisation', 'organisation.id', 'benchmark_participation.organisation_id').select(['organisation_id', 'sector']).execute()).map((row) => (expect(benchmarkSectors).toContain(row.sector), row.organisation_id)));
  for (const row of await db.selectFrom('benchmark_count').selectAll().execute()) {
    expect(benchmarkCountSchema.safeParse({ month: row.month, dimension: row.dimension, key: row.item, count: row.incidents }).success, JSON.stringify(row)).toBe(true);
    expect(row.month < dutchMonth(new Date()), row.month).toBe(true);
    expect(taking.has(row.organisation_id)).toBe(true);
  }
  for (const { sector } of await db.selectFrom('organisation').select('sector').execute()) if (sector !== null) expect(benchmarkSectors).toContain(sector);
  for (const table of ['organisation', 'site', 'device'] as const) {
    for (const { name } of await db.selectFrom(table).select('name').execute()) expect(isValidNameText(name) && name.trim() === name && name.length > 0, JSON.stringify(name)).toBe(true);
  }
}

describe.each(['sqlite', 'postgres'] as StorageKind[])('fuzzing the server routes on %s', (kind) => {
  it(`${RUNS} hostile requests: 0 answers 5xx, 0 invalid inputs stored, the server still answers`, { timeout: 600_000 }, async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind, { adminToken: ADMIN });
    open.push(t);
    const site = await t.directory.createSite('Werkplein');
    const [orgA, orgB] = [await t.directory.createOrganisation('Gemeente', 'gemeente'), await t.directory.createOrganisation('UWV')];
    await t.directory.hostAt(orgA.id, site.id);
    await t.directory.hostAt(orgB.id, site.id);
    const agreement = await t.directory.createAgreement({ siteId: site.id, from: orgA.id, to: orgB.id, shareAlarms: true, shareWarnings: false });
    const a = await enrolRaw(t.server.url, t.directory, { organisationId: orgA.id, siteId: site.id });
    const b = await enrolRaw(t.server.url, t.directory, { organisationId: orgB.id, siteId: site.id });
    const world: World = { url: t.server.url, a, b, ids: [orgA.id, orgB.id, site.id, agreement, a.deviceId, b.deviceId, newId()] };
    await send(world, { method: 'PUT', path: '/v1/benchmark/participation', body: { participating: true }, as: 'device' }, 'right', null);

    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(requests(world), async ([call, who, raw]) => {
        const status = await send(world, call, who, raw);
        const body = 'body' in call ? call.body : undefined;
        if (status >= 500) failures.push(`${status} ${call.method} ${call.path} as ${who}: ${raw ?? JSON.stringify(body)?.slice(0, 300)}`);
        expect(status, failures.at(-1)).toBeLessThan(500);
      }),
      { numRuns: RUNS, ...seed },
    );
    await checkStored(t);
    expect((await fetch(`${t.server.url}/ready`)).status).toBe(200);
  });

  it(`${Math.ceil(RUNS / 5)} hostile realtime frames: none is relayed unless valid and in the sender's scope, and the server stays up`, { timeout: 600_000 }, async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind);
    open.push(t);
    const site = await t.directory.createSite('Werkplein');
    const [orgA, orgB] = [await t.directory.createOrganisation('Gemeente', 'gemeente'), await t.directory.createOrganisation('UWV')];
    await t.directory.hostAt(orgA.id, site.id);
    await t.directory.hostAt(orgB.id, site.id);
    await t.directory.createAgreement({ siteId: site.id, from: orgA.id, to: orgB.id, shareAlarms: true, shareWarnings: false });
    const [sender, colleague, partner] = [
      await enrolRaw(t.server.url, t.directory, { organisationId: orgA.id, siteId: site.id }),
      await enrolRaw(t.server.url, t.directory, { organisationId: orgA.id, siteId: site.id }),
      await enrolRaw(t.server.url, t.directory, { organisationId: orgB.id, siteId: site.id }),
    ];
    const [from, atColleague, atPartner] = [await openRealtime(t.server.url, sender), await openRealtime(t.server.url, colleague), await openRealtime(t.server.url, partner)];
    const valid = fc.constant(null).map(() => alarmFrame(sender));
    const frame = fc.oneof(
      mutated(valid.map((f) => f.message)).map((message) => ({ type: 'alarm', message })),
      mutated(valid),
      fc.tuple(valid, fc.constantFrom('organisation_id', 'site_id'), fc.constantFrom(orgB.id, newId())).map(([f, key, value]) => ({ ...f, message: { ...f.message, [key]: value } })),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(frame.map((f) => JSON.stringify(f)), fc.string({ unit: 'binary', maxLength: 200 }), fc.constantFrom('', '{', '[]', 'null', '{"type":"alarm"}')), async (text) => {
        from.socket.send(text);
        await new Promise((resolve) => setImmediate(resolve));
      }),
      { numRuns: Math.ceil(RUNS / 5), ...seed },
    );
    // A last valid alarm marks the end: once it arrived, everything before it has been handled.
    const last = alarmFrame(sender);
    from.send(last);
    const arrived = (frames: typeof atColleague.frames) => frames.some((f) => f.message?.message_id === last.message.message_id);
    const deadline = Date.now() + 10_000;
    while (!(arrived(atColleague.frames) && arrived(atPartner.frames)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(from.socket.readyState).toBe(from.socket.OPEN);
    expect([arrived(atColleague.frames), arrived(atPartner.frames)]).toEqual([true, true]);
    for (const received of [...atColleague.frames, ...atPartner.frames]) {
      if (received.type !== 'alarm') continue;
      const message = received.message as Record<string, unknown> & { from?: { device_id?: string } };
      expect(message['organisation_id']).toBe(orgA.id);
      expect(message['site_id']).toBe(site.id);
      expect(message.from?.device_id).toBe(sender.deviceId);
    }
    expect((await fetch(`${t.server.url}/ready`)).status).toBe(200);
    [from, atColleague, atPartner].forEach((socket) => socket.socket.terminate());
  });
});
