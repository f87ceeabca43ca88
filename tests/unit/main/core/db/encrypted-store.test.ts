import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import DatabaseConstructor from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../../../main/core/core.js';
import { loadMigrations, migrate } from '../../../../../main/core/db/migrate.js';
import { CONVERSION_SUFFIX, inspectStoreFile, openStore, STORE_FILE_NAME } from '../../../../../main/core/db/open-store.js';
import { StoreError } from '../../../../../main/core/db/store-error.js';
import { newStoreKey, parseStoreKey } from '../../../../../main/core/db/store-key.js';
import { silentLogger } from '../../../../../main/core/logger.js';
import { deskCaller as admin, signIn, staffedDesk } from '../../../../support/staff.js';
import { TEST_STORE_KEY } from '../../../../support/test-keys.js';
import { tempDir } from '../../../../support/temp-dir.js';

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

/** Every byte of the store and its side files, as an attacker holding the disk reads them. */
function storeFiles(dir: string): { name: string; bytes: Buffer }[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(STORE_FILE_NAME))
    .map((name) => ({ name, bytes: fs.readFileSync(path.join(dir, name)) }));
}
const holds = (dir: string, needle: string) =>
  storeFiles(dir)
    .filter(({ bytes }) => bytes.includes(Buffer.from(needle, 'utf8')) || bytes.includes(Buffer.from(needle, 'utf16le')))
    .map(({ name }) => name);
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A store as the release before encryption made it: clear, WAL, the schema of its day. */
function clearStore(dir: string, rows: number, marker: string): void {
  const db = new DatabaseConstructor(path.join(dir, STORE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  migrate(db, loadMigrations().filter((m) => m.version <= 8));
  db.exec('CREATE TABLE IF NOT EXISTS old_data (i INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO old_data (i, text) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i += 1) insert.run(i, `${marker} ${i}`);
  })();
  // Left with a WAL that holds the last rows, as a killed or running app leaves it.
  db.pragma('wal_autocheckpoint = 0');
  db.prepare('INSERT INTO old_data (i, text) VALUES (?, ?)').run(rows, `${marker} in the wal`);
  const sidecar = new DatabaseConstructor(path.join(dir, STORE_FILE_NAME), { readonly: true });
  db.close();
  sidecar.close();
}

describe('the encrypted local store', () => {
  it('a unique string written through the contract is in no byte of the database, -wal or -journal, while open and after close', async () => {
    const dir = tempDir();
    const core = openCore({ dataDir: dir, storeKey: TEST_STORE_KEY, logger: silentLogger() });
    cores.push(core);
    const marker = `Balie-${randomUUID()}`;
    const narrative = `Verhaal-${randomUUID()}`;
    const people = await staffedDesk(core, { deskName: marker });
    await signIn(core, people.coordinator);
    const incident = await core.dispatch(admin, 'incident.quickLog', { forms: ['threat'] });
    if (!incident.ok) throw new Error(incident.error.message);
    const { id } = incident.value as { id: string };
    expect(await core.dispatch(admin, 'incident.update', { id, patch: { narrative } })).toMatchObject({ ok: true });
    // Written, and readable back through the contract: the search below looks for what is really there.
    expect(await core.dispatch(admin, 'device.status', {})).toMatchObject({ ok: true, value: { desk: { name: marker } } });
    expect(await core.dispatch(admin, 'incident.get', { id })).toMatchObject({ ok: true, value: { narrative } });
    const open = storeFiles(dir).map(({ name }) => name);
    expect(open).toContain(`${STORE_FILE_NAME}-wal`);
    expect(holds(dir, marker)).toEqual([]);
    expect(holds(dir, narrative)).toEqual([]);
    expect(inspectStoreFile(path.join(dir, STORE_FILE_NAME))).toBe('encrypted');
    await cores.pop()?.close();
    expect(holds(dir, marker)).toEqual([]);
    expect(holds(dir, narrative)).toEqual([]);
  });

  it('the same search finds the string in a clear SQLite file (so the check above can fail)', () => {
    const dir = tempDir();
    const marker = `Balie-${randomUUID()}`;
    const db = new DatabaseConstructor(path.join(dir, STORE_FILE_NAME));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x TEXT) STRICT');
    db.prepare('INSERT INTO t VALUES (?)').run(marker);
    expect(holds(dir, marker)).toEqual([`${STORE_FILE_NAME}-wal`]);
    db.close();
    expect(holds(dir, marker)).toEqual([STORE_FILE_NAME]);
  });

  it('a wrong key gets STORE_KEY_WRONG in words and leaves the database and its WAL byte for byte as they were', () => {
    const dir = tempDir();
    const store = openStore({ dataDir: dir, key: TEST_STORE_KEY });
    store.write.exec("INSERT INTO local_secret (name, value, updated_at) VALUES ('x', 'y', 'z')");
    // A second handle keeps the WAL from being checkpointed away when the store closes, as after a power cut.
    const file = path.join(dir, STORE_FILE_NAME);
    fs.copyFileSync(`${file}-wal`, path.join(dir, 'wal-copy'));
    store.close();
    fs.copyFileSync(path.join(dir, 'wal-copy'), `${file}-wal`);
    const before = { db: sha(file), wal: sha(`${file}-wal`) };
    for (const key of [newStoreKey(), Buffer.alloc(32)]) {
      const error = (() => {
        try {
          openStore({ dataDir: dir, key });
        } catch (caught) {
          return caught;
        }
        throw new Error('opened with a wrong key');
      })();
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('STORE_KEY_WRONG');
      expect((error as StoreError).message).toMatch(/cannot be read with the key given: the key is wrong or missing.*left untouched/);
      expect({ db: sha(file), wal: sha(`${file}-wal`) }).toEqual(before);
    }
    // And the right key still opens it, with the row.
    const again = openStore({ dataDir: dir, key: TEST_STORE_KEY });
    expect(again.read.prepare("SELECT value FROM local_secret WHERE name = 'x'").pluck().get()).toBe('y');
    again.close();
  });

  it('converts a clear store of the previous release in place on first open, losing no row (the WAL included)', () => {
    const dir = tempDir();
    const marker = `Oud-${randomUUID()}`;
    clearStore(dir, 5000, marker);
    const file = path.join(dir, STORE_FILE_NAME);
    expect(inspectStoreFile(file)).toBe('clear');
    expect(holds(dir, `${marker} in the wal`).length).toBe(1);
    const store = openStore({ dataDir: dir, key: TEST_STORE_KEY });
    expect(store.convertedFromClear).toBe(true);
    expect(store.schema).toEqual({ from: 8, to: loadMigrations().length });
    expect(store.read.prepare('SELECT count(*) FROM old_data').pluck().get()).toBe(5001);
    expect(store.read.prepare('SELECT text FROM old_data WHERE i = 5000').pluck().get()).toBe(`${marker} in the wal`);
    store.close();
    expect(inspectStoreFile(file)).toBe('encrypted');
    expect(holds(dir, marker)).toEqual([]);
    expect(fs.readdirSync(dir).filter((name) => name.includes(CONVERSION_SUFFIX))).toEqual([]);
    const again = openStore({ dataDir: dir, key: TEST_STORE_KEY });
    expect(again.convertedFromClear).toBe(false);
    again.close();
  });

  it('drops the partial copy a killed conversion left, and converts the clear store that is still whole', () => {
    const dir = tempDir();
    clearStore(dir, 100, 'rij');
    const file = path.join(dir, STORE_FILE_NAME);
    fs.writeFileSync(`${file}${CONVERSION_SUFFIX}`, Buffer.alloc(8192, 0x5a));
    fs.writeFileSync(`${file}${CONVERSION_SUFFIX}-journal`, Buffer.alloc(512, 0x5a));
    const store = openStore({ dataDir: dir, key: TEST_STORE_KEY });
    expect(store.read.prepare('SELECT count(*) FROM old_data').pluck().get()).toBe(101);
    store.close();
    expect(fs.readdirSync(dir).filter((name) => name.includes(CONVERSION_SUFFIX))).toEqual([]);
  });

  it('a damaged clear store is refused and not converted: its bytes stay as they were', () => {
    const dir = tempDir();
    clearStore(dir, 3000, 'rij');
    const file = path.join(dir, STORE_FILE_NAME);
    const checkpoint = new DatabaseConstructor(file);
    checkpoint.pragma('wal_checkpoint(TRUNCATE)');
    checkpoint.close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0xa5, 4096 * 3, 4096 * 8);
    fs.writeFileSync(file, bytes);
    const before = sha(file);
    expect(() => openStore({ dataDir: dir, key: TEST_STORE_KEY })).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT' }));
    expect(sha(file)).toBe(before);
    expect(inspectStoreFile(file)).toBe('clear');
  });

  it('reads a key as 64 hex digits or base64 of 32 bytes and refuses anything shorter or longer', () => {
    const key = newStoreKey();
    expect(parseStoreKey(key.toString('hex'), 'k').equals(key)).toBe(true);
    expect(parseStoreKey(`${key.toString('base64')}\n`, 'k').equals(key)).toBe(true);
    expect(parseStoreKey(key.toString('base64url'), 'k').equals(key)).toBe(true);
    expect(() => parseStoreKey(key.subarray(0, 16).toString('hex'), 'the key file')).toThrow(/the key file must hold a 32-byte key/);
    expect(() => parseStoreKey(`${key.toString('hex')}00`, 'k')).toThrow(/32-byte key/);
    expect(() => parseStoreKey('', 'k')).toThrow(/32-byte key/);
  });
});
