import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import { inspectStoreFile, STORE_FILE_NAME } from '../core/db/open-store.js';
import { newStoreKey, parseStoreKey, type StoreKey } from '../core/db/store-key.js';
import type { CredentialVault } from '../core/sync/credential-vault.js';
import { SEALED_STORE_KEY_FILE, shellKeyPlan } from './store-key-plan.js';

/** Where releases before the encrypted store kept the device credential: read once, moved into the store. */
const LEGACY_CREDENTIAL_FILE = 'device-credential.safe';

/** The store key, sealed with safeStorage; made on first start. Throws in words when it cannot be had. */
export function shellStoreKey(dataDir: string): StoreKey {
  const file = path.join(dataDir, SEALED_STORE_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const plan = shellKeyPlan({ encryptionAvailable: safeStorage.isEncryptionAvailable(), sealedKeyExists: fs.existsSync(file), store: inspectStoreFile(path.join(dataDir, STORE_FILE_NAME)) });
  if (plan.kind === 'refuse') throw new Error(plan.message);
  if (plan.kind === 'unseal') return parseStoreKey(safeStorage.decryptString(fs.readFileSync(file)), file);
  const key = newStoreKey();
  // Written beside and renamed: a crash never leaves half a key.
  const temp = `${file}.tmp`;
  fs.writeFileSync(temp, safeStorage.encryptString(key.toString('hex')), { mode: 0o600 });
  fs.renameSync(temp, file);
  return key;
}

/** The device credential an earlier shell sealed in its own file: the core moves it into the store and removes the file. */
export function legacySafeStorageCredential(dataDir: string): CredentialVault {
  const file = path.join(dataDir, LEGACY_CREDENTIAL_FILE);
  return {
    read() {
      if (!fs.existsSync(file)) return null;
      return safeStorage.decryptString(fs.readFileSync(file));
    },
    write() {
      throw new Error('the device credential now lives in the encrypted store');
    },
    clear() {
      fs.rmSync(file, { force: true });
    },
  };
}
