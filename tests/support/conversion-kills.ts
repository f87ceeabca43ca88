import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CONVERSION_SUFFIX, STORE_FILE_NAME } from '../../main/core/db/open-store.js';
import { killHard, spawnTs } from './processes.js';

const CLIENT = 'tests/crash/convert-client.ts';

/** How long an uncut conversion takes from the child's "converting" to its exit, and how long its copy exists. */
export interface ConversionTiming {
  conversionMs: number;
  copyLifetimeMs: number;
}

const copyOf = (dir: string) => `${path.join(dir, STORE_FILE_NAME)}${CONVERSION_SUFFIX}`;

/** Watches as tightly as the event loop allows: the copy may live for only a few tens of milliseconds. */
async function pollUntil(check: () => boolean, stop: () => boolean): Promise<boolean> {
  while (!check()) {
    if (stop()) return false;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return true;
}

/** Runs one conversion to its end in `dir`; returns its output lines and timing. */
export async function calibrateConversion(dir: string): Promise<{ lines: string[]; exitCode: number | null; stderr: string; timing: ConversionTiming }> {
  const child = spawnTs(CLIENT, [`--data-dir=${dir}`]);
  let exited = false;
  void child.exited.then(() => (exited = true));
  await child.waitForLines(1);
  const started = performance.now();
  const appeared = (await pollUntil(() => fs.existsSync(copyOf(dir)), () => exited)) ? performance.now() : null;
  await pollUntil(() => !fs.existsSync(copyOf(dir)), () => exited);
  const gone = performance.now();
  const exitCode = await child.exited;
  return { lines: child.lines, exitCode, stderr: child.stderr(), timing: { conversionMs: performance.now() - started, copyLifetimeMs: appeared === null ? 0 : gone - appeared } };
}

/**
 * Starts a conversion in `dir` and kills it with SIGKILL. Even trials at a random moment of the
 * whole run (before, during or after the conversion); odd ones at a random moment while its copy
 * exists, so every run cuts some conversions midway however fast this machine converts.
 */
export async function killConversion(dir: string, trial: number, timing: ConversionTiming): Promise<{ when: string; cutMidway: boolean }> {
  const child = spawnTs(CLIENT, [`--data-dir=${dir}`]);
  let exited = false;
  void child.exited.then(() => (exited = true));
  await child.waitForLines(1);
  let when: string;
  if (trial % 2 === 0 || timing.copyLifetimeMs === 0) {
    const delay = randomInt(0, Math.max(2, Math.ceil(timing.conversionMs * 1.1)));
    await new Promise((resolve) => setTimeout(resolve, delay));
    when = `${delay} ms after it began`;
  } else {
    await pollUntil(() => fs.existsSync(copyOf(dir)), () => exited);
    const delay = randomInt(0, Math.max(1, Math.floor(timing.copyLifetimeMs)));
    await new Promise((resolve) => setTimeout(resolve, delay));
    when = `${delay} ms into its copy`;
  }
  await killHard(child.child);
  return { when, cutMidway: fs.existsSync(copyOf(dir)) };
}
