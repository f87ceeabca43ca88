import { describe, expect, it } from 'vitest';
import { serverConfigFromEnv } from '../../../server/src/config.js';
import { openServerDatabase } from '../../../server/src/db/connect.js';
import { Directory } from '../../../server/src/tenancy/directory.js';
import { spawnTs } from '../../support/processes.js';
import { freshPostgresDatabase, postgresAvailable, type StorageKind } from '../../support/sync-server.js';
import { tempDir } from '../../support/temp-dir.js';

/** Runs the admin CLI to its end; its JSON answer, or null when it failed. */
async function admin(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; json: unknown }> {
  const run = spawnTs('server/src/admin-cli.ts', args, env);
  const code = await run.exited;
  return { code, json: code === 0 ? (JSON.parse(run.lines.join('\n')) as unknown) : null };
}

describe.each(['sqlite', 'postgres'] as StorageKind[])('admin CLI on %s: ending access, and the log (values as --flag=value)', (kind) => {
  it('disable-organisation and end-agreement are logged with who and when, a bad name is refused, and log answers with --limit and --since', { timeout: 180_000 }, async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const database = kind === 'postgres' ? await freshPostgresDatabase() : null;
    const env: Record<string, string> = database ? { DATABASE_URL: database.url } : { VANGNET_SERVER_DATA_DIR: tempDir() };
    try {
      const store = await openServerDatabase(serverConfigFromEnv(env).storage);
      const directory = new Directory(store.db);
      const [gemeente, uwv, site] = [await directory.createOrganisation('Gemeente'), await directory.createOrganisation('UWV'), await directory.createSite('Werkplein')];
      await directory.hostAt(gemeente.id, site.id);
      await directory.hostAt(uwv.id, site.id);
      const agreementId = await directory.createAgreement({ siteId: site.id, from: gemeente.id, to: uwv.id, shareAlarms: true, shareWarnings: false });
      await store.close();

      const [ended, disabled, badName] = await Promise.all([
        admin(env, 'end-agreement', `--agreement=${agreementId}`),
        admin(env, 'disable-organisation', `--organisation=${uwv.id}`),
        admin(env, 'create-organisation', '--name=evil\u202eRTL'),
      ]);
      expect([ended.code, disabled.code, badName.code]).toEqual([0, 0, 2]);
      const [log, one, badSince, again] = await Promise.all([admin(env, 'log'), admin(env, 'log', '--limit=1'), admin(env, 'log', '--since=yesterday'), admin(env, 'end-agreement', `--agreement=${agreementId}`)]);
      const entries = log.json as { at: string; actor: string; action: string; target: string }[];
      expect(entries.map((entry) => [entry.action, entry.target]).sort()).toEqual([['disable-organisation', uwv.id], ['end-agreement', agreementId]].sort());
      for (const entry of entries) expect(entry.actor).toMatch(/^cli .+@.+$/);
      expect((one.json as unknown[]).length).toBe(1);
      expect(badSince.code).toBe(2);
      expect(again.code).toBe(2); // already ended: refused, and not logged twice
      const since = await admin(env, 'log', `--since=${new Date(Date.now() + 60_000).toISOString()}`);
      expect(since.json).toEqual([]);
    } finally {
      await database?.drop();
    }
  });
});
