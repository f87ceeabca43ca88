import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../../../main/core/core.js';
import { silentLogger } from '../../../../../main/core/logger.js';
import { parseMachineConfig } from '../../../../../shared/deployment/machine-config.js';
import { tempDir } from '../../../../support/temp-dir.js';
import { TEST_STORE_KEY } from '../../../../support/test-keys.js';

const admin = { role: 'admin', session: 'test' } as const;
const settings = { organisationName: 'Gemeente Zwolle', siteName: 'Stadskantoor', deskName: 'Balie 1', floor: '0', serverUrl: 'https://vangnet.zwolle.nl' };
const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

function coreWith(config: object): Core {
  const { config: machineConfig, problem } = parseMachineConfig(JSON.stringify({ version: 1, ...config }), 'config.json');
  expect(problem).toBeNull();
  const core = openCore({ dataDir: tempDir(), storeKey: TEST_STORE_KEY, logger: silentLogger(), machineConfig });
  cores.push(core);
  return core;
}

describe('settings IT locked in the machine-wide configuration', () => {
  it('the core refuses another server address or language, whatever the screen sent, and writes nothing', async () => {
    const core = coreWith({ serverUrl: 'https://vangnet.zwolle.nl', language: 'nl', locked: ['serverUrl', 'language'] });
    const moved = await core.dispatch(admin, 'settings.update', { ...settings, serverUrl: 'https://elders.example' });
    expect(moved).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'locked by the machine-wide configuration: serverUrl' } });
    expect(core.store.read.prepare('SELECT count(*) FROM organisation').pluck().get()).toBe(0);
    expect(await core.dispatch(admin, 'settings.setLocale', { locale: 'en' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The value IT set is no change, so the rest of the form still saves.
    expect(await core.dispatch(admin, 'settings.update', settings)).toMatchObject({ ok: true, value: { serverUrl: 'https://vangnet.zwolle.nl' } });
    expect(await core.dispatch(admin, 'settings.setLocale', { locale: 'nl' })).toMatchObject({ ok: true });
  });

  it('what IT set but did not lock stays the user\'s to change', async () => {
    const core = coreWith({ serverUrl: 'https://vangnet.zwolle.nl', language: 'nl' });
    expect(await core.dispatch(admin, 'settings.update', { ...settings, serverUrl: 'https://elders.example' })).toMatchObject({ ok: true });
    expect(await core.dispatch(admin, 'settings.setLocale', { locale: 'en' })).toMatchObject({ ok: true, value: { locale: 'en' } });
  });
});
