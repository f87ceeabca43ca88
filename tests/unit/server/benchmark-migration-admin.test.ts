import SQLite from 'better-sqlite3';
import path from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { serverConfigFromEnv } from '../../../server/src/config.js';
import { openServerDatabase } from '../../../server/src/db/connect.js';
import { migrationProvider } from '../../../server/src/db/migrations.js';
import type { ServerDatabase } from '../../../server/src/db/schema.js';
import { spawnTs } from '../../support/processes.js';
import { freshPostgresDatabase, postgresAvailable, type StorageKind } from '../../support/sync-server.js';
import { tempDir } from '../../support/temp-dir.js';

async function admin(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; json: unknown; text: string }> {
  const run = spawnTs('server/src/admin-cli.ts', args, env);
  const code = await run.exited;
  const text = run.lines.join('\n');
  return { code, json: code === 0 ? (JSON.parse(text) as unknown) : null, text: code === 0 ? text : run.stderr() };
}

describe.each(['sqlite', 'postgres'] as StorageKind[])('the benchmark on a %s server store', (kind) => {
  it('migration 012: an existing organisation gets no sector and takes no part; a count is kept once per organisation, month and key', { timeout: 60_000 }, async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const database = kind === 'postgres' ? await freshPostgresDatabase() : null;
    const db = new Kysely<ServerDatabase>({
      dialect: database ? new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url }) }) : new SqliteDialect({ database: new SQLite(path.join(tempDir(), 'server.sqlite')) }),
    });
    try {
      const migrator = new Migrator({ db, provider: migrationProvider });
      expect((await migrator.migrateTo('011_enrolment_tokens')).error).toBeUndefined();
      await db.insertInto('organisation').values({ id: 'o1', name: 'Gemeente Zwolle', created_at: '2026-01-01T00:00:00.000Z' } as never).execute();
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(await db.selectFrom('organisation').select(['name', 'sector']).execute()).toEqual([{ name: 'Gemeente Zwolle', sector: null }]);
      expect(await db.selectFrom('benchmark_participation').selectAll().execute()).toEqual([]);
      const count = { organisation_id: 'o1', month: '2026-01', dimension: 'form', item: 'threat', incidents: 3 };
      await db.insertInto('benchmark_count').values(count).execute();
      await expect(db.insertInto('benchmark_count').values({ ...count, incidents: 4 }).execute()).rejects.toThrow();
      // Counts belong to an organisation that exists.
      await expect(db.insertInto('benchmark_count').values({ ...count, organisation_id: 'nobody' }).execute()).rejects.toThrow();
    } finally {
      await db.destroy();
      await database?.drop();
    }
  });

  it('create-organisation --sector and set-sector set the sector, refuse an unknown one in words, and are logged', { timeout: 180_000 }, async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const database = kind === 'postgres' ? await freshPostgresDatabase() : null;
    const env: Record<string, string> = database ? { DATABASE_URL: database.url } : { VANGNET_SERVER_DATA_DIR: tempDir() };
    try {
      const made = await admin(env, 'create-organisation', '--name=Gemeente Zwolle', '--sector=gemeente');
      expect(made.json).toMatchObject({ name: 'Gemeente Zwolle', sector: 'gemeente' });
      const { id } = made.json as { id: string };
      const [moved, unknown, badAtCreate] = await Promise.all([
        admin(env, 'set-sector', `--organisation=${id}`, '--sector=zorg'),
        admin(env, 'set-sector', `--organisation=${id}`, '--sector=bakkerij'),
        admin(env, 'create-organisation', '--name=Bakker', '--sector=bakkerij'),
      ]);
      expect(moved.json).toEqual({ id, sector: 'zorg' });
      expect([unknown.code, badAtCreate.code]).toEqual([2, 2]);
      expect(unknown.text).toMatch(/BAD_REQUEST: a sector is one of gemeente, uwv, belastingdienst, zorg, onderwijs, ov, overig/);
      const store = await openServerDatabase(serverConfigFromEnv(env).storage);
      try {
        expect(await store.db.selectFrom('organisation').select(['name', 'sector']).execute()).toEqual([{ name: 'Gemeente Zwolle', sector: 'zorg' }]);
        const log = await store.db.selectFrom('admin_audit').select(['action', 'target', 'detail', 'actor']).orderBy('at').orderBy('id').execute();
        expect(log.map((entry) => [entry.action, entry.target, JSON.parse(entry.detail) as unknown])).toEqual([
          ['create-organisation', id, { name: 'Gemeente Zwolle', sector: 'gemeente' }],
          ['set-sector', id, { sector: 'zorg' }],
        ]);
        for (const entry of log) expect(entry.actor).toMatch(/^cli .+@.+$/);
      } finally {
        await store.close();
      }
    } finally {
      await database?.drop();
    }
  });
});
