import { parseArgs } from 'node:util';
import { z } from 'zod';

export const benchUsage = `Usage: npm run bench -- [--out=<file.json>] [--only=<part of a bench file name>]
Write values as --flag=value; a value that starts with "-" needs the "=".`;

const optionsSchema = z.strictObject({
  out: z.string().min(1).default('bench-results.json'),
  only: z.string().min(1).optional(),
});
export type BenchOptions = z.infer<typeof optionsSchema>;

/** Bad flags give a message for the usage text; the run does not start on a guess. */
export function parseBenchArgs(argv: readonly string[]): { ok: true; options: BenchOptions } | { ok: false; message: string } {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: [...argv], strict: true, options: { out: { type: 'string' }, only: { type: 'string' } } }).values;
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ') };
  return { ok: true, options: parsed.data };
}
