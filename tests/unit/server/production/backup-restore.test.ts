import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../../shared/domain/ids.js';
import { freePort, killHard, spawnTs, waitForHttp } from '../../../support/processes.js';
import { enrolReplica, type TestReplica } from '../../../support/replica.js';
import { tempDir } from '../../../support/temp-dir.js';

const cleanup: (() => Promise<unknown>)[] = [];
// Stopping processes and dropping PostgreSQL databases: seconds on a loaded 2-core machine.
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
}, 60_000);

// Several cold starts of Node + tsx (server twice, the admin CLI three times) on a busy 2-core machine.
const COLD_START_MS = 240_000;
const adminToken = 'b'.repeat(40);
const incident = { occurred_at: '2026-11-28T09:00:00.000Z', channel: 'counter', forms: ['threat'], status: 'open' };

/** A real server process on SQLite in `dataDir`, on `port`. */
async function startServer(dataDir: string, port: number) {
  const server = spawnTs('server/src/main.ts', [], { VANGNET_SERVER_PORT: String(port), VANGNET_SERVER_DATA_DIR: dataDir, VANGNET_ADMIN_TOKEN: adminToken });
  cleanup.push(() => killHard(server.child));
  await server.diedFirst(waitForHttp(`http://127.0.0.1:${port}/ready`));
  return server;
}

async function admin(dataDir: string, args: string[]) {
  const run = spawnTs('server/src/admin-cli.ts', args, { VANGNET_SERVER_DATA_DIR: dataDir });
  return { code: await run.exited, stdout: run.lines.join('\n'), stderr: run.stderr() };
}

/** The ids of one entity's rows in the server's SQLite file, read on a connection of the test's own. */
function serverRows(dataDir: string): Map<string, Record<string, unknown>> {
  const database = new SQLite(path.join(dataDir, 'vangnet-server.sqlite'), { readonly: true });
  try {
    const rows = database.prepare("SELECT id, data FROM replica_row WHERE entity = 'incident'").all() as { id: string; data: string }[];
    return new Map(rows.map((row) => [row.id, JSON.parse(row.data) as Record<string, unknown>]));
  } finally {
    database.close();
  }
}

describe('server:admin backup and restore (embedded SQLite)', () => {
  it('a backup taken under write load keeps everything committed before it; after a restore the desks send again what the server lost', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = await startServer(dataDir, port);
    const post = async (route: string, body: object) => (await (await fetch(`${url}${route}`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as Record<string, string>;
    const organisationId = (await post('/v1/admin/organisations', { name: 'Gemeente Backup' }))['id']!;
    const siteId = (await post('/v1/admin/sites', { name: 'Stadhuis' }))['id']!;
    await post('/v1/admin/hosting', { organisation_id: organisationId, site_id: siteId });
    const directory = { createEnrolmentCode: async () => ({ code: (await post('/v1/admin/enrolment-codes', { organisation_id: organisationId, site_id: siteId }))['code']!, expiresAt: '' }) };
    const scope = { organisationId, siteId };
    const enrol = async (): Promise<TestReplica> => {
      const desk = await enrolReplica(url, directory, scope);
      cleanup.push(() => desk.close());
      return desk;
    };
    const loader = await enrol();
    const keeper = await enrol();

    // The keeper's row, on the server before the backup; it is edited after it.
    const edited = newId();
    keeper.replica.writeRow('incident', edited, incident, scope);
    await keeper.engine.syncNow();

    // Write load: batches of 20 incidents, each pushed; a batch counts as committed once its push is acknowledged.
    const committed: string[] = [];
    let loading = true;
    const load = (async () => {
      while (loading) {
        const batch = Array.from({ length: 20 }, () => loader.replica.writeRow('incident', newId(), incident, scope));
        await loader.engine.syncNow();
        if (loader.replica.pendingCount() === 0) committed.push(...batch);
      }
    })();
    while (committed.length < 200) await new Promise((resolve) => setTimeout(resolve, 20));
    const committedBeforeBackup = [...committed, edited];
    const backupFile = path.join(tempDir(), 'vangnet-backup.sqlite');
    const backup = await admin(dataDir, ['backup', `--to=${backupFile}`]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const committedDuringBackup = committed.length - committedBeforeBackup.length + 1;
    loading = false;
    await load;

    // After the backup, acknowledged by the server: an edit and a new row.
    keeper.replica.writeRow('incident', edited, { status: 'closed' }, scope);
    const created = newId();
    keeper.replica.writeRow('incident', created, incident, scope);
    await keeper.engine.syncNow();
    expect(keeper.replica.pendingCount()).toBe(0);

    // A restore under a running server is refused, and nothing changes.
    const refused = await admin(dataDir, ['restore', `--from=${backupFile}`]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/SERVER_RUNNING/);
    expect(serverRows(dataDir).get(edited)).toMatchObject({ status: 'closed' });

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const restored = await admin(dataDir, ['restore', `--from=${backupFile}`]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const afterRestore = serverRows(dataDir);
    const lost = committedBeforeBackup.filter((id) => !afterRestore.has(id));
    expect(lost).toEqual([]);
    // The backup is of its moment: the keeper's later work is not in it (else this test proves nothing).
    expect(afterRestore.has(created)).toBe(false);
    expect(afterRestore.get(edited)).toMatchObject({ status: 'open' });
    console.info(`backup under load: ${committedBeforeBackup.length} rows committed before it, ${committedDuringBackup} rows acknowledged while it ran, ${afterRestore.size} rows in it`);

    await startServer(dataDir, port);
    // The desks' next rounds: a full re-sync (new epoch), their own writes queued again and pushed.
    await keeper.engine.syncNow();
    await keeper.engine.syncNow();
    await loader.engine.syncNow();
    await loader.engine.syncNow();
    const healed = serverRows(dataDir);
    expect(healed.has(created)).toBe(true);
    expect(healed.get(edited)).toMatchObject({ status: 'closed' });
    expect(committed.filter((id) => !healed.has(id))).toEqual([]);
    expect(keeper.replica.pendingCount()).toBe(0);
    expect(keeper.replica.rejectionCount()).toBe(0);
    expect(loader.replica.rejectionCount()).toBe(0);
  }, COLD_START_MS);

  it('PostgreSQL: backup and restore refuse with the pg_dump and pg_restore steps', async () => {
    const run = spawnTs('server/src/admin-cli.ts', ['backup', '--to=/tmp/never-written.sqlite'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/never_opened' });
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toMatch(/BACKUP_POSTGRES: .*pg_dump --format=custom.*pg_restore .*new-epoch/s);
  }, COLD_START_MS);
});
