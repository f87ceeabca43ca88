import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../../../main/core/core.js';
import { openStore } from '../../../../../main/core/db/open-store.js';
import { silentLogger } from '../../../../../main/core/logger.js';
import { adoptSecret, CREDENTIAL_SECRET, DISPLAY_TOKEN_SECRET, legacyFileVault, storeVault, WARNING_KEYS_SECRET } from '../../../../../main/core/sync/credential-vault.js';
import { createSessionTokens } from '../../../../../main/host/session-tokens.js';
import { tempDir } from '../../../../support/temp-dir.js';
import { TEST_STORE_KEY } from '../../../../support/test-keys.js';

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

describe('secrets inside the encrypted store (migration 009, local_secret)', () => {
  it('migration 009 adds a STRICT local_secret table; a vault writes, replaces, reads and clears its row', () => {
    const store = openStore({ dataDir: tempDir(), key: TEST_STORE_KEY });
    expect(store.read.prepare("SELECT strict FROM pragma_table_list WHERE name = 'local_secret'").pluck().get()).toBe(1);
    const vault = storeVault(store.write, store.read, CREDENTIAL_SECRET);
    expect(vault.read()).toBeNull();
    vault.write('eerste');
    vault.write('tweede');
    expect(vault.read()).toBe('tweede');
    expect(storeVault(store.write, store.read, WARNING_KEYS_SECRET).read()).toBeNull();
    vault.clear();
    expect(vault.read()).toBeNull();
    store.close();
  });

  it("moves the clear files of an earlier release (credential, warning keys) into the store and removes them; the store's copy wins", () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, CREDENTIAL_SECRET), 'oude-credential\n', { mode: 0o600 });
    fs.writeFileSync(path.join(dataDir, WARNING_KEYS_SECRET), '{"agreements":[],"organisation_key":null}', { mode: 0o600 });
    const core = openCore({ dataDir, storeKey: TEST_STORE_KEY, logger: silentLogger() });
    cores.push(core);
    expect(core.secret(CREDENTIAL_SECRET).read()).toBe('oude-credential');
    expect(core.secret(WARNING_KEYS_SECRET).read()).toBe('{"agreements":[],"organisation_key":null}');
    expect(fs.readdirSync(dataDir).filter((name) => !name.startsWith('vangnet.sqlite'))).toEqual([]);
    // A stale file that reappears (a restored backup) does not overwrite the store's newer secret.
    fs.writeFileSync(path.join(dataDir, CREDENTIAL_SECRET), 'nog-oudere', { mode: 0o600 });
    adoptSecret(core.secret(CREDENTIAL_SECRET), legacyFileVault(dataDir, CREDENTIAL_SECRET));
    expect(core.secret(CREDENTIAL_SECRET).read()).toBe('oude-credential');
    expect(fs.existsSync(path.join(dataDir, CREDENTIAL_SECRET))).toBe(false);
  });

  it("keeps the web host's display token in the store across restarts, taking over the old clear file once", () => {
    const dataDir = tempDir();
    const old = 'ab'.repeat(32);
    fs.writeFileSync(path.join(dataDir, DISPLAY_TOKEN_SECRET), old, { mode: 0o600 });
    const core = openCore({ dataDir, storeKey: TEST_STORE_KEY, logger: silentLogger() });
    cores.push(core);
    const vault = core.secret(DISPLAY_TOKEN_SECRET);
    adoptSecret(vault, legacyFileVault(dataDir, DISPLAY_TOKEN_SECRET));
    expect(createSessionTokens(vault).display.token).toBe(old);
    expect(createSessionTokens(vault).display.token).toBe(old);
    expect(fs.existsSync(path.join(dataDir, DISPLAY_TOKEN_SECRET))).toBe(false);
    // --new-display-token: cleared, so the next start makes another.
    vault.clear();
    const fresh = createSessionTokens(vault).display.token;
    expect(fresh).toMatch(/^[0-9a-f]{64}$/);
    expect(fresh).not.toBe(old);
    expect(createSessionTokens(vault).display.token).toBe(fresh);
  });
});
