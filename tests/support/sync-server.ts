import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { ServerConfig } from '../../server/src/config.js';
import type { ServerDatabase } from '../../server/src/db/schema.js';
import { Directory } from '../../server/src/tenancy/directory.js';
import { startServer, type RunningServer } from '../../server/src/start.js';
import { freshPostgresDatabase, PG_ADMIN_URL, postgresReachable } from './postgres.js';
import { tempDir } from './temp-dir.js';
import { TEST_SERVER_KEY } from './test-keys.js';

export { freshPostgresDatabase };

export type StorageKind = 'sqlite' | 'postgres';

let pgReachable: boolean | undefined;
/** PostgreSQL tests skip loudly without a server, and fail under CI, which must have one. */
export async function postgresAvailable(): Promise<boolean> {
  pgReachable ??= await postgresReachable();
  if (!pgReachable) {
    const message = `PostgreSQL is not reachable at ${PG_ADMIN_URL}: PostgreSQL server tests are SKIPPED`;
    if (process.env['CI']) throw new Error(`${message}, which CI does not allow`);
    console.warn(`\n⚠️  ${message}\n`);
  }
  return pgReachable;
}

export function serverConfig(storage: ServerConfig['storage'], overrides: Partial<ServerConfig> = {}): ServerConfig {
  // Alarm tests beat every 150 ms, so relayed beacons must not wait the production second.
  return { storage, host: '127.0.0.1', port: 0, adminToken: undefined, rateLimitPerMinute: 100_000, logLevel: 'silent', beaconFlushMs: 20, serverKey: TEST_SERVER_KEY, ...overrides };
}

export interface TestServer {
  server: RunningServer;
  storage: ServerConfig['storage'];
  directory: Directory;
  close(): Promise<void>;
}

/** A real server (Fastify on a loopback port) on a fresh SQLite file or PostgreSQL database. */
export async function startTestServer(kind: StorageKind, overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const database = kind === 'postgres' ? await freshPostgresDatabase() : null;
  const storage: ServerConfig['storage'] = database ? { kind: 'postgres', url: database.url } : { kind: 'sqlite', file: path.join(tempDir('vangnet-server-'), 'server.sqlite') };
  const server = await startServer(serverConfig(storage, overrides));
  return {
    server,
    storage,
    directory: new Directory(server.store.db),
    async close() {
      await server.close();
      await database?.drop();
    },
  };
}

/** Another instance on the same storage (two servers, one PostgreSQL). */
export async function startSecondInstance(first: TestServer): Promise<RunningServer> {
  return startServer(serverConfig(first.storage));
}

export interface Tenant {
  organisationId: string;
  siteId: string;
}

export async function createTenant(directory: Directory, name = 'Gemeente Utrecht', siteName = 'Stadskantoor'): Promise<Tenant> {
  const organisation = await directory.createOrganisation(name);
  const site = await directory.createSite(siteName);
  await directory.hostAt(organisation.id, site.id);
  return { organisationId: organisation.id, siteId: site.id };
}

/** Every table of a server's database as text: what any query, dump or backup could still read. */
export async function serverTablesText(db: Kysely<ServerDatabase>, kind: StorageKind): Promise<string> {
  const tables =
    kind === 'postgres'
      ? (await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`.execute(db)).rows
      : (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(db)).rows;
  const parts: string[] = [];
  for (const { name: table } of tables) {
    const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(db)).rows;
    parts.push(JSON.stringify(rows));
  }
  return parts.join('\n');
}
