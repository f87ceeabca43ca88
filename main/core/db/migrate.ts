import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { StoreError } from './store-error.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const FILE_PATTERN = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** Shipped beside this module (and copied beside the Electron bundle by the build). */
export const defaultMigrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Numbered files 001_x.sql, 002_y.sql …: append-only, no gaps, no duplicates. */
export function loadMigrations(dir = defaultMigrationsDir): Migration[] {
  const migrations = fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = FILE_PATTERN.exec(file);
      if (!match?.[1] || !match[2]) {
        throw new StoreError('STORE_MIGRATIONS_INVALID', `migration file "${file}" is not named NNN_name.sql`);
      }
      return { version: Number(match[1]), name: match[2], sql: fs.readFileSync(path.join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new StoreError('STORE_MIGRATIONS_INVALID', `migrations must be numbered 1..N without gaps; found ${migration.version} at position ${index + 1}`);
    }
  });
  return migrations;
}

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.at(-1)?.version ?? 0;
}

/** Refuses a store from a newer Vangnet before anything is written to it. */
export function assertNotNewer(db: Database, migrations: readonly Migration[]): number {
  const current = Number(db.pragma('user_version', { simple: true }));
  const latest = latestVersion(migrations);
  if (current > latest) {
    throw new StoreError(
      'STORE_TOO_NEW',
      `this database was written by a newer Vangnet (schema ${current}; this version knows up to ${latest}). ` +
        'Install the newer Vangnet; the file was left untouched.',
    );
  }
  return current;
}

/** Each pending migration runs in its own transaction together with its user_version bump. */
export function migrate(db: Database, migrations: readonly Migration[]): { from: number; to: number } {
  const from = assertNotNewer(db, migrations);
  for (const migration of migrations.filter((m) => m.version > from)) {
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
      })();
    } catch (cause) {
      throw new StoreError('STORE_MIGRATION_FAILED', `migration ${migration.version}_${migration.name} failed and was rolled back: ${String(cause)}`, { cause });
    }
  }
  return { from, to: latestVersion(migrations) };
}
