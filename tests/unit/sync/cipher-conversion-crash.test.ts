import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import DatabaseConstructor, { type Database } from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { CONVERSION_SUFFIX, openStore, STORE_FILE_NAME } from '../../../main/core/db/open-store.js';
import { applyPreviousStoreKey, applyStoreKey } from '../../../main/core/db/store-key.js';
import { calibrateConversion, killConversion } from '../../support/conversion-kills.js';
import { TEST_STORE_KEY } from '../../support/test-keys.js';
import { tempDir } from '../../support/temp-dir.js';

const ROWS = 60_000;
const TRIALS = 8;
const current = (db: Database) => applyStoreKey(db, TEST_STORE_KEY);
const previous = (db: Database) => applyPreviousStoreKey(db, TEST_STORE_KEY);

/** A store in SQLCipher 4's format as releases up to 0.1.x left it, big enough that re-encrypting it takes a while. */
function previousCipherTemplate(): { dir: string; digest: string } {
  const dir = tempDir('vangnet-sqlcipher-template-');
  const db = new DatabaseConstructor(path.join(dir, STORE_FILE_NAME));
  previous(db);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE old_data (i INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO old_data (i, text) VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < ROWS; i += 1) insert.run(i, `rij ${i} ${'x'.repeat(i % 120)}`);
  })();
  db.close();
  const digest = digestWith(path.join(dir, STORE_FILE_NAME), previous);
  if (digest === null) throw new Error('the template does not read back');
  return { dir, digest };
}

/** Every row, in order, as one hash; null when the file does not open with this cipher. */
function digestWith(file: string, applyKey: (db: Database) => void): string | null {
  const db = new DatabaseConstructor(file, { readonly: true, fileMustExist: true });
  try {
    applyKey(db);
    const hash = createHash('sha256');
    for (const row of db.prepare('SELECT i, text FROM old_data ORDER BY i').iterate() as IterableIterator<{ i: number; text: string }>) hash.update(`${row.i}\u0000${row.text}\u0001`);
    return hash.digest('hex');
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') return null;
    throw error;
  } finally {
    db.close();
  }
}

function copyStore(from: string): string {
  const dir = tempDir('vangnet-recipher-');
  for (const name of fs.readdirSync(from)) fs.copyFileSync(path.join(from, name), path.join(dir, name));
  return dir;
}

describe('re-encrypting a SQLCipher 4 store, killed with SIGKILL at random moments (real processes)', () => {
  it('leaves the whole old store or the whole re-encrypted one, never neither; the next start finishes the job', async () => {
    const template = previousCipherTemplate();
    const calibration = copyStore(template.dir);
    const whole = await calibrateConversion(calibration);
    expect(whole.exitCode, whole.stderr).toBe(0);
    expect(whole.lines).toEqual(['converting', 'converted false true']);
    expect(digestWith(path.join(calibration, STORE_FILE_NAME), current)).toBe(template.digest);

    const seen = { previous: 0, current: 0, cutMidway: 0 };
    for (let trial = 0; trial < TRIALS; trial += 1) {
      const dir = copyStore(template.dir);
      const file = path.join(dir, STORE_FILE_NAME);
      const { when, cutMidway } = await killConversion(dir, trial, whole.timing);
      if (cutMidway) seen.cutMidway += 1;
      // What a kill left: exactly one whole store, in the old cipher or the new, with every row.
      const inCurrent = digestWith(file, current);
      const digest = inCurrent ?? digestWith(file, previous);
      expect(digest, `trial ${trial}, killed ${when} (${inCurrent === null ? 'previous' : 'current'} cipher)`).toBe(template.digest);
      seen[inCurrent === null ? 'previous' : 'current'] += 1;
      const store = openStore({ dataDir: dir, key: TEST_STORE_KEY });
      store.close();
      expect(digestWith(file, current)).toBe(template.digest);
      expect(digestWith(file, previous)).toBeNull();
      expect(fs.readdirSync(dir).filter((name) => name.includes(CONVERSION_SUFFIX))).toEqual([]);
    }
    console.info(`re-encrypting ${ROWS} rows takes ${Math.round(whole.timing.conversionMs)} ms here, its copy lives ${Math.round(whole.timing.copyLifetimeMs)} ms; ${TRIALS} kills: ${seen.cutMidway} cut it midway, ${seen.previous} left the old store, ${seen.current} the re-encrypted one`);
    expect(seen.cutMidway).toBeGreaterThan(0);
  }, 180_000);
});
