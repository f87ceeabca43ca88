import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { sql } from '../db/sql.js';

/** One secret of this PC: kept in the encrypted store (or, for the store's own key, the OS keychain). */
export interface CredentialVault {
  read(): string | null;
  write(secret: string): void;
  clear(): void;
}

/** The secrets' names in the store, and the clear files earlier releases kept them in. */
export const CREDENTIAL_SECRET = 'device-credential';
export const WARNING_KEYS_SECRET = 'warning-keys';
export const DISPLAY_TOKEN_SECRET = 'display-token';

/** A row of `local_secret`: encrypted with the rest of the store, committed with fsync like any write. */
export function storeVault(write: Database, read: Database, name: string, now: () => Date = () => new Date()): CredentialVault {
  return {
    read() {
      const query = sql`SELECT value FROM local_secret WHERE name = ${name}`;
      const value = read.prepare(query.text).pluck().get(...query.params);
      return typeof value === 'string' && value !== '' ? value : null;
    },
    write(secret) {
      const query = sql`
        INSERT INTO local_secret (name, value, updated_at) VALUES (${name}, ${secret}, ${now().toISOString()})
        ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;
      write.prepare(query.text).run(...query.params);
    },
    clear() {
      const query = sql`DELETE FROM local_secret WHERE name = ${name}`;
      write.prepare(query.text).run(...query.params);
    },
  };
}

/**
 * Moves a secret an earlier release kept elsewhere (a clear 0600 file, the shell's keychain
 * file) into the store, then removes the old copy. The store's copy wins if both exist; the
 * old one is removed only after the store has committed, so a crash loses neither.
 */
export function adoptSecret(into: CredentialVault, from: CredentialVault): void {
  const old = from.read();
  if (old === null) return;
  if (into.read() === null) into.write(old);
  from.clear();
}

/** A secret in a clear file of the data folder, as releases before the encrypted store kept it: read and remove only. */
export function legacyFileVault(dataDir: string, name: string): CredentialVault {
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
    write() {
      throw new Error(`${file}: secrets are no longer written to clear files`);
    },
    clear() {
      fs.rmSync(file, { force: true });
    },
  };
}
