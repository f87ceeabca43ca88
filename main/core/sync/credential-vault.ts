import fs from 'node:fs';
import path from 'node:path';

/** Where the device credential lives: a 0600 file here, Electron safeStorage in the shell. */
export interface CredentialVault {
  read(): string | null;
  write(secret: string): void;
  clear(): void;
}

export const CREDENTIAL_FILE = 'device-credential';

/** The keys for partners' warnings live in a vault of their own, never in the database. */
export const WARNING_KEYS_FILE = 'warning-keys';

export function fileCredentialVault(dataDir: string, name = CREDENTIAL_FILE): CredentialVault {
  const file = path.join(dataDir, name);
  return {
    read() {
      try {
        return fs.readFileSync(file, 'utf8').trim() || null;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    write(secret) {
      // Write beside, then rename: a crash never leaves half a credential.
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, secret, { mode: 0o600 });
      fs.chmodSync(temp, 0o600);
      fs.renameSync(temp, file);
    },
    clear() {
      fs.rmSync(file, { force: true });
    },
  };
}
