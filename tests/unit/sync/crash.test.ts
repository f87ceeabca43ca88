import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../main/core/db/open-store.js';
import { ReplicaStore } from '../../../main/core/sync/replica-store.js';
import { pullAll, pushAll } from '../../../main/core/sync/sync-round.js';
import { httpTransport } from '../../../main/core/sync/transport.js';
import { newId } from '../../../shared/domain/ids.js';
import { SYNC_SCHEMA_VERSION } from '../../../shared/sync/protocol.js';
import { freePort, killHard, spawnTs, waitForHttp } from '../../support/processes.js';
import { crashClientArgv } from '../../crash/crash-client-args.js';
import { enrolReplica, type TestReplica } from '../../support/replica.js';
import { createTenant, freshPostgresDatabase, postgresAvailable, startTestServer } from '../../support/sync-server.js';
import { TcpProxy } from '../../support/tcp-proxy.js';
import { tempDir } from '../../support/temp-dir.js';
import { TEST_SERVER_ENV, TEST_STORE_KEY } from '../../support/test-keys.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const incident = (i: number) => ({ occurred_at: new Date().toISOString(), channel: 'counter', forms: ['threat'], status: 'open', narrative: `row ${i}` });

function clientArgs(device: TestReplica, dataDir: string, serverUrl: string, mode: 'write' | 'sync', count = 100_000): string[] {
  return crashClientArgv({ 'data-dir': dataDir, server: serverUrl, credential: device.credential, 'device-id': device.deviceId, organisation: device.scope.organisationId, site: device.scope.siteId, mode, count });
}

/** A server on a fresh SQLite file, one enrolled device, and ways to count what the server holds. */
async function crashRig() {
  const t = await startTestServer('sqlite');
  cleanup.push(() => t.close());
  const device = await enrolReplica(t.server.url, t.directory, await createTenant(t.directory));
  cleanup.push(() => device.close());
  return {
    t,
    device,
    dataDir: tempDir('vangnet-crash-'),
    serverRows: async () => (await t.server.store.db.selectFrom('replica_row').select('id').execute()).map((r) => r.id),
    appliedOps: async () => (await t.server.store.db.selectFrom('applied_op').select('op_id').execute()).length,
  };
}

/** After a crash: reopen the same file, sync straight to the server, and count. */
async function recoverAndCount(serverUrl: string, device: TestReplica, dataDir: string, serverRows: () => Promise<string[]>, appliedOps: () => Promise<number>) {
  const store = openStore({ key: TEST_STORE_KEY, dataDir }); // refuses a damaged file, so this also checks integrity
  const replica = new ReplicaStore(store.write, store.read, device.deviceId, () => new Date());
  const transport = httpTransport(serverUrl, device.credential);
  await pushAll(replica, transport);
  await pullAll(replica, transport, 1000);
  const local = (store.read.prepare("SELECT id FROM replica_row WHERE entity = 'incident' ORDER BY id").pluck().all() as string[]);
  const result = { local, server: (await serverRows()).sort(), applied: await appliedOps(), outbox: replica.pendingCount() };
  store.close();
  return result;
}

describe('crash safety with real processes and SIGKILL', () => {
  // Credentials are random base64url: one in 64 starts with "-", and the client then refused its own argv.
  it('the client process takes a credential that starts with "-"', async () => {
    const { t, device, dataDir } = await crashRig();
    const client = spawnTs('tests/crash/crash-client.ts', clientArgs({ ...device, credential: `-${device.credential}` }, dataDir, t.server.url, 'write', 1));
    expect(await client.exited).toBe(0);
    expect(client.lines).toEqual([expect.stringMatching(/^committed /)]);
  }, 60_000);

  it('client killed during local writes: every committed row survives and reaches the server once', async () => {
    const { t, device, dataDir, serverRows, appliedOps } = await crashRig();
    const committed = new Set<string>();
    for (const killAfter of [40, 170, 333]) {
      const client = spawnTs('tests/crash/crash-client.ts', clientArgs(device, dataDir, t.server.url, 'write'));
      await client.waitForLines(killAfter);
      await killHard(client.child);
      client.lines.forEach((line) => committed.add(line.replace('committed ', '')));
    }
    const after = await recoverAndCount(t.server.url, device, dataDir, serverRows, appliedOps);
    for (const id of committed) expect(after.local).toContain(id); // 0 lost
    expect(after.server).toEqual(after.local); // every local row reached the server
    expect(after.applied).toBe(after.local.length); // each op applied exactly once
    expect(after.outbox).toBe(0); // queue drained
  }, 120_000);

  it.each(['before the request is sent', 'after the server committed, before the reply'])('client killed during push %s: 0 lost, 0 duplicated, queue drained', async (moment) => {
    const { t, device, dataDir, serverRows, appliedOps } = await crashRig();
    const writer = openStore({ key: TEST_STORE_KEY, dataDir });
    const replica = new ReplicaStore(writer.write, writer.read, device.deviceId, () => new Date());
    for (let i = 0; i < 1_200; i += 1) replica.writeRow('incident', newId(), incident(i), device.scope);
    writer.close();

    const proxy = new TcpProxy(Number(new URL(t.server.url).port));
    const proxyUrl = await proxy.listen();
    cleanup.push(() => proxy.close());
    const beforeSend = moment.startsWith('before');
    proxy.policy = { holdRequests: beforeSend, holdResponses: !beforeSend };
    const client = spawnTs('tests/crash/crash-client.ts', clientArgs(device, dataDir, proxyUrl, 'sync'));
    await client.diedFirst(proxy.seen(beforeSend ? 'request' : 'response', beforeSend ? 'POST /v1/sync/push' : 'HTTP/1.1 200'));
    await killHard(client.child);
    expect((await serverRows()).length).toBe(beforeSend ? 0 : 500);

    const after = await recoverAndCount(t.server.url, device, dataDir, serverRows, appliedOps);
    expect(after.local).toHaveLength(1_200);
    expect(after.server).toEqual(after.local);
    expect(after.applied).toBe(1_200);
    expect(after.outbox).toBe(0);
  }, 120_000);

  it.for<'sqlite' | 'postgres'>(['sqlite', 'postgres'])('server (%s) killed mid-batch: after restart, 0 lost, 0 duplicated, queue drained', { timeout: 180_000 }, async (kind, { skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const port = await freePort();
    const adminToken = 'k'.repeat(40);
    const database = kind === 'postgres' ? await freshPostgresDatabase() : null;
    if (database) cleanup.push(() => database.drop());
    const env = { VANGNET_SERVER_PORT: String(port), VANGNET_ADMIN_TOKEN: adminToken, ...(database ? { DATABASE_URL: database.url, ...TEST_SERVER_ENV } : { VANGNET_SERVER_DATA_DIR: tempDir('vangnet-srv-') }) };
    const serverUrl = `http://127.0.0.1:${port}`;
    let server = spawnTs('server/src/main.ts', [], env);
    cleanup.push(() => killHard(server.child));
    await waitForHttp(`${serverUrl}/ready`);

    const admin = async (pathName: string, body: object) => {
      const response = await fetch(`${serverUrl}${pathName}`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return (await response.json()) as Record<string, string>;
    };
    const organisation = await admin('/v1/admin/organisations', { name: 'Gemeente' });
    const site = await admin('/v1/admin/sites', { name: 'Stadskantoor' });
    await admin('/v1/admin/hosting', { organisation_id: organisation['id'], site_id: site['id'] });
    const { code } = await admin('/v1/admin/enrolment-codes', { organisation_id: organisation['id'], site_id: site['id'] });
    const deviceId = newId();
    const enrolled = (await (await fetch(`${serverUrl}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, device_id: deviceId, device_name: 'pc', schema_version: SYNC_SCHEMA_VERSION }) })).json()) as { credential: string };

    const dataDir = tempDir('vangnet-crash-');
    const store = openStore({ key: TEST_STORE_KEY, dataDir });
    cleanup.push(async () => store.close());
    const replica = new ReplicaStore(store.write, store.read, deviceId, () => new Date());
    const scope = { organisationId: organisation['id'] as string, siteId: site['id'] as string };
    const proxy = new TcpProxy(port);
    const proxyUrl = await proxy.listen();
    cleanup.push(() => proxy.close());
    const transport = httpTransport(proxyUrl, enrolled.credential);

    let written = 0;
    for (const delayMs of [0, 3, 8]) {
      for (let i = 0; i < 1_000; i += 1) replica.writeRow('incident', newId(), incident(written++), scope);
      const pushing = pushAll(replica, transport).catch((error: unknown) => error);
      await proxy.seen('request', 'POST /v1/sync/push');
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await killHard(server.child);
      expect(await pushing).toBeInstanceOf(Error);
      server = spawnTs('server/src/main.ts', [], env);
      await waitForHttp(`${serverUrl}/ready`);
    }
    await pushAll(replica, transport);
    await pullAll(replica, transport, 1000);

    const pulled = (await (await fetch(`${serverUrl}/v1/sync/pull?cursor=0&limit=5000&schema_version=1`, { headers: { authorization: `Bearer ${enrolled.credential}` } })).json()) as { rows: { id: string }[] };
    const local = store.read.prepare("SELECT id FROM replica_row WHERE entity = 'incident' ORDER BY id").pluck().all() as string[];
    expect(local).toHaveLength(written);
    expect(pulled.rows.map((row) => row.id).sort()).toEqual(local);
    expect(new Set(pulled.rows.map((row) => row.id)).size).toBe(written);
    expect(replica.pendingCount()).toBe(0);
  });
});
