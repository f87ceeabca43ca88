import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids.js';
import { MAX_BODY_BYTES, MAX_PUSH_OPS, SYNC_SCHEMA_VERSION } from '../../../shared/sync/protocol.js';
import { formatHlc } from '../../../shared/sync/hlc.js';
import { enrolReplica, type TestReplica } from '../../support/replica.js';
import { createTenant, postgresAvailable, startTestServer, type StorageKind, type TestServer } from '../../support/sync-server.js';

const open: { servers: TestServer[]; replicas: TestReplica[] } = { servers: [], replicas: [] };
afterEach(async () => {
  for (const replica of open.replicas.splice(0)) await replica.close();
  for (const server of open.servers.splice(0)) await server.close();
});

async function setUp(kind: StorageKind, overrides = {}) {
  const t = await startTestServer(kind, overrides);
  open.servers.push(t);
  const tenant = await createTenant(t.directory);
  const device = await enrolReplica(t.server.url, t.directory, tenant);
  open.replicas.push(device);
  return { t, tenant, device };
}

function op(seq: number, patch: Record<string, unknown>, entity = 'incident') {
  return { op_id: newId(), device_seq: seq, entity, row_id: newId(), patch, hlc: formatHlc({ wall: Date.now(), counter: seq, node: 'test' }), base_hlc: null, schema_version: SYNC_SCHEMA_VERSION };
}
const validIncident = { occurred_at: '2026-11-28T09:00:00.000Z', channel: 'phone', forms: ['threat'], status: 'open' };

async function request(url: string, init: RequestInit & { credential?: string } = {}) {
  const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
  if (init.credential) headers['authorization'] = `Bearer ${init.credential}`;
  if (init.body) headers['content-type'] ??= 'application/json';
  const response = await fetch(url, { ...init, headers });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: response.status, body: body as { error?: { code: string }; [key: string]: unknown } };
}

describe.each(['sqlite', 'postgres'] as StorageKind[])('server HTTP API on %s', (kind) => {
  it('answers bad input with 400 and a code, and keeps serving', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { t, device } = await setUp(kind);
    const push = (body: string) => request(`${t.server.url}/v1/sync/push`, { method: 'POST', body, credential: device.credential });
    expect(await push('{not json')).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
    expect(await push(JSON.stringify({ schema_version: 1, ops: [] }))).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
    expect(await push(JSON.stringify({ schema_version: 1, ops: [{ ...op(1, validIncident), hlc: 'yesterday' }] }))).toMatchObject({ status: 400 });
    expect(await push(JSON.stringify({ schema_version: 1, ops: [op(2, validIncident), op(1, validIncident)] }))).toMatchObject({ status: 400 });
    const tooMany = Array.from({ length: MAX_PUSH_OPS + 1 }, (_, i) => op(i + 1, validIncident));
    expect(await push(JSON.stringify({ schema_version: 1, ops: tooMany }))).toMatchObject({ status: 400, body: { error: { code: 'BATCH_TOO_LARGE' } } });
    expect(await push(JSON.stringify({ schema_version: 1, ops: [op(1, { narrative: 'x'.repeat(MAX_BODY_BYTES) })] }))).toMatchObject({ status: 413, body: { error: { code: 'PAYLOAD_TOO_LARGE' } } });
    expect(await push(JSON.stringify({ schema_version: 99, ops: [op(1, validIncident)] }))).toMatchObject({ status: 409, body: { error: { code: 'SCHEMA_UNSUPPORTED' } } });
    expect(await request(`${t.server.url}/v1/sync/pull?cursor=-1&schema_version=1`, { credential: device.credential })).toMatchObject({ status: 400 });
    expect(await request(`${t.server.url}/v1/sync/pull?cursor=0&limit=999999&schema_version=1`, { credential: device.credential })).toMatchObject({ status: 400 });
    expect(await request(`${t.server.url}/v1/enrol`, { method: 'POST', body: JSON.stringify({ code: 'x' }) })).toMatchObject({ status: 400 });
    expect(await request(`${t.server.url}/ready`)).toMatchObject({ status: 200, body: { status: 'ready', storage: kind } });
    // Nothing half-written.
    expect(await t.server.store.db.selectFrom('replica_row').select('id').execute()).toEqual([]);
  });

  it('acknowledges a refused op with a reason and lets the queue move on', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { t, device } = await setUp(kind);
    const bad = [op(1, { mood: 'angry' }), op(2, validIncident, 'spaceship'), op(3, { ...validIncident, channel: 'pigeon' }), op(4, { narrative: 'no required fields' })];
    const good = op(5, validIncident);
    const answer = await request(`${t.server.url}/v1/sync/push`, { method: 'POST', body: JSON.stringify({ schema_version: 1, ops: [...bad, good] }), credential: device.credential });
    expect(answer.status).toBe(200);
    expect(answer.body['acked_through']).toBe(5);
    expect((answer.body['rejected'] as { code: string }[]).map((r) => r.code)).toEqual(['UNKNOWN_FIELD', 'UNKNOWN_ENTITY', 'INVALID_VALUE', 'MISSING_FIELDS']);
    expect(await t.server.store.db.selectFrom('replica_row').select('id').execute()).toEqual([{ id: good.row_id }]);
  });

  it('refuses incident text with control characters, which incident.get could not read back', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { t, device } = await setUp(kind);
    const ops = [op(1, { ...validIncident, narrative: 'bel\u0007' }), op(2, { ...validIncident, witnesses: 'a\u0000b' }), op(3, { ...validIncident, narrative: 'regel 1\nregel 2\ttab' })];
    const answer = await request(`${t.server.url}/v1/sync/push`, { method: 'POST', body: JSON.stringify({ schema_version: 1, ops }), credential: device.credential });
    expect(answer.status).toBe(200);
    expect(answer.body['rejected']).toEqual([expect.objectContaining({ op_id: ops[0]?.op_id, code: 'INVALID_VALUE' }), expect.objectContaining({ op_id: ops[1]?.op_id, code: 'INVALID_VALUE' })]);
    expect(await t.server.store.db.selectFrom('replica_row').select('id').execute()).toEqual([{ id: ops[2]?.row_id }]);
  });

  it('a refused op in the outbox never wedges the client queue', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { device } = await setUp(kind);
    // An op written by an older client that this server no longer accepts.
    device.store.write.prepare("INSERT INTO outbox (device_seq, op_id, entity, row_id, patch, hlc, base_hlc, schema_version, created_at) VALUES (1, ?, 'incident', ?, '{\"retired_field\":1}', ?, NULL, 1, '2026-11-28T00:00:00Z')").run(newId(), newId(), formatHlc({ wall: 1, counter: 0, node: 'x' }));
    device.store.write.prepare('UPDATE sync_state SET next_device_seq = 2').run();
    device.replica.writeRow('incident', newId(), validIncident, device.scope);
    await device.engine.syncNow();
    expect(device.replica.pendingCount()).toBe(0);
    expect(device.replica.rejectionCount()).toBe(1);
    expect(device.engine.phase).toBe('idle');
  });

  it('enrols with a one-time code only once, and refuses unknown or expired codes', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind);
    open.servers.push(t);
    const tenant = await createTenant(t.directory);
    const { code } = await t.directory.createEnrolmentCode(tenant.organisationId, tenant.siteId);
    const enrol = (body: object) => request(`${t.server.url}/v1/enrol`, { method: 'POST', body: JSON.stringify({ device_name: 'Balie 1', schema_version: 1, device_id: newId(), ...body }) });
    const first = await enrol({ code: code.toLowerCase().replace(/-/g, ' ') });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ organisation: { id: tenant.organisationId }, site: { id: tenant.siteId } });
    expect(await enrol({ code })).toMatchObject({ status: 403, body: { error: { code: 'ENROLMENT_CODE_INVALID' } } });
    expect(await enrol({ code: 'AAAA-BBBB-CCCC' })).toMatchObject({ status: 403 });
    const expired = await t.directory.createEnrolmentCode(tenant.organisationId, tenant.siteId, 1);
    await t.server.store.db.updateTable('enrolment_code').set({ expires_at: '2000-01-01T00:00:00.000Z' }).execute();
    expect(await enrol({ code: expired.code })).toMatchObject({ status: 403 });
  });

  it('revocation bites on the very next request', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { t, device } = await setUp(kind);
    const pull = () => request(`${t.server.url}/v1/sync/pull?cursor=0&schema_version=1`, { credential: device.credential });
    expect((await pull()).status).toBe(200);
    await t.directory.revokeDevice(device.deviceId);
    expect(await pull()).toMatchObject({ status: 401, body: { error: { code: 'DEVICE_REVOKED' } } });
    device.replica.writeRow('incident', newId(), validIncident, device.scope);
    await device.engine.syncNow();
    expect(device.engine.phase).toBe('revoked');
    expect(device.replica.pendingCount()).toBe(1); // kept, not lost
  });

  it('limits the request rate per device', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { t, device } = await setUp(kind, { rateLimitPerMinute: 5 });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await request(`${t.server.url}/v1/sync/pull?cursor=0&schema_version=1`, { credential: device.credential })).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const other = await enrolReplica(t.server.url, t.directory, { organisationId: device.scope.organisationId, siteId: device.scope.siteId });
    open.replicas.push(other);
    expect((await request(`${t.server.url}/v1/sync/pull?cursor=0&schema_version=1`, { credential: other.credential })).status).toBe(200);
  });

  it('serves health and Prometheus metrics', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { t, device } = await setUp(kind);
    device.replica.writeRow('incident', newId(), validIncident, device.scope);
    await device.engine.syncNow();
    expect(await request(`${t.server.url}/health`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    const metrics = await request(`${t.server.url}/metrics`);
    expect(String(metrics.body)).toMatch(/vangnet_pushed_ops_total\{outcome="applied"\} 1/);
  });
});
