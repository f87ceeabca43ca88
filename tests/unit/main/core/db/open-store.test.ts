import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import DatabaseConstructor from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { loadMigrations, type Migration } from '../../../../../main/core/db/migrate.js';
import { openStore, STORE_FILE_NAME } from '../../../../../main/core/db/open-store.js';
import { StoreError } from '../../../../../main/core/db/store-error.js';
import { applyStoreKey } from '../../../../../main/core/db/store-key.js';
import { tempDir } from '../../../../support/temp-dir.js';
import { TEST_STORE_KEY } from '../../../../support/test-keys.js';

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function expectStoreError(fn: () => unknown, code: StoreError['code']): StoreError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).code).toBe(code);
    return error as StoreError;
  }
  throw new Error(`expected ${code}`);
}

describe('openStore', () => {
  it('opens a real file with WAL, synchronous=FULL and foreign keys, and migrates to the latest schema', () => {
    const dir = tempDir();
    const store = openStore({ key: TEST_STORE_KEY, dataDir: dir });
    expect(store.write.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.write.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.write.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.write.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    expect(store.schema).toEqual({ from: 0, to: loadMigrations().length });
    expect(fs.existsSync(path.join(dir, `${STORE_FILE_NAME}-wal`))).toBe(true);
    store.close();
  });

  it('makes every table STRICT', () => {
    const store = openStore({ key: TEST_STORE_KEY, dataDir: tempDir() });
    const tables = store.read.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string; strict: number }[];
    expect(tables.length).toBeGreaterThan(0);
    expect(tables.filter((table) => table.strict !== 1)).toEqual([]);
    store.close();
  });

  it('gives a read handle that cannot write', () => {
    const store = openStore({ key: TEST_STORE_KEY, dataDir: tempDir() });
    expect(() => store.read.prepare("UPDATE device_settings SET locale = 'en'").run()).toThrow(/readonly|query_only/i);
    store.close();
  });

  it('is idempotent: reopening runs no migration again', () => {
    const dir = tempDir();
    openStore({ key: TEST_STORE_KEY, dataDir: dir }).close();
    const again = openStore({ key: TEST_STORE_KEY, dataDir: dir });
    expect(again.schema.from).toBe(again.schema.to);
    again.close();
  });

  it('refuses a database from a newer version and leaves it untouched', () => {
    const dir = tempDir();
    openStore({ key: TEST_STORE_KEY, dataDir: dir }).close();
    const file = path.join(dir, STORE_FILE_NAME);
    const db = new DatabaseConstructor(file);
    applyStoreKey(db, TEST_STORE_KEY);
    db.pragma('journal_mode = DELETE');
    db.pragma('user_version = 999');
    db.close();
    const before = sha(file);
    const error = expectStoreError(() => openStore({ key: TEST_STORE_KEY, dataDir: dir }), 'STORE_TOO_NEW');
    expect(error.message).toMatch(/newer Vangnet \(schema 999/);
    expect(sha(file)).toBe(before);
  });

  // An encrypted store starts with a random salt, so a foreign file looks like one with another key.
  it('refuses a file that is not a Vangnet store and never overwrites it', () => {
    const dir = tempDir();
    const file = path.join(dir, STORE_FILE_NAME);
    fs.writeFileSync(file, 'this is a spreadsheet, not a database'.repeat(200));
    const before = sha(file);
    expect(expectStoreError(() => openStore({ key: TEST_STORE_KEY, dataDir: dir }), 'STORE_KEY_WRONG').message).toMatch(/key is wrong or missing, or the file is not a Vangnet store\. It was left untouched/);
    expect(sha(file)).toBe(before);
  });

  it('refuses a SQLite file whose pages are damaged and never overwrites it', () => {
    const dir = tempDir();
    const store = openStore({ key: TEST_STORE_KEY, dataDir: dir });
    store.write.exec("CREATE TABLE filler (x TEXT) STRICT; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO filler SELECT hex(randomblob(64)) FROM n;");
    store.write.pragma('wal_checkpoint(TRUNCATE)');
    store.close();
    const file = path.join(dir, STORE_FILE_NAME);
    const bytes = fs.readFileSync(file);
    bytes.fill(0xa5, 4096 * 2, 4096 * 6); // keep the header, smash pages 3–6
    fs.writeFileSync(file, bytes);
    const before = sha(file);
    expectStoreError(() => openStore({ key: TEST_STORE_KEY, dataDir: dir }), 'STORE_CORRUPT');
    expect(sha(file)).toBe(before);
  });

  it('says so clearly when the data directory cannot be used', () => {
    const dir = tempDir();
    const blocker = path.join(dir, 'not-a-dir');
    fs.writeFileSync(blocker, '');
    expectStoreError(() => openStore({ key: TEST_STORE_KEY, dataDir: path.join(blocker, 'data') }), 'STORE_UNREADABLE');
  });

  it('rolls a failing migration back whole, user_version included', () => {
    const dir = tempDir();
    const broken: Migration[] = [
      ...loadMigrations(),
      { version: loadMigrations().length + 1, name: 'half_done', sql: 'CREATE TABLE half (id TEXT) STRICT; INSERT INTO nowhere VALUES (1);' },
    ];
    expectStoreError(() => openStore({ key: TEST_STORE_KEY, dataDir: dir, migrations: broken }), 'STORE_MIGRATION_FAILED');
    const store = openStore({ key: TEST_STORE_KEY, dataDir: dir });
    expect(store.read.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    expect(store.read.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    store.close();
  });

  it('rejects migration files with gaps or bad names', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '001_a.sql'), 'SELECT 1;');
    fs.writeFileSync(path.join(dir, '003_c.sql'), 'SELECT 1;');
    expectStoreError(() => loadMigrations(dir), 'STORE_MIGRATIONS_INVALID');
    fs.writeFileSync(path.join(dir, 'two.sql'), 'SELECT 1;');
    expectStoreError(() => loadMigrations(dir), 'STORE_MIGRATIONS_INVALID');
  });
});
