import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import DatabaseConstructor from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { CONVERSION_SUFFIX, inspectStoreFile, openStore, STORE_FILE_NAME } from '../../../main/core/db/open-store.js';
import { applyStoreKey } from '../../../main/core/db/store-key.js';
import { calibrateConversion, killConversion } from '../../support/conversion-kills.js';
import { TEST_STORE_KEY } from '../../support/test-keys.js';
import { tempDir } from '../../support/temp-dir.js';

const ROWS = 60_000;
const TRIALS = 8;

/** A clear store as the release before encryption left it, big enough that encrypting it takes a while. */
function clearTemplate(): { dir: string; digest: string } {
  const dir = tempDir('vangnet-clear-template-');
  const db = new DatabaseConstructor(path.join(dir, STORE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE old_data (i INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO old_data (i, text) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < ROWS; i += 1) insert.run(i, `rij ${i} ${'x'.repeat(i % 120)}`);
  })();
  db.close();
  return { dir, digest: digestOf(path.join(dir, STORE_FILE_NAME), null) };
}

/** Every row, in order, as one hash: equal means nothing was lost or changed. */
function digestOf(file: string, key: Buffer | null): string {
  // Not `readonly`: after a kill the WAL index must be rebuilt, which a read-only connection
  // cannot do ("attempt to write a readonly database", about one run in five under load).
  const db = new DatabaseConstructor(file, { fileMustExist: true });
  try {
    if (key) applyStoreKey(db, key);
    db.pragma('query_only = ON');
    const hash = createHash('sha256');
    for (const row of db.prepare('SELECT i, text FROM old_data ORDER BY i').iterate() as IterableIterator<{ i: number; text: string }>) hash.update(`${row.i}\u0000${row.text}\u0001`);
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

function copyStore(from: string): string {
  const dir = tempDir('vangnet-conversion-');
  for (const name of fs.readdirSync(from)) fs.copyFileSync(path.join(from, name), path.join(dir, name));
  return dir;
}

describe('converting a clear store, killed with SIGKILL at random moments (real processes)', () => {
  it('leaves the whole clear store or the whole encrypted one, never neither; the next start finishes the job', async () => {
    const template = clearTemplate();
    // How long one uncut conversion takes here, from the child's "converting" to its exit.
    const calibration = copyStore(template.dir);
    const whole = await calibrateConversion(calibration);
    expect(whole.exitCode, whole.stderr).toBe(0);
    expect(whole.lines).toEqual(['converting', 'converted true false']);
    expect(digestOf(path.join(calibration, STORE_FILE_NAME), TEST_STORE_KEY)).toBe(template.digest);

    const seen = { clear: 0, encrypted: 0, cutMidway: 0 };
    for (let trial = 0; trial < TRIALS; trial += 1) {
      const dir = copyStore(template.dir);
      const file = path.join(dir, STORE_FILE_NAME);
      const { when, cutMidway } = await killConversion(dir, trial, whole.timing);
      if (cutMidway) seen.cutMidway += 1;
      // What a kill left: exactly one whole store, clear or encrypted, with every row.
      const state = inspectStoreFile(file);
      expect(['clear', 'encrypted'], `trial ${trial}, killed ${when}`).toContain(state);
      expect(digestOf(file, state === 'encrypted' ? TEST_STORE_KEY : null), `trial ${trial}, killed ${when} (${state})`).toBe(template.digest);
      seen[state === 'encrypted' ? 'encrypted' : 'clear'] += 1;
      // The next start converts what is left (or just opens it), and leaves no partial copy.
      const store = openStore({ dataDir: dir, key: TEST_STORE_KEY });
      store.close();
      expect(inspectStoreFile(file)).toBe('encrypted');
      expect(digestOf(file, TEST_STORE_KEY)).toBe(template.digest);
      expect(fs.readdirSync(dir).filter((name) => name.includes(CONVERSION_SUFFIX))).toEqual([]);
    }
    console.info(`conversion of ${ROWS} rows takes ${Math.round(whole.timing.conversionMs)} ms here, its copy lives ${Math.round(whole.timing.copyLifetimeMs)} ms; ${TRIALS} kills: ${seen.cutMidway} cut a conversion midway, ${seen.clear} left the clear store, ${seen.encrypted} the encrypted one`);
    // The kills really landed inside conversions, not only before or after them.
    expect(seen.cutMidway).toBeGreaterThan(0);
  }, 180_000);
});
