import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_SERVER_ENV } from '../../../support/test-keys.js';
import { freePort, killHard, spawnTs, waitForHttp } from '../../../support/processes.js';
import { freshPostgresDatabase, postgresReachable } from '../../../support/postgres.js';
import { tempDir } from '../../../support/temp-dir.js';
import SQLite from 'better-sqlite3';
import path from 'node:path';

const cleanup: (() => Promise<unknown>)[] = [];
// Stopping processes and dropping PostgreSQL databases: seconds on a loaded 2-core machine.
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
}, 60_000);

// Cold starts of Node + tsx on a busy 2-core machine: the limit is on waiting, not a measurement.
const COLD_START_MS = 120_000;
const INSTANCES = 3;

/** Starts `INSTANCES` real server processes at the same moment on one storage and waits until each answers /ready. */
async function startTogether(env: Record<string, string>): Promise<void> {
  const ports = await Promise.all(Array.from({ length: INSTANCES }, () => freePort()));
  const servers = ports.map((port) => spawnTs('server/src/main.ts', [], { ...TEST_SERVER_ENV, ...env, VANGNET_SERVER_PORT: String(port) }));
  for (const server of servers) cleanup.push(() => killHard(server.child));
  await Promise.all(servers.map((server, i) => server.diedFirst(waitForHttp(`http://127.0.0.1:${ports[i]}/ready`))));
}

describe('migrations on start, several instances at once', () => {
  it('PostgreSQL: every instance comes up on a fresh database and each migration ran once', async () => {
    if (!(await postgresReachable())) {
      if (process.env['CI'] === 'true') throw new Error('PostgreSQL is required under CI');
      console.warn('PostgreSQL not reachable: skipped');
      return;
    }
    const database = await freshPostgresDatabase();
    cleanup.push(() => database.drop());
    await startTogether({ DATABASE_URL: database.url, VANGNET_SERVER_DATA_DIR: tempDir() });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    cleanup.push(() => client.end());
    const names = (await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name')).rows.map((row) => row.name);
    expect(names.length).toBeGreaterThanOrEqual(10);
    expect(new Set(names).size).toBe(names.length);
    // 002 inserts the one server_state row with a random epoch: a second run would have failed or added one.
    expect((await client.query('SELECT count(*)::int AS n FROM server_state')).rows[0]).toEqual({ n: 1 });
  }, COLD_START_MS);

  it('SQLite: instances on one new file wait for each other and each migration ran once', async () => {
    const dataDir = tempDir();
    await startTogether({ VANGNET_SERVER_DATA_DIR: dataDir });
    const file = new SQLite(path.join(dataDir, 'vangnet-server.sqlite'), { readonly: true });
    cleanup.push(async () => file.close());
    const names = file.prepare('SELECT name FROM kysely_migration').pluck().all() as string[];
    expect(names.length).toBeGreaterThanOrEqual(10);
    expect(new Set(names).size).toBe(names.length);
    expect(file.prepare('SELECT count(*) FROM server_state').pluck().get()).toBe(1);
  }, COLD_START_MS);
});
