import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectStoreFile, STORE_FILE_NAME } from '../../../../main/core/db/open-store.js';
import { newStoreKey } from '../../../../main/core/db/store-key.js';
import { platformKeyFile, resolveDataDir } from '../../../../main/core/config.js';
import { hostKeyPlan, isInside, keyFileProblem, loadHostStoreKey, STORE_KEY_ENV } from '../../../../main/host/store-key-source.js';
import { spawnTs } from '../../../support/processes.js';
import { tempDir } from '../../../support/temp-dir.js';

const request = (keyFile: string | undefined, env: Record<string, string> = {}) => ({ keyFile, env, dataDir: '/srv/vangnet/data' });

describe('where the web host takes its store key from (pure)', () => {
  it('the environment, or a key file outside the data folder; never both, never none', () => {
    expect(hostKeyPlan(request(undefined, { [STORE_KEY_ENV]: 'abc' }), false, 'none')).toEqual({ kind: 'env', text: 'abc' });
    expect(hostKeyPlan(request('/etc/vangnet/store.key'), true, 'encrypted')).toEqual({ kind: 'read-file', file: '/etc/vangnet/store.key' });
    expect(hostKeyPlan(request('/etc/vangnet/store.key', { [STORE_KEY_ENV]: 'abc' }), true, 'encrypted')).toMatchObject({ kind: 'refuse', message: expect.stringMatching(/one way: --key-file or VANGNET_STORE_KEY, not both/) });
    expect(hostKeyPlan(request(undefined), false, 'none')).toMatchObject({ kind: 'refuse', message: expect.stringMatching(/needs a key: start with --key-file=.* or set VANGNET_STORE_KEY/) });
    expect(hostKeyPlan(request('store.key'), false, 'none')).toMatchObject({ kind: 'refuse', message: expect.stringMatching(/absolute path/) });
  });

  it('the default data folder has a default key file (outside it); an environment key overrides it', () => {
    const defaults = { ...request(undefined), defaultKeyFile: '/home/a/.config/vangnet/store.key' };
    expect(hostKeyPlan(defaults, false, 'none')).toEqual({ kind: 'create-file', file: '/home/a/.config/vangnet/store.key' });
    expect(hostKeyPlan({ ...defaults, env: { [STORE_KEY_ENV]: 'abc' } }, false, 'none')).toEqual({ kind: 'env', text: 'abc' });
    expect(platformKeyFile({ env: {}, platform: 'linux', homeDir: '/home/a' })).toBe('/home/a/.config/vangnet/store.key');
    expect(platformKeyFile({ env: { XDG_CONFIG_HOME: '/cfg' }, platform: 'linux', homeDir: '/home/a' })).toBe('/cfg/vangnet/store.key');
    expect(platformKeyFile({ env: { LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, platform: 'win32', homeDir: 'C:\\Users\\a' })).toBe('C:\\Users\\a\\AppData\\Local\\Vangnet\\store.key');
    // Not inside the default data folder of the same user.
    expect(isInside(resolveDataDir({ env: {}, platform: 'linux', homeDir: '/home/a' }).dir, platformKeyFile({ env: {}, platform: 'linux', homeDir: '/home/a' }))).toBe(false);
  });

  it('refuses a key file inside the data folder, where a copy of the folder would carry its key', () => {
    for (const inside of ['/srv/vangnet/data/store.key', '/srv/vangnet/data/sub/store.key', '/srv/vangnet/data']) {
      expect(hostKeyPlan(request(inside), true, 'encrypted')).toMatchObject({ kind: 'refuse', message: expect.stringMatching(/inside the data folder/) });
    }
    expect(isInside('/srv/vangnet/data', '/srv/vangnet/data.key')).toBe(false);
    expect(isInside('/srv/vangnet/data', '/srv/vangnet/data-key/k')).toBe(false);
  });

  it('makes a key file only while no encrypted store exists: a lost key file is an error, not a new key', () => {
    expect(hostKeyPlan(request('/etc/vangnet/store.key'), false, 'none')).toEqual({ kind: 'create-file', file: '/etc/vangnet/store.key' });
    expect(hostKeyPlan(request('/etc/vangnet/store.key'), false, 'clear')).toEqual({ kind: 'create-file', file: '/etc/vangnet/store.key' });
    expect(hostKeyPlan(request('/etc/vangnet/store.key'), false, 'encrypted')).toMatchObject({ kind: 'refuse', message: expect.stringMatching(/does not exist, and the store .* is already encrypted/) });
  });

  it('accepts only an owner-only regular file of the user the host runs as (mode bits do not exist on Windows)', () => {
    const owner = { uid: 1000, isFile: true };
    expect(keyFileProblem('/k', { ...owner, mode: 0o100600 }, 'linux', 1000)).toBeNull();
    expect(keyFileProblem('/k', { ...owner, mode: 0o100400 }, 'linux', 1000)).toBeNull();
    expect(keyFileProblem('/k', { ...owner, mode: 0o100644 }, 'linux', 1000)).toBe('the key file /k can be read by group or others (mode 0644): run chmod 600 /k');
    expect(keyFileProblem('/k', { ...owner, mode: 0o100640 }, 'darwin', 1000)).toMatch(/group or others \(mode 0640\)/);
    expect(keyFileProblem('/k', { ...owner, mode: 0o100604 }, 'linux', 1000)).toMatch(/mode 0604/);
    expect(keyFileProblem('/k', { ...owner, mode: 0o100600 }, 'linux', 0)).toMatch(/belongs to another user/);
    expect(keyFileProblem('/k', { ...owner, isFile: false, mode: 0o40700 }, 'linux', 1000)).toMatch(/not a regular file/);
    expect(keyFileProblem('/k', { ...owner, mode: 0o100666 }, 'win32', null)).toBeNull();
  });
});

describe('loading the key from real files', () => {
  it('makes a 0600 key file on first start and reads the same key afterwards', () => {
    const root = tempDir();
    const dataDir = path.join(root, 'data');
    const keyFile = path.join(root, 'store.key');
    const made = loadHostStoreKey({ keyFile, env: {}, dataDir });
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(loadHostStoreKey({ keyFile, env: {}, dataDir }).equals(made)).toBe(true);
  });

  it('refuses a group- or world-readable key file in words, and a symlink inside the data folder to a key elsewhere is judged by where it leads', () => {
    const root = tempDir();
    const dataDir = path.join(root, 'data');
    fs.mkdirSync(dataDir);
    const keyFile = path.join(root, 'store.key');
    fs.writeFileSync(keyFile, newStoreKey().toString('hex'), { mode: 0o600 });
    fs.chmodSync(keyFile, 0o644);
    expect(() => loadHostStoreKey({ keyFile, env: {}, dataDir })).toThrow(`the key file ${keyFile} can be read by group or others (mode 0644): run chmod 600 ${keyFile}`);
    fs.chmodSync(keyFile, 0o600);
    const inside = path.join(dataDir, 'key-link');
    fs.symlinkSync(keyFile, inside);
    expect(loadHostStoreKey({ keyFile: inside, env: {}, dataDir }).length).toBe(32);
    const link = path.join(root, 'outside-link');
    fs.symlinkSync(path.join(dataDir, 'real.key'), link);
    fs.writeFileSync(path.join(dataDir, 'real.key'), newStoreKey().toString('hex'), { mode: 0o600 });
    expect(() => loadHostStoreKey({ keyFile: link, env: {}, dataDir })).toThrow(/inside the data folder/);
  });

  it('takes the key from VANGNET_STORE_KEY and refuses a short one', () => {
    const key = newStoreKey();
    expect(loadHostStoreKey({ keyFile: undefined, env: { [STORE_KEY_ENV]: key.toString('hex') }, dataDir: tempDir() }).equals(key)).toBe(true);
    expect(() => loadHostStoreKey({ keyFile: undefined, env: { [STORE_KEY_ENV]: 'abcd' }, dataDir: tempDir() })).toThrow(/VANGNET_STORE_KEY must hold a 32-byte key/);
  });
});

describe('the web host process', () => {
  const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

  it('without a key, or with a wrong one, says so and exits; the store is byte for byte as it was', async () => {
    const root = tempDir();
    const dataDir = path.join(root, 'data');
    const keyFile = path.join(root, 'store.key');
    const env = { [STORE_KEY_ENV]: '' };
    // First start makes the key and the encrypted store; --reset-admin opens the store and exits
    // (here refusing, as the PC has no organisation yet).
    const first = spawnTs('main/host/cli.ts', [`--data-dir=${dataDir}`, `--key-file=${keyFile}`, '--reset-admin=Beheer'], env);
    expect(await first.exited, first.stderr()).toBe(3);
    expect(first.stderr()).toMatch(/no organisation and site yet/);
    const store = path.join(dataDir, STORE_FILE_NAME);
    expect(inspectStoreFile(store)).toBe('encrypted');
    const before = sha(store);

    const missing = spawnTs('main/host/cli.ts', [`--data-dir=${dataDir}`, '--port=0'], env);
    expect(await missing.exited).toBe(3);
    expect(missing.stderr()).toMatch(/CONFIG_INVALID: the local store in .* is encrypted and needs a key/);

    const lost = spawnTs('main/host/cli.ts', [`--data-dir=${dataDir}`, `--key-file=${path.join(root, 'other.key')}`, '--port=0'], env);
    expect(await lost.exited).toBe(3);
    expect(lost.stderr()).toMatch(/does not exist, and the store .* is already encrypted/);

    const wrong = spawnTs('main/host/cli.ts', [`--data-dir=${dataDir}`, '--port=0'], { [STORE_KEY_ENV]: newStoreKey().toString('hex') });
    expect(await wrong.exited).toBe(3);
    expect(wrong.stderr()).toMatch(/STORE_KEY_WRONG: .* cannot be read with the key given/);
    expect(sha(store)).toBe(before);
    expect(fs.readdirSync(dataDir).filter((name) => !name.startsWith(STORE_FILE_NAME))).toEqual([]);
  }, 60_000);
});
