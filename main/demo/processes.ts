import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import type { StoreKey } from '../core/db/store-key.js';

const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 10_000;

export interface Running {
  readonly name: string;
  readonly child: ChildProcess;
  /** The last lines it wrote to stderr: what to show when it fails. */
  stderr(): string;
}

/** Every process the demo starts, so that one Ctrl+C stops all of them. */
export class ProcessGroup {
  private readonly running: Running[] = [];

  constructor(private readonly repoRoot: string) {}

  pids(): number[] {
    return this.running.flatMap(({ child }) => (child.pid === undefined ? [] : [child.pid]));
  }

  /** A TypeScript entry point under Node with tsx, as `npm run …` starts it, but without npm or a shell between: a signal reaches it. */
  start(name: string, entry: string, args: readonly string[], env: NodeJS.ProcessEnv): Running {
    const child = spawn(process.execPath, ['--import=tsx', entry, ...args], { cwd: this.repoRoot, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, VANGNET_LOG_LEVEL: 'warn', ...env } });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
    const running = { name, child, stderr: () => stderr };
    this.running.push(running);
    return running;
  }

  /** SIGTERM to all (each drains and closes its store), then SIGKILL to any that has not exited in time. */
  async stopAll(): Promise<void> {
    await Promise.all(
      this.running.splice(0).map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}

export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function waitFor<T>(what: Running, check: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (what.child.exitCode !== null) throw new Error(`${what.name} exited with ${what.child.exitCode}: ${what.stderr()}`);
    if (Date.now() > deadline) throw new Error(`${what.name} did not start in ${START_TIMEOUT_MS / 1000} s: ${what.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ServerHandle {
  url: string;
  adminToken: string;
}

/** `npm run server` on the embedded default (a SQLite file in `dataDir`), ready when /ready says so. */
export async function startServer(group: ProcessGroup, dataDir: string, adminToken: string): Promise<ServerHandle> {
  const port = await freePort();
  const running = group.start('the central server', 'server/src/main.ts', [], { VANGNET_SERVER_PORT: String(port), VANGNET_SERVER_DATA_DIR: dataDir, VANGNET_ADMIN_TOKEN: adminToken, VANGNET_LOG_LEVEL: 'error' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(running, () => fetch(`${url}/ready`).then((response) => (response.ok ? true : null), () => null));
  return { url, adminToken };
}

const readyFileSchema = z.object({ origin: z.string(), operatorUrl: z.string(), displayUrl: z.string(), pid: z.number() });
export type HostHandle = z.infer<typeof readyFileSchema> & { dataDir: string };

/** `npm run host` for one desk on a free port; ready when it has written its ready file. */
export async function startHost(group: ProcessGroup, name: string, dataDir: string, storeKey: StoreKey): Promise<HostHandle> {
  fs.mkdirSync(dataDir, { recursive: true });
  const readyFile = path.join(dataDir, 'demo-ready.json');
  fs.rmSync(readyFile, { force: true });
  const running = group.start(name, 'main/host/cli.ts', [`--data-dir=${dataDir}`, '--port=0', `--ready-file=${readyFile}`], { VANGNET_STORE_KEY: storeKey.toString('hex') });
  const ready = await waitFor(running, () => Promise.resolve(fs.existsSync(readyFile) ? readyFileSchema.parse(JSON.parse(fs.readFileSync(readyFile, 'utf8'))) : null));
  return { ...ready, dataDir };
}
