import { parseArgs } from 'node:util';
import { z } from 'zod';

export const benchUsage = `Usage: npm run bench -- [--out=<file.json>] [--only=<part of a bench file name>]
  alarm bench: [--alarm-sizes=10,100,1000] [--alarm-sites=50] [--alarm-presses=100] [--alarm-warmup=10] [--alarm-storage=sqlite,postgres]
  sync bench: [--sync-rounds=3]
Write values as --flag=value; a value that starts with "-" needs the "=".`;

/** Flags one bench reads; that bench checks their ranges and says what it expected. */
const benchFlags = ['alarm-sizes', 'alarm-sites', 'alarm-presses', 'alarm-warmup', 'alarm-storage', 'sync-rounds'] as const;

const optionsSchema = z.strictObject({
  out: z.string().min(1).default('bench-results.json'),
  only: z.string().min(1).optional(),
  ...Object.fromEntries(benchFlags.map((flag) => [flag, z.string().min(1).optional()])),
});
export type BenchOptions = z.infer<typeof optionsSchema>;

/** Bad flags give a message for the usage text; the run does not start on a guess. */
export function parseBenchArgs(argv: readonly string[]): { ok: true; options: BenchOptions } | { ok: false; message: string } {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: [...argv], strict: true, options: Object.fromEntries(['out', 'only', ...benchFlags].map((flag) => [flag, { type: 'string' as const }])) }).values;
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ') };
  return { ok: true, options: parsed.data };
}
