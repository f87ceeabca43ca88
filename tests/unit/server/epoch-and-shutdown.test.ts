import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { subDays } from 'date-fns';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids.js';
import { SYNC_SCHEMA_VERSION } from '../../../shared/sync/protocol.js';
import { compact } from '../../../server/src/sync/compaction.js';
import { freePort, killHard, spawnTs, waitForHttp } from '../../support/processes.js';
import { enrolReplica, type TestReplica, visibleRows } from '../../support/replica.js';
import { createTenant, startTestServer, type TestServer } from '../../support/sync-server.js';
import { tempDir } from '../../support/temp-dir.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});
const incident = { occurred_at: '2026-11-28T09:00:00.000Z', channel: 'counter', forms: ['threat'], status: 'open' };

async function twoDevices(): Promise<{ t: TestServer; a: TestReplica; b: TestReplica }> {
  const t = await startTestServer('sqlite');
  cleanup.push(() => t.close());
  const tenant = await createTenant(t.directory);
  const a = await enrolReplica(t.server.url, t.directory, tenant);
  const b = await enrolReplica(t.server.url, t.directory, tenant);
  cleanup.push(() => a.close(), () => b.close());
  return { t, a, b };
}

describe('full re-sync', () => {
  it('a new epoch (server restored from a backup) makes clients start over and send their own writes again, so the server gets back what it lost', async () => {
    const { t, a } = await twoDevices();
    const kept = newId();
    const lost = newId();
    a.replica.writeRow('incident', kept, incident, a.scope);
    a.replica.writeRow('incident', lost, incident, a.scope);
    await a.engine.syncNow();
    // The restore: the backup predates `lost`, and it gets a new epoch.
    await t.server.store.db.deleteFrom('replica_row').where('id', '=', lost).execute();
    await t.server.store.db.updateTable('server_state').set({ epoch: randomUUID() }).execute();
    const unsent = newId();
    a.replica.writeRow('incident', unsent, incident, a.scope);
    await a.engine.syncNow();
    await a.engine.syncNow();
    expect(visibleRows(a.store.read, 'incident').map((row) => row.id).sort()).toEqual([kept, lost, unsent].sort());
    expect(a.replica.pendingCount()).toBe(0);
    const onServer = await t.server.store.db.selectFrom('replica_row').select('id').where('entity', '=', 'incident').execute();
    expect(onServer.map((row) => row.id).sort()).toEqual([kept, lost, unsent].sort());
  });

  it('a row another device wrote and the restored server lost is dropped: only its writer sends it again', async () => {
    const { t, a, b } = await twoDevices();
    const theirs = newId();
    b.replica.writeRow('incident', theirs, incident, b.scope);
    await b.engine.syncNow();
    await a.engine.syncNow();
    await b.close();
    await t.server.store.db.deleteFrom('replica_row').where('id', '=', theirs).execute();
    await t.server.store.db.updateTable('server_state').set({ epoch: randomUUID() }).execute();
    await a.engine.syncNow();
    expect(visibleRows(a.store.read, 'incident')).toEqual([]);
    expect(a.replica.pendingCount()).toBe(0);
  });

  it('compacting old tombstones sends a client whose cursor is older into a full re-sync', async () => {
    const { t, a, b } = await twoDevices();
    const gone = newId();
    a.replica.writeRow('incident', gone, incident, a.scope);
    await a.engine.syncNow();
    await b.engine.syncNow();
    a.replica.writeRow('incident', gone, { _deleted: true }, a.scope);
    await a.engine.syncNow();
    // b has been away; meanwhile the tombstone is old enough to be compacted.
    await t.server.store.db.updateTable('replica_row').set({ updated_at: subDays(new Date(), 120).toISOString() }).where('id', '=', gone).execute();
    expect(await compact(t.server.store.db, new Date())).toMatchObject({ tombstones: 1 });
    await b.engine.syncNow();
    expect(visibleRows(b.store.read, 'incident')).toEqual([]);
    expect(b.store.read.prepare('SELECT count(*) FROM replica_row').pluck().get()).toBe(0);
  });
});

// Each test here starts Node + tsx cold, several seconds each and many times that on a busy
// 2-core CI machine (19.9 s seen for the drain test): the limit is on waiting, not a measurement.
const COLD_START_MS = 90_000;

describe('server process', () => {
  it('drains on SIGTERM: a push in flight is answered, then the process exits 0', async () => {
    const port = await freePort();
    const adminToken = 'd'.repeat(40);
    const server = spawnTs('server/src/main.ts', [], { VANGNET_SERVER_PORT: String(port), VANGNET_SERVER_DATA_DIR: tempDir(), VANGNET_ADMIN_TOKEN: adminToken });
    cleanup.push(() => killHard(server.child));
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/ready`);
    const post = async (path: string, body: object, token = adminToken) => (await (await fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Record<string, string>;
    const organisation = await post('/v1/admin/organisations', { name: 'G' });
    const site = await post('/v1/admin/sites', { name: 'S' });
    await post('/v1/admin/hosting', { organisation_id: organisation['id'], site_id: site['id'] });
    const { code } = await post('/v1/admin/enrolment-codes', { organisation_id: organisation['id'], site_id: site['id'] });
    const { credential } = (await (await fetch(`${url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, device_id: newId(), device_name: 'pc', schema_version: SYNC_SCHEMA_VERSION }) })).json()) as { credential: string };
    const ops = Array.from({ length: 500 }, (_, i) => ({ op_id: newId(), device_seq: i + 1, entity: 'incident', row_id: newId(), patch: incident, hlc: `${String(Date.now()).padStart(15, '0')}-${i.toString(36).padStart(6, '0')}-pc`, base_hlc: null, schema_version: 1 }));
    const push = fetch(`${url}/v1/sync/push`, { method: 'POST', headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' }, body: JSON.stringify({ schema_version: 1, ops }) });
    await new Promise((resolve) => setTimeout(resolve, 5));
    server.child.kill('SIGTERM');
    const response = await push;
    expect(response.status).toBe(200);
    expect(((await response.json()) as { acked_through: number }).acked_through).toBe(500);
    expect(await server.exited).toBe(0);
  }, COLD_START_MS);

  it('the admin CLI creates organisations and sites, and says clearly what is wrong', async () => {
    const env = { VANGNET_SERVER_DATA_DIR: tempDir() };
    const created = spawnTs('server/src/admin-cli.ts', ['create-organisation', '--name=-Gemeente Deventer'], env);
    expect(await created.exited).toBe(0);
    expect(JSON.parse(created.lines.join('\n'))).toMatchObject({ name: '-Gemeente Deventer' });
    // Both at once: the second is refused before it opens the database.
    const wrong = spawnTs('server/src/admin-cli.ts', ['enrolment-code', '--organisation=nope'], env);
    // A dash value as a separate argument: a message that says how to write it, not a stack trace.
    const dashed = spawnTs('server/src/admin-cli.ts', ['create-organisation', '--name', '-Gemeente'], env);
    expect(await wrong.exited).toBe(2);
    expect(await dashed.exited).toBe(2);
    expect(dashed.stderr()).toMatch(/^vangnet admin: BAD_REQUEST: .*'--name=-XYZ'/s);
  }, COLD_START_MS);

  it('the server refuses flags instead of starting with the defaults', async () => {
    const server = spawnTs('server/src/main.ts', ['--port=4791'], { VANGNET_SERVER_PORT: String(await freePort()), VANGNET_SERVER_DATA_DIR: tempDir() });
    cleanup.push(() => killHard(server.child));
    expect(await server.exited).toBe(2);
    expect(server.stderr()).toMatch(/^vangnet server: .*environment/);
  }, COLD_START_MS);
});

describe('shutdown', () => {
  it('a keep-alive connection busy with a request when closing starts does not hold the close for its keep-alive time', async () => {
    const t = await startTestServer('sqlite');
    const { port } = new URL(t.server.url);
    // A request whose body is still arriving when the server starts closing (a PC's push, say).
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const answered = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\r\n\r\n')) resolve(text);
      });
    });
    const body = JSON.stringify({ schema_version: SYNC_SCHEMA_VERSION, ops: [] });
    // Closing starts once the server has the request in hand (its headers read), not before.
    const received = new Promise((resolve) => t.server.app.server.once('request', resolve));
    socket.write(`POST /v1/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n${body.slice(0, 5)}`);
    await received;
    const started = Date.now();
    const closed = t.close();
    socket.write(body.slice(5));
    expect(await answered).toMatch(/^HTTP\/1\.1 401/);
    await closed;
    // Without the sweep this waited for the keep-alive timeout (72 s) of the answered connection.
    expect(Date.now() - started).toBeLessThan(5_000);
    socket.destroy();
  }, 20_000);
});
