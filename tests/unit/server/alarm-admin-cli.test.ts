import { describe, expect, it } from 'vitest';
import { serverConfigFromEnv } from '../../../server/src/config.js';
import { openServerDatabase } from '../../../server/src/db/connect.js';
import { Directory } from '../../../server/src/tenancy/directory.js';
import { spawnTs } from '../../support/processes.js';
import { tempDir } from '../../support/temp-dir.js';

/** Runs the admin CLI to its end; its JSON answer, or null when it failed. */
async function admin(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; json: Record<string, unknown> | null }> {
  const run = spawnTs('server/src/admin-cli.ts', args, env);
  const code = await run.exited;
  return { code, json: code === 0 ? (JSON.parse(run.lines.join('\n')) as Record<string, unknown>) : null };
}

/** The directory set up in-process (each CLI run is a slow process start), on the CLI's own database. */
async function withDirectory<T>(env: Record<string, string>, work: (directory: Directory) => Promise<T>): Promise<T> {
  const store = await openServerDatabase(serverConfigFromEnv(env).storage);
  try {
    return await work(new Directory(store.db));
  } finally {
    await store.close();
  }
}

describe('admin CLI: alarm keys and agreements across sites (values as --flag=value)', () => {
  it('rotates an organisation\'s key, answering public facts only, and refuses a bad grace', { timeout: 120_000 }, async () => {
    const env = { VANGNET_SERVER_DATA_DIR: tempDir() };
    const organisation = await withDirectory(env, async (directory) => (await directory.createOrganisation('Gemeente Deventer')).id);
    const [rotated, badGrace] = await Promise.all([admin(env, 'rotate-alarm-key', `--organisation=${organisation}`, '--grace=60'), admin(env, 'rotate-alarm-key', `--organisation=${organisation}`, '--grace=-5')]);
    expect(rotated.code).toBe(0);
    expect(Object.keys(rotated.json ?? {}).sort()).toEqual(['key_id', 'organisation_id', 'previous_key_id', 'previous_valid_until', 'public_key']);
    expect(badGrace.code).toBe(2);
  });

  it('an agreement with --to-site needs the partner hosted there', { timeout: 120_000 }, async () => {
    const env = { VANGNET_SERVER_DATA_DIR: tempDir() };
    const ids = await withDirectory(env, async (directory) => {
      const [gemeente, security] = [await directory.createOrganisation('Gemeente'), await directory.createOrganisation('Beveiliging')];
      const [stadskantoor, meldkamer, elders] = [await directory.createSite('Stadskantoor'), await directory.createSite('Meldkamer'), await directory.createSite('Elders')];
      await directory.hostAt(gemeente.id, stadskantoor.id);
      await directory.hostAt(security.id, meldkamer.id);
      return { gemeente: gemeente.id, security: security.id, stadskantoor: stadskantoor.id, meldkamer: meldkamer.id, elders: elders.id };
    });
    const agreement = (toSite: string) => admin(env, 'agreement', `--site=${ids.stadskantoor}`, `--from=${ids.gemeente}`, `--to=${ids.security}`, '--share-alarms', `--to-site=${toSite}`);
    const [notHosted, hosted] = await Promise.all([agreement(ids.elders), agreement(ids.meldkamer)]);
    expect(notHosted.code).toBe(2);
    expect(hosted.json?.['id']).toEqual(expect.any(String));
  });
});
