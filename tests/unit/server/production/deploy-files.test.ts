import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LAN_NETWORK } from '../../../../main/core/alarm/lan-manager.js';
import { DEFAULT_HOST_PORT } from '../../../../main/host/cli-options.js';
import { DEFAULT_SERVER_PORT, serverEnvNames } from '../../../../server/src/config.js';
import { freePort, killHard, spawnTs, waitForHttp } from '../../../support/processes.js';
import { tempDir } from '../../../support/temp-dir.js';

const run = promisify(execFile);
const cleanup: (() => Promise<unknown>)[] = [];
// Stopping processes and dropping PostgreSQL databases: seconds on a loaded 2-core machine.
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
}, 60_000);

/** A systemd unit as [section, key, value] rows (keys may repeat). */
function parseUnit(text: string): [string, string, string][] {
  const rows: [string, string, string][] = [];
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      section = header[1]!;
      continue;
    }
    const pair = /^(\w+)=(.*)$/.exec(line);
    if (!pair) throw new Error(`not a unit line: ${line}`);
    rows.push([section, pair[1]!, pair[2]!]);
  }
  return rows;
}

const unit = parseUnit(fs.readFileSync('deploy/systemd/vangnet-server.service', 'utf8'));
const service = (key: string) => unit.filter(([section, name]) => section === 'Service' && name === key).map(([, , value]) => value);
const envExample = fs.readFileSync('deploy/systemd/vangnet-server.env.example', 'utf8');
const containerfile = fs.readFileSync('server/Containerfile', 'utf8');
const known = new Set<string>([...serverEnvNames, 'NODE_ENV']);

describe('deployment files agree with the server they run', () => {
  it('every environment name in the unit, its environment file and the image is one the server reads, and the file names them all', () => {
    const inUnit = service('Environment').map((value) => value.split('=')[0]!);
    const inExample = [...envExample.matchAll(/^#?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]!);
    const inImage = [...containerfile.matchAll(/^\s*(?:ENV\s+)?([A-Z][A-Z0-9_]+)=\S+\s*\\?$/gm)].map((match) => match[1]!);
    expect(inImage.length).toBeGreaterThanOrEqual(4);
    for (const name of [...inUnit, ...inExample, ...inImage]) expect(known, name).toContain(name);
    for (const name of serverEnvNames) expect(inExample, `${name} is not in the environment file`).toContain(name);
    expect(service('EnvironmentFile')).toEqual(['/etc/vangnet/vangnet-server.env']);
  });

  it("the firewall table in docs/deployment.md names the code's ports and multicast group", () => {
    const guide = fs.readFileSync('docs/deployment.md', 'utf8');
    const table = guide.slice(guide.indexOf('## Firewall ports'));
    expect(table).toContain(`TCP ${DEFAULT_SERVER_PORT}`);
    expect(table).toContain(`TCP ${DEFAULT_HOST_PORT}`);
    expect(table).toContain(`UDP ${DEFAULT_LAN_NETWORK.port} to multicast group ${DEFAULT_LAN_NETWORK.group}`);
    expect(containerfile).toContain(`EXPOSE ${DEFAULT_SERVER_PORT}`);
  });

  it('the unit is hardened and runs as a user of its own', () => {
    for (const [key, value] of [['NoNewPrivileges', 'yes'], ['ProtectSystem', 'strict'], ['ProtectHome', 'yes'], ['PrivateTmp', 'yes'], ['PrivateDevices', 'yes'], ['CapabilityBoundingSet', ''], ['RestrictSUIDSGID', 'yes'], ['UMask', '0077'], ['User', 'vangnet']] as const) {
      expect(service(key), key).toEqual([value]);
    }
    // ProtectSystem=strict makes everything read-only but the state folder the data lives in.
    expect(service('StateDirectory')).toEqual(['vangnet-server']);
    expect(service('Environment')).toContain('VANGNET_SERVER_DATA_DIR=/var/lib/vangnet-server');
  });

  it('the image has build and run stages, installs production packages only and runs as a non-root user', () => {
    const stages = containerfile.match(/^FROM /gm) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const runStage = containerfile.slice(containerfile.lastIndexOf('\nFROM '));
    expect(runStage).toMatch(/^USER vangnet$/m);
    expect(runStage).not.toMatch(/npm ci|g\+\+/);
    expect(containerfile).toMatch(/npm install --omit=dev/);
    // The host's node_modules (built for another libc or ABI) must not overwrite the image's.
    expect(fs.readFileSync('.dockerignore', 'utf8').split('\n')).toEqual(expect.arrayContaining(['node_modules', 'out', 'dist']));
    expect(containerfile).toMatch(/RUN npm run build:server/);
    expect(JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts['build:server']).toMatch(/node scripts\/build-server\.mjs/);
  });

  // The build and a cold start of the bundle on a busy 2-core machine: the limit is on waiting.
  it('the build makes the file ExecStart and CMD run; with plain Node it serves /ready, and the image healthcheck passes, then fails once it stops', async () => {
    await run(process.execPath, ['scripts/build-server.mjs'], { timeout: 60_000 });
    const execStart = service('ExecStart')[0]!.split(' ');
    expect(execStart[0]).toBe('/usr/bin/node');
    const entry = execStart[1]!.replace(service('WorkingDirectory')[0]!, 'out/server');
    expect(JSON.parse(/^CMD (\[.*\])$/m.exec(containerfile)![1]!)).toEqual(['node', entry.replace('out/server/', '')]);
    const built = JSON.parse(fs.readFileSync('out/server/package.json', 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(built.dependencies)).toContain('fastify');
    for (const devOnly of ['react', 'electron', 'tsx', 'vite']) expect(built.dependencies).not.toHaveProperty(devOnly);

    const port = await freePort();
    const env = { VANGNET_SERVER_PORT: String(port), VANGNET_SERVER_DATA_DIR: tempDir() };
    const server = spawnTs(entry, [], env, { tsx: false });
    cleanup.push(() => killHard(server.child));
    await server.diedFirst(waitForHttp(`http://127.0.0.1:${port}/ready`));
    const healthcheck = JSON.parse(/CMD (\["node", "-e", .*\])$/m.exec(containerfile)![1]!) as string[];
    const check = () => run(process.execPath, healthcheck.slice(1), { env: { ...process.env, VANGNET_SERVER_PORT: String(port) } }).then(() => 0, (error: { code: number }) => error.code);
    expect(await check()).toBe(0);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(await check()).toBe(1);
  }, 120_000);
});
