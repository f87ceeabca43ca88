import fs from 'node:fs';
import path from 'node:path';
import { safeStorage } from 'electron';
import type { CredentialVault } from '../core/sync/credential-vault.js';

const FILE = 'device-credential.safe';

/**
 * The device credential encrypted with the OS keychain (DPAPI on Windows, Keychain on
 * macOS, libsecret on Linux). Refuses to store it in clear when no keychain exists.
 */
export function safeStorageVault(dataDir: string): CredentialVault {
  const file = path.join(dataDir, FILE);
  return {
    read() {
      if (!fs.existsSync(file)) return null;
      return safeStorage.decryptString(fs.readFileSync(file));
    },
    write(secret) {
      if (!safeStorage.isEncryptionAvailable()) throw new Error('the operating system offers no credential encryption; the device credential was not stored');
      const temp = `${file}.tmp`;
      fs.writeFileSync(temp, safeStorage.encryptString(secret), { mode: 0o600 });
      fs.renameSync(temp, file);
    },
    clear() {
      fs.rmSync(file, { force: true });
    },
  };
}
