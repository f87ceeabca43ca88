import fs from 'node:fs';
import path from 'node:path';
import DatabaseConstructor, { type Database } from 'better-sqlite3';
import { assertNotNewer, loadMigrations, migrate, type Migration } from './migrate.js';
import { StoreError } from './store-error.js';

export const STORE_FILE_NAME = 'vangnet.sqlite';
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Signal-style: one handle writes, another only reads, so a slow read never holds the write lock. */
export interface Store {
  readonly file: string;
  readonly write: Database;
  readonly read: Database;
  readonly schema: { from: number; to: number };
  close(): void;
}

export interface OpenStoreOptions {
  dataDir: string;
  migrations?: readonly Migration[];
}

export function openStore({ dataDir, migrations = loadMigrations() }: OpenStoreOptions): Store {
  const file = path.join(dataDir, STORE_FILE_NAME);
  ensureDataDir(dataDir);
  checkExistingFile(file);
  const write = openOrExplain(file, false);
  try {
    verifyIntegrity(write, file);
    assertNotNewer(write, migrations);
    applyDurabilityPragmas(write);
    const schema = migrate(write, migrations);
    const read = openOrExplain(file, true);
    read.pragma('query_only = ON');
    return {
      file,
      write,
      read,
      schema,
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

/** Looks at the file before SQLite does, so a foreign or damaged file is never touched. */
function checkExistingFile(file: string): void {
  let handle: number;
  try {
    handle = fs.openSync(file, 'r');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new StoreError('STORE_UNREADABLE', `cannot read the store ${file}: ${(cause as Error).message}`, { cause });
  }
  try {
    fs.accessSync(file, fs.constants.W_OK);
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const bytes = fs.readSync(handle, header, 0, header.length, 0);
    if (bytes > 0 && (bytes < header.length || !header.equals(SQLITE_HEADER))) {
      throw new StoreError('STORE_CORRUPT', `${file} is not a Vangnet database (bad header). It was left untouched; restore a backup or move it aside.`);
    }
  } catch (cause) {
    if (cause instanceof StoreError) throw cause;
    throw new StoreError('STORE_UNREADABLE', `cannot write the store ${file}: ${(cause as Error).message}`, { cause });
  } finally {
    fs.closeSync(handle);
  }
}

function openOrExplain(file: string, readonly: boolean): Database {
  try {
    const db = new DatabaseConstructor(file, { readonly, fileMustExist: readonly });
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (cause) {
    throw new StoreError('STORE_UNREADABLE', `cannot open the store ${file}: ${(cause as Error).message}`, { cause });
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
