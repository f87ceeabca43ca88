import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/core/db/open-store.js';
import { ReplicaStore } from '../../../main/core/sync/replica-store.js';
import { pullAll } from '../../../main/core/sync/sync-round.js';
import { httpTransport, SyncHttpError } from '../../../main/core/sync/transport.js';
import { newId } from '../../../shared/domain/ids.js';
import { DELETED_FIELD } from '../../../shared/sync/entities.js';
import { formatHlc } from '../../../shared/sync/hlc.js';
import { pullResponseSchema, pullResponseV1Schema, type PullResponseWire } from '../../../shared/sync/protocol.js';
import { postgresAvailable, type StorageKind } from '../../support/sync-server.js';
import { tenantWithDesks } from '../../support/tenant-desks.js';
import { tempDir } from '../../support/temp-dir.js';
import { TEST_STORE_KEY } from '../../support/test-keys.js';

const kinds: StorageKind[] = ['sqlite', 'postgres'];

// Quotes, a backslash, a line break and non-Latin text: JSON text inside JSON must survive as it is.
const narrative = 'Riep "ik kom terug" \\ sloeg op de balie.\nZei: مرحبا — “genoeg”';
const incident = { occurred_at: '2026-11-28T09:15:00.000Z', channel: 'counter', forms: ['verbal_abuse'], status: 'open', narrative };

const pull = async (url: string, credential: string, version: number) => {
  const response = await fetch(`${url}/v1/sync/pull?cursor=0&limit=100&schema_version=${version}`, { headers: { authorization: `Bearer ${credential}` } });
  expect(response.status).toBe(200);
  return response.json() as Promise<unknown>;
};

describe.each(kinds)('pull versions on %s', (kind) => {
  it('answers a version 1 desk with rows of values and a version 2 desk with columns of the same rows, stored as they came', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { t, desks: [writer, reader] } = await tenantWithDesks(kind, 2);
    if (!writer || !reader) throw new Error('two desks');
    const kept = newId();
    const gone = newId();
    writer.replica.writeRow('incident', kept, incident, writer.scope);
    writer.replica.writeRow('incident', gone, incident, writer.scope);
    writer.replica.writeRow('incident', gone, { [DELETED_FIELD]: true }, writer.scope);
    await writer.engine.syncNow();

    const v1 = pullResponseV1Schema.parse(await pull(t.server.url, reader.credential, 1));
    const v2 = pullResponseSchema.parse(await pull(t.server.url, reader.credential, 2));
    expect(v2.rows.map((row) => ({ ...row, data: row.data.value, clocks: row.clocks.value }))).toEqual(v1.rows);
    expect(v1.rows.find((row) => row.id === kept)?.data).toMatchObject({ narrative });
    expect({ ...v2, rows: undefined }).toEqual({ ...v1, rows: undefined });

    // The reader stores the server's own text, byte for byte, and knows the tombstone.
    await reader.engine.syncNow();
    const onServer = await t.server.store.db.selectFrom('replica_row').select(['id', 'data', 'clocks']).orderBy('id').execute();
    const onDesk = reader.store.read.prepare('SELECT id, data, clocks FROM replica_row ORDER BY id').all();
    expect(onDesk).toEqual(onServer);
    expect(reader.store.read.prepare('SELECT id FROM replica_row WHERE deleted = 1').pluck().all()).toEqual([gone]);
  });
});

describe('a desk refuses a page it cannot trust, and writes nothing of it', () => {
  const organisation = newId();
  const site = newId();
  const stamp = formatHlc({ wall: Date.parse('2026-11-28T09:15:00Z'), counter: 0, node: 'peer' });
  const good = (): PullResponseWire => ({
    epoch: 'e1', reset: false, cursor: 2, has_more: false,
    scopes: [[organisation, site]],
    rows: {
      entity: ['incident', 'incident'], id: [newId(), newId()], scope: [0, 0],
      data: [JSON.stringify({ status: 'open' }), JSON.stringify({ status: 'closed' })],
      clocks: [JSON.stringify({ status: stamp }), JSON.stringify({ status: stamp })],
      version: [1, 2],
    },
  });
  const damaged: [string, (page: PullResponseWire) => void][] = [
    ['a column shorter than the others', (page) => void page.rows.version.pop()],
    ['data that is not a JSON object', (page) => void (page.rows.data[1] = '[1,2]')],
    ['data that is not JSON', (page) => void (page.rows.data[1] = '{"status":')],
    ['a clock that is not a stamp', (page) => void (page.rows.clocks[1] = JSON.stringify({ status: 'yesterday' }))],
    ['a scope index outside the page', (page) => void (page.rows.scope[1] = 1)],
  ];

  const serving = (body: unknown): typeof fetch => async () => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

  it('takes a good page', async () => {
    const store = openStore({ key: TEST_STORE_KEY, dataDir: tempDir() });
    try {
      const replica = new ReplicaStore(store.write, store.read, newId(), () => new Date());
      const pulled = await pullAll(replica, httpTransport('http://server.invalid', 'credential', serving(good())), 100);
      expect(pulled.rows).toBe(2);
      expect(replica.syncState().cursor).toBe(2);
    } finally {
      store.close();
    }
  });

  it.each(damaged)('refuses %s', async (_name, damage) => {
    const page = good();
    damage(page);
    const store = openStore({ key: TEST_STORE_KEY, dataDir: tempDir() });
    try {
      const replica = new ReplicaStore(store.write, store.read, newId(), () => new Date());
      const refused = await pullAll(replica, httpTransport('http://server.invalid', 'credential', serving(page)), 100).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(SyncHttpError);
      expect(refused).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('/v1/sync/pull') as string });
      expect(store.read.prepare('SELECT count(*) FROM replica_row').pluck().get()).toBe(0);
      expect(replica.syncState().cursor).toBe(0);
    } finally {
      store.close();
    }
  });
});
