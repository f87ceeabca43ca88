import { describe, expect, it } from 'vitest';
import { openTestCore } from '../../../support/core.js';
import { tempDir } from '../../../support/temp-dir.js';

const admin = { role: 'admin', session: 't' } as const;
const settings = { organisationName: '  UWV  ', siteName: 'Werkplein Zuid', deskName: 'Balie 7', floor: '2', serverUrl: 'https://vangnet.example.nl', fallbackPhone: '030 123 45 67' };

describe('device settings in the local store', () => {
  it('survives closing and reopening the store (a restart)', async () => {
    const dir = tempDir();
    const first = openTestCore(dir, () => new Date('2026-11-28T10:00:00Z'));
    const deviceId = (await first.dispatch(admin, 'device.status', {})).ok;
    expect(deviceId).toBe(true);
    await first.dispatch(admin, 'settings.update', settings);
    const before = await first.dispatch(admin, 'device.status', {});
    await first.close();

    const second = openTestCore(dir);
    const after = await second.dispatch(admin, 'device.status', {});
    expect(after).toEqual(before);
    expect(after).toMatchObject({
      ok: true,
      value: { organisation: { name: 'UWV' }, site: { name: 'Werkplein Zuid' }, desk: { name: 'Balie 7', floor: '2' }, connection: 'not_connected', settingsUpdatedAt: '2026-11-28T10:00:00.000Z' },
    });
    expect(await second.dispatch(admin, 'settings.get', {})).toEqual({ ok: true, value: { ...settings, organisationName: 'UWV', alarmGroup: 1 } });
    await second.close();
  });

  it('updates the same directory rows on a second save instead of adding new ones', async () => {
    const core = openTestCore();
    await core.dispatch(admin, 'settings.update', settings);
    await core.dispatch(admin, 'settings.update', { ...settings, deskName: 'Balie 8', serverUrl: '' });
    const count = (table: string) => core.store.read.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    expect([count('organisation'), count('site'), count('desk'), count('organisation_site')]).toEqual([1, 1, 1, 1]);
    expect(await core.dispatch(admin, 'device.status', {})).toMatchObject({ ok: true, value: { desk: { name: 'Balie 8' }, connection: 'unconfigured' } });
  });

  it('starts a new device unconfigured, with a stable UUIDv7 id', async () => {
    const dir = tempDir();
    const core = openTestCore(dir);
    const status = await core.dispatch(admin, 'device.status', {});
    await core.close();
    expect(status).toMatchObject({ ok: true, value: { organisation: null, site: null, desk: null, connection: 'unconfigured', locale: 'nl', settingsUpdatedAt: null } });
    if (status.ok) expect((status.value as { deviceId: string }).deviceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    const again = openTestCore(dir);
    expect(await again.dispatch(admin, 'device.status', {})).toEqual(status);
    await again.close();
  });

  it('remembers the language of the device', async () => {
    const core = openTestCore();
    expect(await core.dispatch({ role: 'counter', session: 't' }, 'settings.setLocale', { locale: 'en' })).toMatchObject({ ok: true, value: { locale: 'en' } });
    expect(await core.dispatch(admin, 'settings.setLocale', { locale: 'fr' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
