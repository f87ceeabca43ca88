import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../../../main/core/core.js';
import { inspectStoreFile, STORE_FILE_NAME } from '../../../../../main/core/db/open-store.js';
import { StoreError } from '../../../../../main/core/db/store-error.js';
import { newStoreKey } from '../../../../../main/core/db/store-key.js';
import { silentLogger } from '../../../../../main/core/logger.js';
import { CREDENTIAL_SECRET } from '../../../../../main/core/sync/credential-vault.js';
import type { CallOutput } from '../../../../../shared/contract/calls.js';
import { tempDir } from '../../../../support/temp-dir.js';
import { TEST_STORE_KEY } from '../../../../support/test-keys.js';

// A desk's data folder as release 0.1.0 (commit 0166e23, the last before the encrypted store)
// left it, made by that release's own code: scripts/previous-release-store.mjs,
// tests/fixtures/stores/README.md. The .json beside it is what that release's contract returned.
const fixtures = path.resolve('tests/fixtures/stores');
const RELEASE = '0.1.0-0166e23';
const expected = JSON.parse(fs.readFileSync(path.join(fixtures, `${RELEASE}-clear.json`), 'utf8')) as {
  device: CallOutput<'device.status'>;
  staff: CallOutput<'staff.list'>;
  incident: CallOutput<'incident.get'>;
  houseRules: CallOutput<'houseRules.display'>;
  sync: CallOutput<'sync.status'>;
};
function need<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`the fixture's ${what} is missing: regenerate it`);
  return value;
}
const narrative = need(expected.incident.narrative, 'incident narrative');
const location = need(expected.incident.location, 'incident location');
const deskName = need(expected.device.desk, 'desk').name;
const oldCredential = fs.readFileSync(path.join(fixtures, `${RELEASE}-clear.device-credential`), 'utf8').trim();

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

/** The fixture copied into a fresh data folder under the names that release used. */
function oldDataDir(): string {
  const dir = tempDir();
  fs.copyFileSync(path.join(fixtures, `${RELEASE}-clear.sqlite`), path.join(dir, STORE_FILE_NAME));
  fs.copyFileSync(path.join(fixtures, `${RELEASE}-clear.device-credential`), path.join(dir, CREDENTIAL_SECRET));
  return dir;
}

// The server it was enrolled at is gone: no request may reach whatever listens on that port now.
const noServer: typeof fetch = () => Promise.reject(new TypeError('fetch failed: no server in this test'));

function open(dataDir: string, storeKey = TEST_STORE_KEY): Core {
  const core = openCore({ dataDir, storeKey, logger: silentLogger(), fetchImpl: noServer });
  cores.push(core);
  return core;
}

const desk = { role: 'admin', session: 'desk' } as const;
async function call<T>(core: Core, name: string, input: unknown): Promise<T> {
  const result = await core.dispatch(desk, name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

const unique = (text: string) => Buffer.from(text, 'utf8');
const filesOf = (dir: string) => fs.readdirSync(dir).map((name) => ({ name, bytes: fs.readFileSync(path.join(dir, name)) }));

describe(`a store made by release ${RELEASE}`, () => {
  it('is a clear SQLite file holding its records in readable bytes (so the checks below can fail)', () => {
    const dir = oldDataDir();
    expect(inspectStoreFile(path.join(dir, STORE_FILE_NAME))).toBe('clear');
    expect(fs.readFileSync(path.join(dir, STORE_FILE_NAME)).includes(unique(narrative))).toBe(true);
  });

  it('opens, is converted to encrypted in place, and every record reads back through the contract', async () => {
    const dir = oldDataDir();
    const core = open(dir);
    expect(core.store.convertedFromClear).toBe(true);
    expect(inspectStoreFile(path.join(dir, STORE_FILE_NAME))).toBe('encrypted');

    const device = await call<CallOutput<'device.status'>>(core, 'device.status', {});
    expect(device).toMatchObject({ deviceId: expected.device.deviceId, organisation: expected.device.organisation, site: expected.device.site, desk: expected.device.desk, serverUrl: expected.device.serverUrl, locale: expected.device.locale });
    const staff = await call<CallOutput<'staff.list'>>(core, 'staff.list', {});
    expect(staff.map(({ id, displayName, role, active }) => ({ id, displayName, role, active }))).toEqual(expected.staff.map(({ id, displayName, role, active }) => ({ id, displayName, role, active })));
    // The PINs that release hashed still work, and a wrong one still does not.
    const carla = expected.staff.find((member) => member.role === 'coordinator')!;
    expect(await core.dispatch(desk, 'session.signIn', { staffId: carla.id, pin: '9999' })).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
    await call(core, 'session.signIn', { staffId: carla.id, pin: '1234' });

    expect(await call(core, 'incident.get', { id: expected.incident.id })).toMatchObject(expected.incident);
    expect(await call(core, 'houseRules.display', {})).toMatchObject(expected.houseRules);
    // Enrolled as before, with the change that release never sent still waiting to be pushed.
    expect(await call(core, 'sync.status', {})).toMatchObject({ enrolledAt: expected.sync.enrolledAt, lastSyncAt: expected.sync.lastSyncAt, pending: 1, rejected: 0 });
    // Its device credential moved from the clear file into the encrypted store.
    expect(core.secret(CREDENTIAL_SECRET).read()).toBe(oldCredential);
    expect(fs.existsSync(path.join(dir, CREDENTIAL_SECRET))).toBe(false);

    await cores.pop()?.close();
    for (const text of [narrative, location, deskName, carla.displayName, oldCredential]) {
      expect(filesOf(dir).filter(({ bytes }) => bytes.includes(unique(text))).map(({ name }) => name)).toEqual([]);
    }
    // And it opens again as an encrypted store, with nothing left to convert.
    const again = open(dir);
    expect(again.store.convertedFromClear).toBe(false);
    expect(await call(again, 'incident.get', { id: expected.incident.id })).toMatchObject({ narrative });
  });

  it('once converted, another key is refused in words and the files are left byte for byte', async () => {
    const dir = oldDataDir();
    await open(dir).close();
    cores.pop();
    const before = filesOf(dir).map(({ name, bytes }) => [name, createHash('sha256').update(bytes).digest('hex')]);
    let refused: unknown = null;
    try {
      open(dir, newStoreKey());
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(StoreError);
    expect((refused as StoreError).code).toBe('STORE_KEY_WRONG');
    expect((refused as StoreError).message).toMatch(/cannot be read with the key given: the key is wrong or missing.*left untouched/);
    expect(filesOf(dir).map(({ name, bytes }) => [name, createHash('sha256').update(bytes).digest('hex')])).toEqual(before);
  });
});
