import { describe, expect, it } from 'vitest';
import { openServerDatabase } from '../../../../server/src/db/connect.js';
import { Directory } from '../../../../server/src/tenancy/directory.js';
import { spawnTs } from '../../../support/processes.js';
import { tempDir } from '../../../support/temp-dir.js';

async function cli(env: Record<string, string>, ...args: string[]) {
  const run = spawnTs('server/src/admin-cli.ts', args, env);
  let stderr = '';
  run.child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await run.exited;
  return { code, stdout: run.lines.join('\n'), stderr };
}

describe('npm run server:admin -- pac', () => {
  it('sets a site’s alarm receiving centre with --flag=value, shows it without the key, and explains bad input', async () => {
    const dataDir = tempDir();
    const env = { VANGNET_SERVER_DATA_DIR: dataDir };
    // The site is made in-process: each CLI run costs seconds on a busy machine.
    const store = await openServerDatabase({ kind: 'sqlite', file: `${dataDir}/vangnet-server.sqlite` });
    const site = await new Directory(store.db).createSite('Stadskantoor');
    await store.close();
    const key = 'ab'.repeat(32);
    const set = await cli(env, 'pac', `--site=${site.id}`, '--host=pac.example.nl', '--port=9000', '--account=12AB', '--token=SIA-DCS', `--key=${key}`, '--supervision=60');
    expect(set.code).toBe(0);
    const expected = { site_id: site.id, enabled: true, host: 'pac.example.nl', port: 9000, account: '12AB', receiver: '0', line_prefix: '0', token: 'SIA-DCS', key_set: true, supervision_s: 60 };
    expect(JSON.parse(set.stdout)).toEqual(expected);
    expect(set.stdout.toLowerCase()).not.toContain(key);

    const bad = await cli(env, 'pac', `--site=${site.id}`, '--host=pac.example.nl', '--port=99999', '--account=12AB');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('BAD_REQUEST: port: Too big: expected number to be <=65535');
    const notBoolean = await cli(env, 'pac', `--site=${site.id}`, '--host=pac.example.nl', '--port=9000', '--account=12AB', '--enabled=maybe');
    expect(notBoolean.stderr).toContain('--enabled must be true or false');
    // Shown without the key, and unchanged by the refused runs.
    expect(JSON.parse((await cli(env, 'pac', `--site=${site.id}`)).stdout)).toEqual(expected);
  }, 90_000);
});
