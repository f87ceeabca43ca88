import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

export function benchTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vangnet-bench-'));
  made.push(dir);
  return dir;
}

export function removeBenchTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
