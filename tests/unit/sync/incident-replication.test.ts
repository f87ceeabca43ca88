import { describe, expect, it } from 'vitest';
import type { StaffMember } from '../../../shared/domain/staff.js';
import type { Incident, IncidentSummary } from '../../../shared/incident/incident-contract.js';
import { call, signIn } from '../../support/staff.js';
import { settled, twoDesksAtServer } from '../../support/desks-at-server.js';
import { postgresAvailable, type StorageKind } from '../../support/sync-server.js';

describe.each(['sqlite', 'postgres'] as StorageKind[])('one incident edited on two PCs (%s server)', (kind) => {
  it('different fields both survive; on the same field the later HLC wins, whatever arrives last', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { a, b } = await twoDesksAtServer(kind, '2026-11-27T09:00:00Z');

    // Staff are made once, on A, and replicate: on B the coordinator signs in with the same PIN.
    const admin = await call<StaffMember>(a.core, 'staff.create', { displayName: 'Beheer', role: 'admin', pin: '0000' });
    await signIn(a.core, admin, '0000');
    const anna = await call<StaffMember>(a.core, 'staff.create', { displayName: 'Anna', role: 'counter', pin: '1234' });
    const carla = await call<StaffMember>(a.core, 'staff.create', { displayName: 'Carla', role: 'coordinator', pin: '4321' });
    await signIn(a.core, anna);
    const { id } = await call<Incident>(a.core, 'incident.quickLog', { forms: ['threat'] });
    expect(await call(b.core, 'session.current', {})).toEqual({ staff: null, setupMode: true, cancelNeedsPin: false });
    await settled(a.core, b.core);
    // The staff arrived by sync: B is no longer being set up, and its role follows.
    expect(await call(b.core, 'session.current', {})).toEqual({ staff: null, setupMode: false, cancelNeedsPin: false });
    expect(await b.core.dispatch({ role: 'admin', session: 't' }, 'settings.get', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await signIn(b.core, carla, '4321');
    expect((await call<IncidentSummary[]>(b.core, 'incident.list', {})).map((incident) => incident.id)).toEqual([id]);
    expect((await call<Incident>(b.core, 'incident.get', { id })).tasks).toHaveLength(5);

    // Both offline: A writes the narrative, B the location.
    await a.core.sync.stop();
    await b.core.sync.stop();
    a.clock.now = new Date('2026-11-27T10:00:00Z');
    b.clock.now = new Date('2026-11-27T10:01:00Z');
    await call(a.core, 'incident.update', { id, patch: { narrative: 'Dreigde met slaan.' } });
    await call(b.core, 'incident.update', { id, patch: { location: 'Spreekkamer 2' } });
    a.core.sync.start();
    b.core.sync.start();
    await settled(a.core, b.core);
    for (const core of [a.core, b.core]) expect(await call<Incident>(core, 'incident.get', { id })).toMatchObject({ narrative: 'Dreigde met slaan.', location: 'Spreekkamer 2' });

    // The same field: A writes later (10:05) and arrives first; B wrote earlier (10:03) and arrives last.
    await b.core.sync.stop();
    a.clock.now = new Date('2026-11-27T10:05:00Z');
    b.clock.now = new Date('2026-11-27T10:03:00Z');
    await call(a.core, 'incident.update', { id, patch: { witnesses: 'Bram (vanaf A, later)' } });
    await settled(a.core);
    await call(b.core, 'incident.update', { id, patch: { witnesses: 'Bram (vanaf B, eerder)' } });
    b.core.sync.start();
    await settled(b.core, a.core);
    for (const core of [a.core, b.core]) expect((await call<Incident>(core, 'incident.get', { id })).witnesses).toBe('Bram (vanaf A, later)');
  }, 60_000);
});

