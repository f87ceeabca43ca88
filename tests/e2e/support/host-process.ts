import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import DatabaseConstructor, { type Database } from 'better-sqlite3-multiple-ciphers';
import { STORE_FILE_NAME } from '../../../main/core/db/open-store.js';
import { applyStoreKey, parseStoreKey } from '../../../main/core/db/store-key.js';

export interface HostProcess {
  origin: string;
  operatorUrl: string;
  displayUrl: string;
  dataDir: string;
  /** The store's key file, beside (never inside) the data folder; the host makes it on first start. */
  keyFile: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `npm run host` as users do (a real process, a real SQLite file), on a free port. */
export async function startHostProcess(dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vangnet-e2e-')), extraArgs: readonly string[] = []): Promise<HostProcess> {
  const readyFile = path.join(dataDir, `ready-${Date.now()}.json`);
  const keyFile = hostKeyFile(dataDir);
  // `--flag=value`: a value that starts with "-" can never be read as a flag.
  const child = spawn(process.execPath, ['--import=tsx', 'main/host/cli.ts', `--data-dir=${dataDir}`, `--key-file=${keyFile}`, '--port=0', `--ready-file=${readyFile}`, ...extraArgs], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, VANGNET_LOG_LEVEL: 'warn' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // A cold start through tsx can take many seconds on a busy CI machine: a limit on waiting, not a measurement.
  const deadline = Date.now() + 60_000;
  while (!fs.existsSync(readyFile)) {
    if (child.exitCode !== null) throw new Error(`web host exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      // Nobody else holds this child yet: left running, it would outlive the test run.
      child.kill('SIGKILL');
      throw new Error(`web host did not start in time: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const ready = JSON.parse(fs.readFileSync(readyFile, 'utf8')) as { origin: string; operatorUrl: string; displayUrl: string };
  return {
    ...ready,
    dataDir,
    keyFile,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Where a test host's store key lives: the data folder's name plus `.key`, outside it. */
export const hostKeyFile = (dataDir: string): string => `${dataDir.replace(/[/\\]+$/, '')}.key`;

/** The host's store opened with its key: read-only as a test looks at what the host wrote, or to write beside it. */
export function openHostStore(host: Pick<HostProcess, 'dataDir' | 'keyFile'>, { write = false } = {}): Database {
  const db = new DatabaseConstructor(path.join(host.dataDir, STORE_FILE_NAME), write ? { fileMustExist: true } : { readonly: true, fileMustExist: true });
  applyStoreKey(db, parseStoreKey(fs.readFileSync(host.keyFile, 'utf8'), host.keyFile));
  return db;
}
