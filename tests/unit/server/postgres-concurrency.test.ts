import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import WebSocket from 'ws';
import { newId } from '../../../shared/domain/ids.js';
import { formatHlc } from '../../../shared/sync/hlc.js';
import { pullRows } from '../../../server/src/sync/pull.js';
import { pushBatch } from '../../../server/src/sync/push.js';
import { enrolReplica, type TestReplica, visibleRows } from '../../support/replica.js';
import { createTenant, postgresAvailable, startSecondInstance, startTestServer, type TestServer } from '../../support/sync-server.js';
import type { RunningServer } from '../../../server/src/start.js';

const open: { servers: TestServer[]; extra: RunningServer[]; replicas: TestReplica[]; clients: pg.Client[] } = { servers: [], extra: [], replicas: [], clients: [] };
afterEach(async () => {
  for (const client of open.clients.splice(0)) await client.end().catch(() => undefined);
  for (const replica of open.replicas.splice(0)) await replica.close();
  for (const server of open.extra.splice(0)) await server.close();
  for (const server of open.servers.splice(0)) await server.close();
});

const incident = { occurred_at: '2026-11-28T09:00:00.000Z', channel: 'counter', forms: ['threat'], status: 'open' };
const op = (seq: number) => ({ op_id: newId(), device_seq: seq, entity: 'incident', row_id: newId(), patch: incident, hlc: formatHlc({ wall: Date.now(), counter: seq, node: 'n' }), base_hlc: null, schema_version: 1 });

describe('PostgreSQL: late commits and several instances', () => {
  it('a pull never skips a row whose transaction commits late', async ({ skip }) => {
    if (!(await postgresAvailable())) return skip();
    const t = await startTestServer('postgres');
    open.servers.push(t);
    const tenant = await createTenant(t.directory);
    const device = await enrolReplica(t.server.url, t.directory, tenant);
    open.replicas.push(device);
    const scope = { deviceId: device.deviceId, ...tenant };
    const url = t.storage.kind === 'postgres' ? t.storage.url : '';

    // Transaction 1 starts first and is held open by a second connection's lock on the
    // row it needs, so transaction 2 (started later) would commit first if it could.
    const blocker = new pg.Client({ connectionString: url });
    open.clients.push(blocker);
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('SELECT * FROM server_state WHERE id = 1 FOR UPDATE');
    const first = pushBatch(t.server.store.db, scope, { schema_version: 1, ops: [op(1)] }, new Date());
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = pushBatch(t.server.store.db, scope, { schema_version: 1, ops: [op(2)] }, new Date());
    await new Promise((resolve) => setTimeout(resolve, 100));

    // While both wait, a pull sees nothing and its cursor stays at 0.
    const during = await pullRows(t.server.store.db, scope, { cursor: 0, limit: 100, schema_version: 1 });
    expect(during.rows).toEqual([]);
    expect(during.cursor).toBe(0);

    await blocker.query('COMMIT');
    await Promise.all([first, second]);
    let cursor = during.cursor;
    const seen: string[] = [];
    for (;;) {
      const page = await pullRows(t.server.store.db, scope, { cursor, limit: 1, schema_version: 1 });
      seen.push(...page.rows.map((row) => row.id));
      cursor = page.cursor;
      if (!page.has_more) break;
    }
    expect(seen).toHaveLength(2);
  });

  it('versions follow commit order under concurrent pushes from many devices', async ({ skip }) => {
    if (!(await postgresAvailable())) return skip();
    const t = await startTestServer('postgres');
    open.servers.push(t);
    const tenant = await createTenant(t.directory);
    const devices = await Promise.all([0, 1, 2, 3].map(() => enrolReplica(t.server.url, t.directory, tenant)));
    open.replicas.push(...devices);
    // A reader pulls continuously while 4 devices push 20 batches each; it must end with every row.
    const reader = devices[0] as TestReplica;
    let done = false;
    const seen = new Set<string>();
    const pulling = (async () => {
      let cursor = 0;
      while (!done || cursor < (await t.server.store.db.selectFrom('server_state').select('version').executeTakeFirstOrThrow()).version) {
        const page = await pullRows(t.server.store.db, { deviceId: reader.deviceId, ...tenant }, { cursor, limit: 7, schema_version: 1 });
        page.rows.forEach((row) => seen.add(row.id));
        cursor = page.cursor;
      }
    })();
    await Promise.all(
      devices.map(async (device) => {
        for (let batch = 0; batch < 20; batch += 1) {
          await pushBatch(t.server.store.db, { deviceId: device.deviceId, ...tenant }, { schema_version: 1, ops: [op(batch * 3 + 1), op(batch * 3 + 2), op(batch * 3 + 3)] }, new Date());
        }
      }),
    );
    done = true;
    await pulling;
    expect(seen.size).toBe(4 * 20 * 3);
  });

  it('a change pushed to one instance reaches a client of the other within 1 s (LISTEN/NOTIFY)', async ({ skip }) => {
    if (!(await postgresAvailable())) return skip();
    const t = await startTestServer('postgres');
    open.servers.push(t);
    const second = await startSecondInstance(t);
    open.extra.push(second);
    const tenant = await createTenant(t.directory);
    const writer = await enrolReplica(t.server.url, t.directory, tenant);
    const listener = await enrolReplica(second.url, t.directory, tenant);
    open.replicas.push(writer, listener);

    const socket = new WebSocket(`${second.url.replace('http', 'ws')}/v1/realtime`, { headers: { authorization: `Bearer ${listener.credential}` } });
    await new Promise((resolve) => socket.once('open', resolve));
    const id = newId();
    const arrived = new Promise<number>((resolve) => {
      socket.on('message', () => {
        void listener.engine.syncNow().then(() => {
          if (visibleRows(listener.store.read, 'incident').some((row) => row.id === id)) resolve(performance.now());
        });
      });
    });
    writer.replica.writeRow('incident', id, incident, writer.scope);
    const start = performance.now();
    await writer.engine.syncNow();
    const elapsed = (await Promise.race([arrived, new Promise<number>((resolve) => setTimeout(() => resolve(Number.POSITIVE_INFINITY), 3000))])) - start;
    socket.terminate();
    expect(elapsed).toBeLessThan(1000);
  });
});
