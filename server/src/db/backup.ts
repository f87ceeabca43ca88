import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { ServerConfig } from '../config.js';

export class BackupError extends Error {
  constructor(
    readonly code: 'BACKUP_POSTGRES' | 'SERVER_RUNNING' | 'BACKUP_EXISTS' | 'BACKUP_UNREADABLE' | 'BAD_REQUEST',
    message: string,
  ) {
    super(message);
  }
}

/** What to do instead on PostgreSQL, where the database server owns backups. */
export const POSTGRES_BACKUP_GUIDANCE = `On PostgreSQL, back up and restore with the PostgreSQL tools, not with Vangnet:
  backup:  pg_dump --format=custom --file=vangnet.dump "$DATABASE_URL"
  restore: stop every Vangnet server instance, then
           pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" vangnet.dump
           npm run server:admin -- new-epoch      (desks then re-sync and send again what the restore lost)
           and start the servers again.`;

/** The running server's process id beside the SQLite file: a restore must not swap the file under it. */
export function pidFileOf(file: string): string {
  return `${file}.pid`;
}

export function writePidFile(file: string): () => void {
  const pidFile = pidFileOf(file);
  fs.writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
  return () => fs.rmSync(pidFile, { force: true });
}

/** The id of a live process named in the pid file, or null (none, or a stale file from a crash). */
export function runningServerPid(file: string): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(pidFileOf(file), 'utf8'), 10);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: it lives, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

function sqliteFileOf(storage: ServerConfig['storage']): string {
  if (storage.kind === 'postgres') throw new BackupError('BACKUP_POSTGRES', POSTGRES_BACKUP_GUIDANCE);
  return storage.file;
}

/**
 * An online copy of the embedded store while the server keeps writing: SQLite's backup API
 * on a connection of its own. After a first small step the rest goes in one step, so writes
 * between steps cannot keep restarting it; what was committed before the call is in the copy.
 */
export async function backupServerStore(storage: ServerConfig['storage'], to: string): Promise<{ file: string; pages: number; bytes: number }> {
  const file = sqliteFileOf(storage);
  const target = path.resolve(to);
  if (fs.existsSync(target)) throw new BackupError('BACKUP_EXISTS', `${target} exists already; choose a new file name (a backup never overwrites)`);
  if (!fs.existsSync(file)) throw new BackupError('BACKUP_UNREADABLE', `there is no server store at ${file}`);
  const source = new SQLite(file, { fileMustExist: true });
  source.pragma('busy_timeout = 5000');
  const partial = `${target}.partial-${process.pid}`;
  try {
    const { totalPages } = await source.backup(partial, { progress: () => 1_000_000_000 });
    checkStore(partial);
    fs.renameSync(partial, target);
    return { file: target, pages: totalPages, bytes: fs.statSync(target).size };
  } finally {
    source.close();
    fs.rmSync(partial, { force: true });
  }
}

/** Refuses anything but a sound Vangnet server store. */
function checkStore(file: string): void {
  let database: SQLite.Database | undefined;
  try {
    database = new SQLite(file, { readonly: true, fileMustExist: true });
    const check = database.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`quick_check: ${String(check)}`);
    database.prepare('SELECT epoch FROM server_state WHERE id = 1').get();
  } catch (error) {
    throw new BackupError('BACKUP_UNREADABLE', `${file} is not a sound Vangnet server backup: ${(error as Error).message}`);
  } finally {
    database?.close();
  }
}

/**
 * Puts a backup in place of the embedded store while no server runs. The restored store gets
 * a new epoch: desks then pull everything again and send again what they wrote, which the
 * backup may lack (docs/replication.md). The replaced store is kept beside it, never deleted.
 */
export function restoreServerStore(storage: ServerConfig['storage'], from: string, now = new Date()): { file: string; epoch: string; previous: string | null } {
  const file = sqliteFileOf(storage);
  const pid = runningServerPid(file);
  if (pid !== null) throw new BackupError('SERVER_RUNNING', `a Vangnet server (process ${pid}) is using ${file}; stop it first (systemctl stop vangnet-server)`);
  const source = path.resolve(from);
  checkStore(source);
  const incoming = `${file}.restoring`;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.copyFileSync(source, incoming);
  const epoch = randomUUID();
  const database = new SQLite(incoming, { fileMustExist: true });
  try {
    database.prepare('UPDATE server_state SET epoch = ? WHERE id = 1').run(epoch);
  } finally {
    database.close();
  }
  let previous: string | null = null;
  if (fs.existsSync(file)) {
    previous = `${file}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    // A store left by a crash may have its newest commits only in the WAL: it moves along with the file.
    for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(`${file}${suffix}`)) fs.renameSync(`${file}${suffix}`, `${previous}${suffix}`);
  }
  fs.renameSync(incoming, file);
  return { file, epoch, previous };
}
