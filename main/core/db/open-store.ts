import fs from 'node:fs';
import path from 'node:path';
import DatabaseConstructor, { type Database } from 'better-sqlite3-multiple-ciphers';
import { assertNotNewer, loadMigrations, migrate, type Migration } from './migrate.js';
import { StoreError } from './store-error.js';
import { applyPreviousStoreKey, applyStoreKey, encryptClearFile, reencryptWithStoreCipher, UNENCRYPTED_BASELINE, type StoreKey, type StoreKeyOrBaseline } from './store-key.js';

export const STORE_FILE_NAME = 'vangnet.sqlite';
/** The encrypted copy of a clear (or previous-cipher) store while it is made; renamed over the store when complete. */
export const CONVERSION_SUFFIX = '.encrypting';
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const SIDE_FILES = ['-journal', '-wal', '-shm'] as const;

/** Signal-style: one handle writes, another only reads, so a slow read never holds the write lock. */
export interface Store {
  readonly file: string;
  readonly write: Database;
  readonly read: Database;
  readonly schema: { from: number; to: number };
  /** True when this open turned a clear store from an earlier release into an encrypted one. */
  readonly convertedFromClear: boolean;
  /** True when this open re-encrypted a store of an earlier release from SQLCipher 4's format into the current cipher. */
  readonly convertedFromPreviousCipher: boolean;
  close(): void;
}

export interface OpenStoreOptions {
  dataDir: string;
  /** Every store is encrypted with it; a clear store from an earlier release is converted first. */
  key: StoreKeyOrBaseline;
  migrations?: readonly Migration[];
}

export type StoreFileState = 'none' | 'clear' | 'encrypted';

export function openStore({ dataDir, key, migrations = loadMigrations() }: OpenStoreOptions): Store {
  const file = path.join(dataDir, STORE_FILE_NAME);
  ensureDataDir(dataDir);
  dropUnfinishedConversion(file);
  const baseline = key === UNENCRYPTED_BASELINE;
  const convertedFromClear = !baseline && inspectStoreFile(file) === 'clear';
  if (convertedFromClear) convertToEncrypted(file, key);
  const cipherKey = baseline ? null : key;
  let write = openOrExplain(file, false, cipherKey);
  // Probed on the handle the store is opened with anyway: an up-to-date store costs no extra open.
  const convertedFromPreviousCipher = cipherKey !== null && !readsSchema(write) && readsWith(file, (db) => applyPreviousStoreKey(db, cipherKey));
  if (convertedFromPreviousCipher) {
    write.close();
    convertFromPreviousCipher(file, cipherKey);
    write = openOrExplain(file, false, cipherKey);
  }
  try {
    verifyKey(write, file);
    verifyIntegrity(write, file);
    assertNotNewer(write, migrations);
    applyDurabilityPragmas(write);
    const schema = migrate(write, migrations);
    const read = openOrExplain(file, true, cipherKey);
    read.pragma('query_only = ON');
    return {
      file,
      write,
      read,
      schema,
      convertedFromClear,
      convertedFromPreviousCipher,
      close() {
        read.close();
        write.close();
      },
    };
  } catch (error) {
    write.close();
    throw error;
  }
}

function ensureDataDir(dataDir: string): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    fs.accessSync(dataDir, fs.constants.R_OK | fs.constants.W_OK);
  } catch (cause) {
    throw new StoreError('STORE_UNREADABLE', `cannot use data directory ${dataDir}: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Looks at the file before SQLite does: a clear store starts with SQLite's header, an
 * encrypted one with a random salt. An empty file counts as none (SQLite would start it).
 */
export function inspectStoreFile(file: string): StoreFileState {
  let handle: number;
  try {
    handle = fs.openSync(file, 'r');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw new StoreError('STORE_UNREADABLE', `cannot read the store ${file}: ${(cause as Error).message}`, { cause });
  }
  try {
    fs.accessSync(file, fs.constants.W_OK);
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const bytes = fs.readSync(handle, header, 0, header.length, 0);
    if (bytes === 0) return 'none';
    return bytes === header.length && header.equals(SQLITE_HEADER) ? 'clear' : 'encrypted';
  } catch (cause) {
    throw new StoreError('STORE_UNREADABLE', `cannot write the store ${file}: ${(cause as Error).message}`, { cause });
  } finally {
    fs.closeSync(handle);
  }
}

/** A conversion cut off before its rename left only a partial copy: the clear store is still whole. */
function dropUnfinishedConversion(file: string): void {
  const temp = `${file}${CONVERSION_SUFFIX}`;
  for (const name of [temp, ...SIDE_FILES.map((side) => `${temp}${side}`)]) fs.rmSync(name, { force: true });
}

/**
 * Encrypts a clear store in place, so that a kill at any moment leaves the clear store or
 * the encrypted one: a checked copy is encrypted beside it, made durable, then renamed over it.
 */
function convertToEncrypted(file: string, key: StoreKey): void {
  const temp = `${file}${CONVERSION_SUFFIX}`;
  const clear = openOrExplain(file, false, null);
  try {
    verifyIntegrity(clear, file);
    clear.pragma('wal_checkpoint(TRUNCATE)');
    clear.prepare('VACUUM INTO ?').run(temp);
  } catch (cause) {
    if (cause instanceof StoreError) throw cause;
    throw new StoreError('STORE_UNREADABLE', `could not copy the clear store ${file} for encryption: ${(cause as Error).message}. It was left untouched.`, { cause });
  } finally {
    clear.close();
  }
  swapInCheckedCopy(file, key, 'could not encrypt the clear store', () => {
    const copy = new DatabaseConstructor(temp, { fileMustExist: true });
    try {
      encryptClearFile(copy, key);
    } finally {
      copy.close();
    }
  });
}

/**
 * The last steps of both conversions: `rewrite` turns the copy beside the store into the
 * current cipher; the copy must then open with the store key and pass its check, is made
 * durable, and only then renamed over the store. Any failure drops the copy and leaves the
 * store as it was.
 */
function swapInCheckedCopy(file: string, key: StoreKey, failure: string, rewrite: () => void): void {
  const temp = `${file}${CONVERSION_SUFFIX}`;
  try {
    rewrite();
    const check = openOrExplain(temp, true, key);
    try {
      verifyKey(check, temp);
      verifyIntegrity(check, temp);
    } finally {
      check.close();
    }
    fsyncPath(temp);
    // The store's WAL was checkpointed and emptied before the copy was taken: nothing in it is lost.
    for (const side of ['-wal', '-shm']) fs.rmSync(`${file}${side}`, { force: true });
    fs.renameSync(temp, file);
    fsyncPath(path.dirname(file));
  } catch (cause) {
    dropUnfinishedConversion(file);
    if (cause instanceof StoreError) throw cause;
    throw new StoreError('STORE_UNREADABLE', `${failure} ${file}: ${(cause as Error).message}. The store was left as it was.`, { cause });
  }
}

/** False when the key or the cipher does not fit: the first page does not decrypt. */
function readsSchema(db: Database): boolean {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch {
    return false;
  }
}

function readsWith(file: string, applyKey: (db: Database) => void): boolean {
  let db: Database | undefined;
  try {
    db = new DatabaseConstructor(file, { fileMustExist: true });
    applyKey(db);
    return readsSchema(db);
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

/**
 * Re-encrypts a SQLCipher 4 store with the current cipher the way a clear store is converted:
 * its still-encrypted bytes are copied beside it, the copy is rewritten and checked, then
 * renamed over it, so a kill at any moment leaves one whole store. No page is ever in clear.
 */
function convertFromPreviousCipher(file: string, key: StoreKey): void {
  const temp = `${file}${CONVERSION_SUFFIX}`;
  const previous = openWith(file, (db) => applyPreviousStoreKey(db, key));
  try {
    verifyIntegrity(previous, file);
    // Every committed page into the main file, so the copy below is the whole store.
    previous.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    previous.close();
  }
  swapInCheckedCopy(file, key, 'could not re-encrypt with the current cipher the store', () => {
    fs.copyFileSync(file, temp);
    const copy = openWith(temp, (db) => applyPreviousStoreKey(db, key));
    try {
      // SQLite3MultipleCiphers rekeys only outside WAL mode; the copy has no WAL of its own.
      copy.pragma('journal_mode = DELETE');
      reencryptWithStoreCipher(copy, key);
    } finally {
      copy.close();
    }
  });
}

function openWith(file: string, applyKey: (db: Database) => void): Database {
  try {
    const db = new DatabaseConstructor(file, { fileMustExist: true });
    applyKey(db);
    return db;
  } catch (cause) {
    throw new StoreError('STORE_UNREADABLE', `cannot open the store ${file}: ${(cause as Error).message}`, { cause });
  }
}

function fsyncPath(target: string): void {
  const handle = fs.openSync(target, 'r');
  try {
    fs.fsyncSync(handle);
  } finally {
    fs.closeSync(handle);
  }
}

function openOrExplain(file: string, readonly: boolean, key: StoreKey | null): Database {
  try {
    const db = new DatabaseConstructor(file, { readonly, fileMustExist: readonly });
    if (key) applyStoreKey(db, key);
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (cause) {
    throw new StoreError('STORE_UNREADABLE', `cannot open the store ${file}: ${(cause as Error).message}`, { cause });
  }
}

/** The first read tells a wrong key: the page's authentication tag fails before anything is written. */
function verifyKey(db: Database, file: string): void {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (cause) {
    throw new StoreError(
      'STORE_KEY_WRONG',
      `${file} cannot be read with the key given: the key is wrong or missing, or the file is not a Vangnet store. It was left untouched; start with the key this store was made with (see docs/deployment.md).`,
      { cause },
    );
  }
}

function verifyIntegrity(db: Database, file: string): void {
  let verdict: unknown;
  try {
    verdict = db.pragma('quick_check', { simple: true });
  } catch (cause) {
    throw new StoreError('STORE_CORRUPT', `${file} is damaged (${(cause as Error).message}). It was left untouched; restore a backup or move it aside.`, { cause });
  }
  if (verdict !== 'ok') {
    throw new StoreError('STORE_CORRUPT', `${file} failed its integrity check (${String(verdict)}). It was left untouched; restore a backup or move it aside.`);
  }
}

/** Alarms and incidents must survive a power cut: WAL plus a full fsync on every commit. */
function applyDurabilityPragmas(db: Database): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new StoreError('STORE_UNREADABLE', `could not switch the store to WAL (got ${String(mode)})`);
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Purged personal data (visitor warnings) is overwritten with zeros, not left in free space.
  db.pragma('secure_delete = ON');
}
