import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import DatabaseConstructor from 'better-sqlite3-multiple-ciphers';
import { STORE_FILE_NAME } from '../../main/core/db/open-store.js';
import { applyStoreKey, type StoreKey } from '../../main/core/db/store-key.js';
import { tempDir } from './temp-dir.js';

/** One fixed key for the test stores, so a test may reopen a store another part of it made. */
export const TEST_STORE_KEY: StoreKey = createHash('sha256').update('vangnet test store key').digest();

/**
 * The bytes of a copy of a PC's store with its encryption taken off (its WAL checkpointed in
 * first), for tests that prove data is gone from every page, free pages included, and not just
 * hidden by the cipher.
 */
export function decryptedStoreBytes(dataDir: string, key: StoreKey = TEST_STORE_KEY): Buffer {
  const copy = path.join(tempDir('vangnet-decrypted-'), STORE_FILE_NAME);
  for (const side of ['', '-wal']) {
    const source = path.join(dataDir, `${STORE_FILE_NAME}${side}`);
    if (fs.existsSync(source)) fs.copyFileSync(source, `${copy}${side}`);
  }
  const db = new DatabaseConstructor(copy);
  applyStoreKey(db, key);
  db.pragma('journal_mode = DELETE');
  db.pragma(`rekey = ''`);
  db.close();
  return fs.readFileSync(copy);
}
