import { afterEach, describe, expect, it } from 'vitest';
import { trackedCores } from '../../../../support/core.js';
import { deskCaller, signIn, staffedDesk } from '../../../../support/staff.js';
import type { StaffMember } from '../../../../../shared/domain/staff.js';

const openCore = trackedCores(afterEach);

describe('staff and the desk session', () => {
  it('a new desk is in set-up mode; once staffed, the signed-in person\'s role is the desk\'s role', async () => {
    const core = openCore();
    expect(await core.dispatch(deskCaller, 'session.current', {})).toMatchObject({ ok: true, value: { staff: null, setupMode: true } });
    const people = await staffedDesk(core);
    expect(await core.dispatch(deskCaller, 'session.current', {})).toMatchObject({ ok: true, value: { staff: null, setupMode: false } });
    // Nobody signed in: the desk can raise alarms and sign someone in, but not change settings.
    expect(await core.dispatch(deskCaller, 'settings.get', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await signIn(core, people.anna);
    expect(await core.dispatch(deskCaller, 'session.current', {})).toMatchObject({ ok: true, value: { staff: { displayName: 'Anna de Vries', role: 'counter' } } });
    expect(await core.dispatch(deskCaller, 'staff.create', { displayName: 'X', role: 'admin', pin: '0000' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await signIn(core, people.admin);
    expect((await core.dispatch(deskCaller, 'settings.get', {})).ok).toBe(true);
    // The public display stays a display whoever is signed in.
    expect(await core.dispatch({ role: 'display', session: 'tv' }, 'incident.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a wrong PIN is refused as WRONG_PIN (not as a missing right), five in a row lock sign-in for a minute, and the PIN is never stored', async () => {
    let now = new Date('2026-11-28T09:00:00Z');
    const core = openCore(() => now);
    const people = await staffedDesk(core);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await core.dispatch(deskCaller, 'session.signIn', { staffId: people.anna.id, pin: '9999' })).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
    }
    expect(await core.dispatch(deskCaller, 'session.signIn', { staffId: people.anna.id, pin: '1234' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('wait a minute') } });
    now = new Date('2026-11-28T09:01:01Z');
    expect((await core.dispatch(deskCaller, 'session.signIn', { staffId: people.anna.id, pin: '1234' })).ok).toBe(true);
    const stored = core.store.read.prepare("SELECT data FROM replica_row WHERE entity = 'staff_member'").pluck().all() as string[];
    expect(stored.join()).not.toContain('"1234"');
    expect(stored.every((data) => /"pin_hash":"scrypt\$[0-9a-f]{32}\$[0-9a-f]{128}"/.test(data))).toBe(true);
  });

  it('refuses bad staff input with a clear code and writes nothing', async () => {
    const core = openCore();
    await core.dispatch(deskCaller, 'settings.update', { organisationName: 'G', siteName: 'S', deskName: 'B', floor: '', serverUrl: '' });
    const rows = () => core.store.read.prepare("SELECT count(*) FROM replica_row WHERE entity = 'staff_member'").pluck().get();
    for (const bad of [{ displayName: '', role: 'counter', pin: '1234' }, { displayName: 'A', role: 'boss', pin: '1234' }, { displayName: 'A', role: 'counter', pin: '12' }, { displayName: 'A', role: 'counter', pin: 'abcd' }, { displayName: 'x'.repeat(121), role: 'counter', pin: '1234' }]) {
      expect(await core.dispatch(deskCaller, 'staff.create', bad)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(rows()).toBe(0);
  });

  it('switching a member of staff off signs them out and keeps them out', async () => {
    const core = openCore();
    const people = await staffedDesk(core);
    await signIn(core, people.anna);
    await signIn(core, people.admin);
    expect((await core.dispatch(deskCaller, 'staff.update', { id: people.anna.id, active: false })).ok).toBe(true);
    expect(await core.dispatch(deskCaller, 'session.signIn', { staffId: people.anna.id, pin: '1234' })).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
  });

  it('nobody can lock the organisation out: the first member is an administrator, the last one stays one', async () => {
    const core = openCore();
    await core.dispatch(deskCaller, 'settings.update', { organisationName: 'G', siteName: 'S', deskName: 'B', floor: '', serverUrl: '' });
    expect(await core.dispatch(deskCaller, 'staff.create', { displayName: 'Anna', role: 'counter', pin: '1234' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'role: first_must_be_admin' } });
    expect(await core.dispatch(deskCaller, 'session.current', {})).toMatchObject({ ok: true, value: { setupMode: true } });
    const first = await core.dispatch(deskCaller, 'staff.create', { displayName: 'Beheer', role: 'admin', pin: '1234' });
    if (!first.ok) throw new Error(first.error.message);
    const admin = first.value as StaffMember;
    await signIn(core, admin);
    // The only administrator cannot switch themself off or step down.
    expect(await core.dispatch(deskCaller, 'staff.update', { id: admin.id, active: false })).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining('last_admin') } });
    expect(await core.dispatch(deskCaller, 'staff.update', { id: admin.id, role: 'coordinator' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    // With a second administrator, the first may go.
    const second = await core.dispatch(deskCaller, 'staff.create', { displayName: 'Tweede beheer', role: 'admin', pin: '4321' });
    expect(second.ok).toBe(true);
    expect((await core.dispatch(deskCaller, 'staff.update', { id: admin.id, role: 'coordinator' })).ok).toBe(true);
    const other = (second as { value: StaffMember }).value;
    await signIn(core, other, '4321');
    expect(await core.dispatch(deskCaller, 'staff.update', { id: other.id, active: false })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('someone with access to the PC can make a new administrator with a PIN shown once', async () => {
    const core = openCore();
    const people = await staffedDesk(core);
    const { member, pin } = core.staff.resetAdmin('Noodbeheer');
    expect(pin).toMatch(/^\d{6}$/);
    await signIn(core, member, pin);
    expect(await core.dispatch(deskCaller, 'session.current', {})).toMatchObject({ ok: true, value: { staff: { displayName: 'Noodbeheer', role: 'admin' } } });
    expect((await core.dispatch(deskCaller, 'staff.update', { id: people.admin.id, active: false })).ok).toBe(true);
  });
});
