import { describe, expect, it } from 'vitest';
import { serverConfigFromEnv } from '../../../server/src/config.js';
import { startServer } from '../../../server/src/start.js';
import { Directory } from '../../../server/src/tenancy/directory.js';
import { offers, openDisplaySocket, readFeed } from '../../support/display.js';
import { spawnTs } from '../../support/processes.js';
import { freshPostgresDatabase, postgresAvailable, serverConfig, type StorageKind } from '../../support/sync-server.js';
import { tempDir } from '../../support/temp-dir.js';

/** Runs the admin CLI to its end: its JSON answer, or its error text. */
async function admin(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; json: Record<string, unknown> | null; stderr: string }> {
  const run = spawnTs('server/src/admin-cli.ts', args, env);
  const code = await run.exited;
  return { code, json: code === 0 ? (JSON.parse(run.lines.join('\n')) as Record<string, unknown>) : null, stderr: run.stderr() };
}

describe.each(['sqlite', 'postgres'] as StorageKind[])('admin CLI on %s: a TV display (values as --flag=value)', (kind) => {
  it('create-display prints the link once, the agreement flag --share-house-rules adds a partner, revoke-display closes the open page; all logged without the key; bad input says what is wrong', { timeout: 180_000 }, async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const database = kind === 'postgres' ? await freshPostgresDatabase() : null;
    const env: Record<string, string> = database ? { DATABASE_URL: database.url } : { VANGNET_SERVER_DATA_DIR: tempDir() };
    // A server on the same storage; on SQLite the CLI cannot announce, so the re-check is short.
    const server = await startServer(serverConfig(serverConfigFromEnv(env).storage, { realtimeRecheckMs: kind === 'sqlite' ? 300 : 60_000 }));
    try {
      const directory = new Directory(server.store.db);
      const [gemeente, uwv, site] = [await directory.createOrganisation('Gemeente'), await directory.createOrganisation('UWV'), await directory.createSite('Werkplein')];
      await directory.hostAt(gemeente.id, site.id);
      await directory.hostAt(uwv.id, site.id);

      const made = await admin(env, 'create-display', `--organisation=${gemeente.id}`, `--site=${site.id}`, '--name=Wachtkamer begane grond', '--url=https://vangnet.example.nl/');
      expect(made.code, made.stderr).toBe(0);
      const link = String(made.json?.['link']);
      expect(link).toMatch(/^https:\/\/vangnet\.example\.nl\/display\/\?view=display#key=[A-Za-z0-9_-]{43}$/);
      const key = link.split('#key=')[1] ?? '';
      expect(made.json?.['credential']).toBe(key);
      expect(offers((await readFeed(server.url, key)).feed)).toHaveLength(1);

      const agreed = await admin(env, 'agreement', `--site=${site.id}`, `--from=${uwv.id}`, `--to=${gemeente.id}`, '--share-house-rules');
      expect(agreed.code, agreed.stderr).toBe(0);
      expect((await readFeed(server.url, key)).feed?.map((snapshot) => snapshot.content.organisationName)).toEqual(['Gemeente', 'UWV']);

      const socket = await openDisplaySocket(server.url, key);
      const revoked = await admin(env, 'revoke-display', `--display=${String(made.json?.['id'])}`);
      expect(revoked.code, revoked.stderr).toBe(0);
      const closed = await Promise.race([socket.closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000))]);
      expect(closed?.code).toBe(1008);
      expect((await readFeed(server.url, key)).status).toBe(401);

      const bad = await Promise.all([
        admin(env, 'create-display', `--organisation=${gemeente.id}`, `--site=${site.id}`),
        admin(env, 'create-display', `--organisation=${gemeente.id}`, `--site=${site.id}`, '--name=Hal', '--url=ftp://vangnet'),
        admin(env, 'revoke-display', `--display=${String(made.json?.['id'])}`),
        admin(env, 'agreement', `--site=${site.id}`, `--from=${uwv.id}`, `--to=${gemeente.id}`, '--share-house-rules=yes'),
      ]);
      expect(bad.map((run) => run.code)).toEqual([2, 2, 2, 2]);
      expect(bad[0]?.stderr).toContain('--name is required');
      expect(bad[1]?.stderr).toContain('--url must be the server address');
      expect(bad[2]?.stderr).toContain('NOT_FOUND: no active display');
      expect(bad[3]?.stderr).toContain('share-house-rules');

      const listed = await admin(env, 'displays');
      expect(JSON.stringify(listed.json)).not.toContain(key);
      const log = await admin(env, 'log');
      const entries = log.json as unknown as { action: string; target: string; actor: string }[];
      expect(entries.map((entry) => entry.action)).toEqual(['revoke-display', 'agreement', 'create-display']);
      for (const entry of entries) expect(entry.actor).toMatch(/^cli .+@.+$/);
      expect(JSON.stringify(log.json)).not.toContain(key);
    } finally {
      await server.close();
      await database?.drop();
    }
  });
});
