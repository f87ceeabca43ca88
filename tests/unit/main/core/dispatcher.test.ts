import DatabaseConstructor from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { calls } from '../../../../shared/contract/calls.js';
import { ContractFailure } from '../../../../shared/contract/result.js';
import { createDispatcher, type Handlers } from '../../../../main/core/dispatcher.js';
import { silentLogger } from '../../../../main/core/logger.js';
import { openTestCore } from '../../../support/core.js';

const admin = { role: 'admin', session: 't' } as const;
const validSettings = { organisationName: 'Gemeente Utrecht', siteName: 'Stadskantoor', deskName: 'Balie 3', floor: '1', serverUrl: '' };

/** The real handlers over a real store, with one handler swapped for a misbehaving one. */
function dispatcherWith(override: Partial<Handlers>) {
  const core = openTestCore();
  return createDispatcher({ ...core.handlers, ...override }, silentLogger());
}

describe('dispatcher', () => {
  it('runs a valid call and returns {ok:true,value}', async () => {
    const core = openTestCore();
    const result = await core.dispatch(admin, 'settings.update', validSettings);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value).toMatchObject({ organisation: { name: 'Gemeente Utrecht' }, desk: { name: 'Balie 3', floor: '1' } });
  });

  it.each([['nope'], ['__proto__'], ['constructor'], ['toString'], [42], [null], [undefined]])('answers UNKNOWN_CALL for %s', async (call) => {
    const core = openTestCore();
    const result = await core.dispatch(admin, call, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CALL' } });
  });

  it('answers INVALID_INPUT with the field that is wrong, and writes nothing', async () => {
    const core = openTestCore();
    const result = await core.dispatch(admin, 'settings.update', { ...validSettings, serverUrl: 'ftp://x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!result.ok) expect(result.error.message).toContain('serverUrl');
    expect(core.store.read.prepare('SELECT count(*) FROM organisation').pluck().get()).toBe(0);
  });

  it('refuses unknown extra fields rather than ignoring them', async () => {
    const core = openTestCore();
    const result = await core.dispatch(admin, 'settings.update', { ...validSettings, isAdmin: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('answers FORBIDDEN for a role the call does not allow', async () => {
    const core = openTestCore();
    const asCounter = await core.dispatch({ role: 'counter', session: 't' }, 'settings.update', validSettings);
    const asDisplay = await core.dispatch({ role: 'display', session: 't' }, 'device.status', {});
    expect(asCounter).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(asDisplay).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('answers UNAUTHENTICATED for a caller it cannot identify', async () => {
    const core = openTestCore();
    for (const caller of [null, {}, { role: 'root', session: 'x' }, { role: 'admin' }]) {
      expect(await core.dispatch(caller, 'device.status', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('turns a ContractFailure into its own code', async () => {
    const dispatch = dispatcherWith({ 'settings.get': () => { throw new ContractFailure('CONFLICT', 'changed meanwhile'); } });
    expect(await dispatch(admin, 'settings.get', {})).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'changed meanwhile' } });
  });

  it('turns an unexpected throw into INTERNAL without leaking it, and keeps working', async () => {
    const dispatch = dispatcherWith({ 'settings.get': () => { throw new TypeError('secret stack detail'); } });
    const result = await dispatch(admin, 'settings.get', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!result.ok) expect(result.error.message).not.toContain('secret');
    expect((await dispatch(admin, 'device.status', {})).ok).toBe(true);
  });

  it('turns a SQLite constraint error into STORE_ERROR', async () => {
    const db = new DatabaseConstructor(':memory:');
    db.exec('CREATE TABLE t (x TEXT NOT NULL) STRICT');
    const dispatch = dispatcherWith({ 'settings.get': () => { db.prepare('INSERT INTO t VALUES (NULL)').run(); return null; } });
    expect(await dispatch(admin, 'settings.get', {})).toMatchObject({ ok: false, error: { code: 'STORE_ERROR' } });
  });

  it('refuses to return output that breaks the contract', async () => {
    const dispatch = dispatcherWith({ 'settings.get': () => ({ organisationName: 7 }) as never });
    expect(await dispatch(admin, 'settings.get', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('gives every call an input schema, an output schema and at least one role', () => {
    for (const [name, spec] of Object.entries(calls)) {
      expect(spec.roles.length, name).toBeGreaterThan(0);
      expect(typeof spec.input.safeParse, name).toBe('function');
      expect(typeof spec.output.safeParse, name).toBe('function');
    }
  });

  it('emits statusChanged after a settings change', async () => {
    const core = openTestCore();
    const listener = vi.fn();
    core.bus.subscribe(listener);
    await core.dispatch(admin, 'settings.update', validSettings);
    expect(listener).toHaveBeenCalledWith('device.statusChanged', expect.objectContaining({ site: expect.objectContaining({ name: 'Stadskantoor' }) }));
  });
});
