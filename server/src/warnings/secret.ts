import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { ServerDatabase } from '../db/schema.js';
import type { ServerConfig } from '../config.js';
import type { ServerDb } from '../db/connect.js';
import { readOrCreateSecretFile } from '../tenancy/secrets.js';

/**
 * The secret the keys of shared warnings derive from: from the environment, or a 0600 file
 * made on first start. Never in the database, so a dump or a backup of it holds no key.
 */
export function loadWarningSecret(config: ServerConfig): Buffer {
  if (config.warningSecret) return Buffer.from(config.warningSecret, 'base64url');
  const file =
    config.warningSecretFile ??
    (config.storage.kind === 'sqlite' ? `${config.storage.file}.warning-secret` : path.join(os.homedir(), '.local', 'share', 'vangnet-server', 'warning-secret'));
  return readOrCreateSecretFile(file);
}

export async function countWarningTombstones(db: Kysely<ServerDatabase>): Promise<number> {
  const row = await db.selectFrom('replica_row').select((eb) => eb.fn.countAll<number>().as('n')).where('entity', 'in', ['visitor_warning', 'warning_projection']).where('deleted', '=', 1).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * After a purge, the old row versions must not linger where they were: SQLite overwrites
 * freed pages (secure_delete) and the WAL is checkpointed and truncated; PostgreSQL drops
 * the dead tuples of the row tables with VACUUM.
 */
export async function scrubFreedPages(store: ServerDb): Promise<void> {
  if (store.sqlite) {
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return;
  }
  // VACUUM FULL rewrites the table (old row versions gone from its files) under an exclusive lock:
  // it gives up after 2 s rather than hold up pushes and pulls, and the next purge run tries again.
  await store.db.connection().execute(async (connection) => {
    await sql`SET lock_timeout = '2s'`.execute(connection);
    try {
      await sql`VACUUM (FULL) replica_row`.execute(connection);
    } finally {
      await sql`RESET lock_timeout`.execute(connection);
    }
  });
}
