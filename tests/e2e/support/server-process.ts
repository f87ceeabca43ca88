import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const START_TIMEOUT_MS = 60_000;

export interface ServerProcess {
  url: string;
  adminToken: string;
  process: ChildProcess;
  /** Starts it again on the same port and data, as after a reboot. */
  restart(): Promise<void>;
  admin(pathName: string, body: object): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

/** `npm run server` on the embedded default (a SQLite file), as a real process on a free port. */
export async function startServerProcess(): Promise<ServerProcess> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const adminToken = 'e2e-admin-token-0123456789abcdefghij';
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vangnet-e2e-server-'));
  const url = `http://127.0.0.1:${port}`;
  const launch = async () => {
    const started = spawn(process.execPath, ['--import=tsx', 'server/src/main.ts'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, VANGNET_SERVER_PORT: String(port), VANGNET_SERVER_DATA_DIR: dataDir, VANGNET_ADMIN_TOKEN: adminToken, VANGNET_LOG_LEVEL: 'silent' },
    });
    let stderr = '';
    started.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // A cold start through tsx takes seconds, and many times that on a busy 2-core CI machine;
    // this is a limit on waiting, not a measurement, so it is generous.
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      // A 503 (database not answering yet) waits like a refused connection, never in a busy loop.
      const ready = await fetch(`${url}/ready`).then((response) => response.ok, () => false);
      if (ready) return started;
      if (started.exitCode !== null) throw new Error(`the server process exited with ${started.exitCode}: ${stderr.slice(-800)}`);
      if (Date.now() > deadline) {
        // Nobody else holds this child yet: left running, it would outlive the test run.
        started.kill('SIGKILL');
        throw new Error(`the server process did not start in ${START_TIMEOUT_MS / 1000} s: ${stderr.slice(-800)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  let child = await launch();
  return {
    url,
    adminToken,
    get process() {
      return child;
    },
    async restart() {
      child = await launch();
    },
    async admin(pathName, body) {
      const response = await fetch(`${url}${pathName}`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return (await response.json()) as Record<string, string>;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
