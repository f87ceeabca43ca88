import fs from 'node:fs';
import path from 'node:path';
import DatabaseConstructor from 'better-sqlite3-multiple-ciphers';
import { STORE_FILE_NAME } from '../../main/core/db/open-store.js';
import { applyStoreKey, type StoreKey } from '../../main/core/db/store-key.js';
import { TEST_STORE_KEY } from './test-keys.js';
import { tempDir } from './temp-dir.js';

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
