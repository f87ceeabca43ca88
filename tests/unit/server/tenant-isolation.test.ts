import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { newId } from '../../../shared/domain/ids.js';
import { formatHlc } from '../../../shared/sync/hlc.js';
import { enrolReplica, type TestReplica, visibleRows } from '../../support/replica.js';
import { postgresAvailable, startTestServer, type StorageKind, type TestServer } from '../../support/sync-server.js';

const open: { servers: TestServer[]; replicas: TestReplica[]; sockets: WebSocket[] } = { servers: [], replicas: [], sockets: [] };
afterEach(async () => {
  open.sockets.splice(0).forEach((socket) => socket.terminate());
  for (const replica of open.replicas.splice(0)) await replica.close();
  for (const server of open.servers.splice(0)) await server.close();
});

const incident = { occurred_at: '2026-11-28T09:00:00.000Z', channel: 'counter', forms: ['physical_violence'], status: 'open', narrative: 'vertrouwelijk' };

describe.each(['sqlite', 'postgres'] as StorageKind[])('tenant isolation on %s', (kind) => {
  it('a device of organisation A reads and writes 0 rows of organisation B, through every endpoint', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind, { adminToken: 'a'.repeat(40) });
    open.servers.push(t);
    // Two organisations in one shared building: the hardest case.
    const site = await t.directory.createSite('Werkplein');
    const orgA = await t.directory.createOrganisation('Gemeente');
    const orgB = await t.directory.createOrganisation('UWV');
    await t.directory.hostAt(orgA.id, site.id);
    await t.directory.hostAt(orgB.id, site.id);
    const a = await enrolReplica(t.server.url, t.directory, { organisationId: orgA.id, siteId: site.id });
    const b = await enrolReplica(t.server.url, t.directory, { organisationId: orgB.id, siteId: site.id });
    open.replicas.push(a, b);

    // Realtime: A listens while B writes.
    const pokesToA: string[] = [];
    const socket = new WebSocket(`${t.server.url.replace('http', 'ws')}/v1/realtime`, { headers: { authorization: `Bearer ${a.credential}` } });
    open.sockets.push(socket);
    socket.on('message', (data) => pokesToA.push(data.toString()));
    await new Promise((resolve) => socket.once('open', resolve));

    const secretId = newId();
    b.replica.writeRow('incident', secretId, incident, b.scope);
    await b.engine.syncNow();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(pokesToA).toEqual([]);

    // Pull: nothing of B, even from cursor 0 with a huge page.
    const pulled = await fetch(`${t.server.url}/v1/sync/pull?cursor=0&limit=5000&schema_version=1`, { headers: { authorization: `Bearer ${a.credential}` } });
    expect(((await pulled.json()) as { rows: unknown[] }).rows).toEqual([]);
    await a.engine.syncNow();
    expect(visibleRows(a.store.read, 'incident')).toEqual([]);

    // Push: A knows B's row id and tries to overwrite and delete it.
    const hlc = formatHlc({ wall: Date.now() + 60_000, counter: 0, node: a.deviceId });
    for (const patch of [{ narrative: 'overwritten' }, { _deleted: true }, { ...incident, narrative: 'taken over' }]) {
      const push = await fetch(`${t.server.url}/v1/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${a.credential}`, 'content-type': 'application/json' },
        body: JSON.stringify({ schema_version: 1, ops: [{ op_id: newId(), device_seq: 1, entity: 'incident', row_id: secretId, patch, hlc, base_hlc: null, schema_version: 1 }] }),
      });
      expect(((await push.json()) as { rejected: { code: string }[] }).rejected.map((r) => r.code)).toEqual(['FORBIDDEN_SCOPE']);
    }
    const stored = await t.server.store.db.selectFrom('replica_row').select(['organisation_id', 'data', 'deleted']).where('id', '=', secretId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ organisation_id: orgB.id, deleted: 0 });
    expect(JSON.parse(stored.data)).toMatchObject({ narrative: 'vertrouwelijk' });

    // Admin endpoints are not for devices.
    for (const [method, path] of [['GET', '/v1/admin/devices'], ['POST', '/v1/admin/enrolment-codes'], ['POST', `/v1/admin/devices/${b.deviceId}/revoke`]] as const) {
      const response = await fetch(`${t.server.url}${path}`, { method, headers: { authorization: `Bearer ${a.credential}`, 'content-type': 'application/json' }, body: method === 'POST' ? JSON.stringify({ organisation_id: orgB.id, site_id: site.id }) : null });
      expect(response.status, path).toBe(401);
    }
    // And B still sees its own row, untouched.
    await b.engine.syncNow();
    expect(visibleRows(b.store.read, 'incident')).toEqual([{ id: secretId, data: incident }]);
  });
});
