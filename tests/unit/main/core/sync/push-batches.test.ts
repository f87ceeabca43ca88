import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../../../main/core/db/open-store.js';
import { ReplicaStore, type Scope } from '../../../../../main/core/sync/replica-store.js';
import { httpTransport, type SyncTransport } from '../../../../../main/core/sync/transport.js';
import { newId } from '../../../../../shared/domain/ids.js';
import { incidentLimits } from '../../../../../shared/incident/incident-contract.js';
import { MAX_BODY_BYTES, SYNC_SCHEMA_VERSION, type PushRequest } from '../../../../../shared/sync/protocol.js';
import { enrolReplica, visibleRows, type TestReplica } from '../../../../support/replica.js';
import { tempDir } from '../../../../support/temp-dir.js';
import { createTenant, postgresAvailable, startTestServer, type StorageKind, type TestServer } from '../../../../support/sync-server.js';
import { TEST_STORE_KEY } from '../../../../support/test-keys.js';

const open: { servers: TestServer[]; replicas: TestReplica[] } = { servers: [], replicas: [] };
afterEach(async () => {
  for (const replica of open.replicas.splice(0)) await replica.close();
  for (const server of open.servers.splice(0)) await server.close();
});

async function setUp(kind: StorageKind, transport?: (url: string) => (credential: string) => SyncTransport) {
  const t = await startTestServer(kind);
  open.servers.push(t);
  const tenant = await createTenant(t.directory);
  const away = await enrolReplica(t.server.url, t.directory, tenant, transport ? { transport: transport(t.server.url) } : {});
  const other = await enrolReplica(t.server.url, t.directory, tenant);
  open.replicas.push(away, other);
  return { t, tenant, away, other };
}

/** Text of exactly `length` characters; with '€' each is three bytes in UTF-8, the most a field may hold. */
const fullText = (length: number, tag: string, fill: string) => `${tag} ${fill.repeat(length)}`.slice(0, length);

/** Every free-text field of an incident at its maximum length. */
function fullRecord(tag: string, fill = 'x') {
  return {
    location: fullText(incidentLimits.location, tag, fill),
    narrative: fullText(incidentLimits.narrative, tag, fill),
    task_at_the_time: fullText(incidentLimits.task_at_the_time, tag, fill),
    perpetrator_description: fullText(incidentLimits.perpetrator_description, tag, fill),
    means: fullText(incidentLimits.means, tag, fill),
    witnesses: fullText(incidentLimits.witnesses, tag, fill),
    evidence: fullText(incidentLimits.evidence, tag, fill),
  };
}

/** Puts an op in the outbox as an older or damaged client might have: past the checks a write runs today. */
function queueRaw(store: Store, patch: Record<string, unknown>, entity = 'incident'): string {
  const opId = newId();
  store.write.transaction(() => {
    const { seq, hlc } = store.write.prepare('UPDATE sync_state SET next_device_seq = next_device_seq + 1 WHERE id = 1 RETURNING next_device_seq - 1 AS seq, last_hlc AS hlc').get() as { seq: number; hlc: string };
    store.write
      .prepare('INSERT INTO outbox (device_seq, op_id, entity, row_id, patch, hlc, base_hlc, schema_version, created_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)')
      .run(seq, opId, entity, newId(), JSON.stringify(patch), hlc, SYNC_SCHEMA_VERSION, new Date().toISOString());
  })();
  return opId;
}

const incident = { occurred_at: '2026-11-28T09:00:00.000Z', channel: 'counter', forms: ['threat'], status: 'open' };
const writeIncident = (replica: ReplicaStore, scope: Scope, narrative: string) => replica.writeRow('incident', newId(), { ...incident, narrative }, scope);

/** Records the size of every push body that reaches the server. */
function measuring(sizes: number[]) {
  return (url: string) => (credential: string): SyncTransport => {
    const inner = httpTransport(url, credential);
    return {
      push: (request: PushRequest) => {
        sizes.push(Buffer.byteLength(JSON.stringify(request)));
        return inner.push(request);
      },
      pull: (query) => inner.pull(query),
    };
  };
}

describe.each(['sqlite', 'postgres'] as StorageKind[])('a large outbox on %s', (kind) => {
  it('a day offline with 2,000 edits at maximum field sizes drains completely on reconnect, in full batches under the body limit', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const sizes: number[] = [];
    const { away, other, tenant } = await setUp(kind, measuring(sizes));
    const ids = Array.from({ length: 400 }, () => newId());
    away.replica.together(() => {
      for (const [i, id] of ids.entries()) away.replica.writeRow('incident', id, { ...incident, ...fullRecord(`${i}.0`) }, tenant);
      for (let edit = 1; edit <= 4; edit += 1) for (const [i, id] of ids.entries()) away.replica.writeRow('incident', id, fullRecord(`${i}.${edit}`), tenant);
    });
    expect(away.replica.pendingCount()).toBe(2_000);
    await away.engine.syncNow();
    expect(away.replica.pendingCount()).toBe(0);
    expect(away.replica.rejectionCount()).toBe(0);
    expect(away.engine.phase).toBe('idle');
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    // Measured, not counted: batches are filled close to the limit, so it takes few requests.
    const total = sizes.reduce((sum, size) => sum + size, 0);
    expect(sizes.length).toBeLessThanOrEqual(Math.ceil(total / (MAX_BODY_BYTES * 0.9)));

    await other.engine.syncNow();
    const rows = visibleRows(other.store.read, 'incident');
    expect(rows).toHaveLength(400);
    const byId = new Map(rows.map((row) => [row.id, row.data]));
    ids.forEach((id, i) => expect(byId.get(id)).toEqual({ ...incident, ...fullRecord(`${i}.4`) }));
  }, 180_000);

  it('an op the server cannot take lands in the refused changes with its reason, and the ops after it still go', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { away, other, tenant } = await setUp(kind);
    writeIncident(away.replica, tenant, 'voor');
    // A field name longer than the protocol allows: the server refuses the whole request (400).
    const malformed = queueRaw(away.store, { ...incident, ['x'.repeat(80)]: 1 });
    // Larger than any request the server takes (it would answer 413).
    const oversize = queueRaw(away.store, { ...incident, narrative: 'x'.repeat(MAX_BODY_BYTES) });
    for (let i = 0; i < 20; i += 1) writeIncident(away.replica, tenant, `na ${i}`);

    await away.engine.syncNow();
    expect(away.replica.syncState().last_error).toBe(null);
    expect(away.replica.pendingCount()).toBe(0);
    expect(away.engine.phase).toBe('idle');
    const refused = new Map(away.replica.rejections().map((rejection) => [rejection.op_id, rejection]));
    expect(refused.size).toBe(2);
    expect(refused.get(malformed)).toMatchObject({ entity: 'incident', code: 'BAD_REQUEST', message: expect.stringContaining('ops.0.patch') as unknown });
    expect(refused.get(oversize)).toMatchObject({ entity: 'incident', code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining(`at most ${MAX_BODY_BYTES}`) as unknown });

    await other.engine.syncNow();
    const narratives = visibleRows(other.store.read, 'incident').map((row) => row.data['narrative']);
    expect(narratives.sort()).toEqual(['voor', ...Array.from({ length: 20 }, (_, i) => `na ${i}`)].sort());
  });

  it('a push that fails still pulls the changes of others, and says the push failed', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    let pushBlocked = true;
    // Like a proxy that drops uploads: pushes never arrive, pulls do.
    const blocking = (url: string) => (credential: string) =>
      httpTransport(url, credential, (input, init) => (pushBlocked && String(input).endsWith('/v1/sync/push') ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init)));
    const { away, other, tenant } = await setUp(kind, blocking);
    writeIncident(away.replica, tenant, 'van de weggeweest');
    writeIncident(other.replica, tenant, 'van een collega');
    await other.engine.syncNow();

    await away.engine.syncNow();
    expect(visibleRows(away.store.read, 'incident').map((row) => row.data['narrative']).sort()).toEqual(['van de weggeweest', 'van een collega']);
    expect(away.engine.phase).toBe('offline');
    expect(away.replica.syncState().last_error).toMatch(/^push: cannot reach/);
    expect(away.replica.pendingCount()).toBe(1);

    pushBlocked = false;
    await away.engine.syncNow();
    expect(away.replica.pendingCount()).toBe(0);
    expect(away.engine.phase).toBe('idle');
    await other.engine.syncNow();
    expect(visibleRows(other.store.read, 'incident')).toHaveLength(2);
  });
});

describe('push batches', () => {
  it('measure exactly the bytes of the request they make', () => {
    const store = openStore({ key: TEST_STORE_KEY, dataDir: tempDir() });
    const replica = new ReplicaStore(store.write, store.read, newId(), () => new Date());
    const scope = { organisationId: newId(), siteId: newId() };
    for (let i = 0; i < 30; i += 1) replica.writeRow('incident', newId(), { ...incident, ...fullRecord(`é "${i}" \\ ✓`, '€') }, scope);
    for (const maxBytes of [1, 100_000, 400_000, MAX_BODY_BYTES]) {
      const { ops, bytes } = replica.pendingBatch(500, maxBytes);
      expect(Buffer.byteLength(JSON.stringify({ schema_version: SYNC_SCHEMA_VERSION, ops }))).toBe(bytes);
      expect(ops.length === 1 || bytes <= maxBytes).toBe(true);
    }
    expect(replica.pendingBatch(500, MAX_BODY_BYTES).ops).toHaveLength(30);
    store.close();
  });
});

describe('behind a proxy with a lower body limit', () => {
  it('halves batches the proxy refuses with 413 until they pass, and refuses only the op that never fits', async () => {
    const limit = 1024 * 1024;
    const seen: number[] = [];
    // nginx answers 413 with an HTML page above its client_max_body_size (1 MiB by default).
    const proxy = (url: string) => (credential: string) =>
      httpTransport(url, credential, (input, init) => {
        const size = typeof init?.body === 'string' ? Buffer.byteLength(init.body) : 0;
        seen.push(size);
        if (size > limit) return Promise.resolve(new Response('<html><body>413 Request Entity Too Large</body></html>', { status: 413, headers: { 'content-type': 'text/html' } }));
        return fetch(input, init);
      });
    const { away, other, tenant } = await setUp('sqlite', proxy);
    away.replica.together(() => {
      for (let i = 0; i < 30; i += 1) away.replica.writeRow('incident', newId(), { ...incident, ...fullRecord(`a${i}`, '€') }, tenant);
    });
    const tooLargeForProxy = queueRaw(away.store, { ...incident, narrative: 'x'.repeat(limit + 10) });
    away.replica.together(() => {
      for (let i = 0; i < 30; i += 1) away.replica.writeRow('incident', newId(), { ...incident, ...fullRecord(`b${i}`, '€') }, tenant);
    });

    await away.engine.syncNow();
    expect(away.replica.pendingCount()).toBe(0);
    expect(away.replica.rejections()).toMatchObject([{ op_id: tooLargeForProxy, code: 'PAYLOAD_TOO_LARGE' }]);
    // The limit is learnt: after the first refusals, batches fit.
    expect(seen.filter((size) => size > limit).length).toBeLessThanOrEqual(4);
    await other.engine.syncNow();
    expect(visibleRows(other.store.read, 'incident')).toHaveLength(60);
  });
});
