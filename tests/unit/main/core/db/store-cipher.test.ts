import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import DatabaseConstructor, { type Database } from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../../../../main/core/db/migrate.js';
import { CONVERSION_SUFFIX, openStore, STORE_FILE_NAME } from '../../../../../main/core/db/open-store.js';
import { StoreError } from '../../../../../main/core/db/store-error.js';
import { applyPreviousStoreKey, applyStoreKey, STORE_CIPHER, type StoreKey } from '../../../../../main/core/db/store-key.js';
import { tempDir } from '../../../../support/temp-dir.js';
import { TEST_STORE_KEY } from '../../../../support/test-keys.js';

const OTHER_KEY: StoreKey = createHash('sha256').update('not the store key').digest();
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** The files of a data folder, main store and side files, as they lie on disk. */
function storeFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.startsWith(STORE_FILE_NAME)).map((name) => path.join(dir, name));
}

/** Whether the file's first page decrypts with the key applied this way. */
function opensWith(file: string, applyKey: (db: Database) => void): boolean {
  const db = new DatabaseConstructor(file, { readonly: true, fileMustExist: true });
  try {
    applyKey(db);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch {
    return false;
  } finally {
    db.close();
  }
}

/**
 * A store as releases up to 0.1.x wrote it: SQLCipher 4 settings, WAL, the schema migrated,
 * and one organisation whose name is the marker. Left with its WAL so the conversion must
 * take the pages still in it.
 */
function writePreviousCipherStore(dir: string, marker: string): string {
  const file = path.join(dir, STORE_FILE_NAME);
  const db = new DatabaseConstructor(file);
  applyPreviousStoreKey(db, TEST_STORE_KEY);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  migrate(db, loadMigrations());
  db.pragma('wal_autocheckpoint = 0');
  db.prepare('INSERT INTO organisation (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(randomUUID(), marker, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
  // The files as a killed app leaves them: the commit only in the WAL, not yet in the main file.
  const snapshot = tempDir('vangnet-previous-cipher-');
  for (const side of ['', '-wal']) fs.copyFileSync(`${file}${side}`, path.join(snapshot, `${STORE_FILE_NAME}${side}`));
  db.close();
  for (const name of storeFiles(dir)) fs.rmSync(name);
  for (const side of ['', '-wal']) fs.copyFileSync(path.join(snapshot, `${STORE_FILE_NAME}${side}`), `${file}${side}`);
  expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(0);
  return file;
}

describe('the store cipher', () => {
  it('runs AEGIS-256 on both handles of an opened store; the file refuses SQLCipher 4 settings and opens only with the current ones', () => {
    const dir = tempDir();
    const store = openStore({ key: TEST_STORE_KEY, dataDir: dir });
    for (const handle of [store.write, store.read]) {
      expect(handle.pragma('cipher', { simple: true })).toBe(STORE_CIPHER.cipher);
      expect(handle.pragma('algorithm', { simple: true })).toBe(STORE_CIPHER.algorithm);
      expect(handle.pragma('page_size', { simple: true })).toBe(4096);
    }
    expect(store.convertedFromPreviousCipher).toBe(false);
    store.close();
    const file = path.join(dir, STORE_FILE_NAME);
    expect(opensWith(file, (db) => applyStoreKey(db, TEST_STORE_KEY))).toBe(true);
    expect(opensWith(file, (db) => applyPreviousStoreKey(db, TEST_STORE_KEY))).toBe(false);
    expect(opensWith(file, (db) => applyStoreKey(db, OTHER_KEY))).toBe(false);
    expect(opensWith(file, () => undefined)).toBe(false);
  });

  it('re-encrypts a store written with the previous SQLCipher 4 settings: every row kept, WAL included, no byte of the marker left, once only', () => {
    const dir = tempDir();
    const marker = `previous-cipher-${randomUUID()}`;
    const file = writePreviousCipherStore(dir, marker);
    expect(fs.existsSync(`${file}-wal`)).toBe(true);

    const store = openStore({ key: TEST_STORE_KEY, dataDir: dir });
    expect(store.convertedFromPreviousCipher).toBe(true);
    expect(store.convertedFromClear).toBe(false);
    expect(store.write.prepare('SELECT name FROM organisation').pluck().all()).toEqual([marker]);
    expect(store.schema.from).toBe(loadMigrations().length);
    store.close();

    expect(opensWith(file, (db) => applyStoreKey(db, TEST_STORE_KEY))).toBe(true);
    expect(opensWith(file, (db) => applyPreviousStoreKey(db, TEST_STORE_KEY))).toBe(false);
    expect(fs.existsSync(`${file}${CONVERSION_SUFFIX}`)).toBe(false);
    for (const name of storeFiles(dir)) expect(fs.readFileSync(name).includes(marker)).toBe(false);

    const again = openStore({ key: TEST_STORE_KEY, dataDir: dir });
    expect(again.convertedFromPreviousCipher).toBe(false);
    expect(again.read.prepare('SELECT name FROM organisation').pluck().all()).toEqual([marker]);
    again.close();
  });

  it('refuses a previous-cipher store with the wrong key and leaves its bytes as they were', () => {
    const dir = tempDir();
    const file = writePreviousCipherStore(dir, `wrong-key-${randomUUID()}`);
    // The -shm file is SQLite's index of the WAL, rebuilt on every open: the data is in the other two.
    const dataFiles = [file, `${file}-wal`];
    const before = dataFiles.map(sha);
    try {
      openStore({ key: OTHER_KEY, dataDir: dir });
      throw new Error('expected STORE_KEY_WRONG');
    } catch (error) {
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('STORE_KEY_WRONG');
    }
    expect(dataFiles.map(sha)).toEqual(before);
    expect(opensWith(file, (db) => applyPreviousStoreKey(db, TEST_STORE_KEY))).toBe(true);
  });
});
