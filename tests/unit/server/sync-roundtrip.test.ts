import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids.js';
import { enrolReplica, type TestReplica, visibleRows } from '../../support/replica.js';
import { createTenant, postgresAvailable, startTestServer, type StorageKind, type TestServer } from '../../support/sync-server.js';

const kinds: StorageKind[] = ['sqlite', 'postgres'];
const open: { servers: TestServer[]; replicas: TestReplica[] } = { servers: [], replicas: [] };
afterEach(async () => {
  for (const replica of open.replicas.splice(0)) await replica.close();
  for (const server of open.servers.splice(0)) await server.close();
});

const incident = { occurred_at: '2026-11-28T09:15:00.000Z', channel: 'counter', forms: ['verbal_abuse'], status: 'open' };

describe.each(kinds)('push and pull on %s', (kind) => {
  it('carries a write from one device to another of the same organisation', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind);
    open.servers.push(t);
    const tenant = await createTenant(t.directory);
    const a = await enrolReplica(t.server.url, t.directory, tenant);
    const b = await enrolReplica(t.server.url, t.directory, tenant);
    open.replicas.push(a, b);
    const id = newId();
    a.replica.writeRow('incident', id, incident, a.scope);
    a.replica.writeRow('incident', id, { narrative: 'Schold en sloeg met de vuist op de balie.' }, a.scope);
    expect(a.replica.pendingCount()).toBe(2);
    await a.engine.syncNow();
    expect(a.replica.pendingCount()).toBe(0);
    await b.engine.syncNow();
    expect(visibleRows(b.store.read, 'incident')).toEqual([{ id, data: { ...incident, narrative: 'Schold en sloeg met de vuist op de balie.' } }]);
  });
});
