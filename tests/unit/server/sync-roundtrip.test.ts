import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids.js';
import { visibleRows } from '../../support/replica.js';
import { postgresAvailable, type StorageKind } from '../../support/sync-server.js';
import { tenantWithDesks } from '../../support/tenant-desks.js';

const kinds: StorageKind[] = ['sqlite', 'postgres'];

const incident = { occurred_at: '2026-11-28T09:15:00.000Z', channel: 'counter', forms: ['verbal_abuse'], status: 'open' };

describe.each(kinds)('push and pull on %s', (kind) => {
  it('carries a write from one device to another of the same organisation', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { desks: [a, b] } = await tenantWithDesks(kind, 2);
    if (!a || !b) throw new Error('two desks');
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
