import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { ServerConfig } from '../config.js';
import { migrationProvider } from './migrations.js';
import type { ServerDatabase } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface ServerDb {
  readonly db: Kysely<ServerDatabase>;
  /** SQLite only: the file, so a purge can checkpoint its WAL. */
  readonly sqlite?: SQLite.Database;
  readonly dialect: Dialect;
  /** PostgreSQL only: where LISTEN gets its own dedicated connection. */
  readonly postgresUrl: string | null;
  close(): Promise<void>;
}

export class ServerStoreError extends Error {
  constructor(
    readonly code: 'STORE_UNAVAILABLE' | 'STORE_MIGRATION_FAILED',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** bigint columns (versions, seqs) come back as JS numbers; they stay far below 2^53. */
const pgTypes = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)),
};

/** One key for every instance: two servers starting at once take turns migrating. */
const MIGRATION_LOCK_KEY = 4_790_001;

export async function openServerDatabase(storage: ServerConfig['storage']): Promise<ServerDb> {
  const handle = storage.kind === 'sqlite' ? openSqlite(storage.file) : openPostgres(storage.url);
  try {
    await (handle.sqlite ? migrateSqlite(handle, handle.sqlite) : migratePostgres(handle, storage.kind === 'postgres' ? storage.url : ''));
  } catch (error) {
    await handle.close();
    throw new ServerStoreError('STORE_MIGRATION_FAILED', `server migrations failed: ${String((error as Error).message ?? error)}`, { cause: error });
  }
  return handle;
}

async function migrate(handle: ServerDb): Promise<void> {
  const { error } = await new Migrator({ db: handle.db, provider: migrationProvider }).migrateToLatest();
  if (error) throw error;
}

/**
 * Kysely runs SQLite migrations without a transaction, so two processes on one file could
 * both find a migration missing. BEGIN IMMEDIATE takes the write lock first (the second
 * waits, busy_timeout) and the whole run, bookkeeping included, commits at once.
 */
async function migrateSqlite(handle: ServerDb, database: SQLite.Database): Promise<void> {
  database.exec('BEGIN IMMEDIATE');
  try {
    await migrate(handle);
    database.exec('COMMIT');
  } catch (error) {
    if (database.inTransaction) database.exec('ROLLBACK');
    throw error;
  }
}

/**
 * A session advisory lock on a connection of its own, held around the whole run: Kysely's
 * own lock covers the migrations but not its first creation of the bookkeeping tables.
 */
async function migratePostgres(handle: ServerDb, url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrate(handle);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

function openSqlite(file: string): ServerDb {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const database = new SQLite(file);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    // Deleted personal data (purged warnings) is overwritten with zeros, not left in free pages.
    database.pragma('secure_delete = ON');
    const db = new Kysely<ServerDatabase>({ dialect: new SqliteDialect({ database }) });
    return { db, sqlite: database, dialect: 'sqlite', postgresUrl: null, close: () => db.destroy() };
  } catch (cause) {
    throw new ServerStoreError('STORE_UNAVAILABLE', `cannot open ${file}: ${(cause as Error).message}`, { cause });
  }
}

function openPostgres(url: string): ServerDb {
  const pool = new pg.Pool({ connectionString: url, max: 10, types: pgTypes });
  pool.on('error', () => undefined); // an idle client dropped by the server; the pool replaces it
  const db = new Kysely<ServerDatabase>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', postgresUrl: url, close: () => db.destroy() };
}
