import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

/** A year at a busy town hall site: a few incidents a working day. */
export const DEFAULT_INCIDENTS = 600;

const optionsSchema = z.strictObject({
  'data-dir': z.string().refine((value) => path.isAbsolute(value), { error: 'must be an absolute path' }).optional(),
  incidents: z.coerce.number().int().min(0).max(50_000).default(DEFAULT_INCIDENTS),
  seed: z.coerce.number().int().min(0).max(2 ** 31).default(2026),
  'ready-file': z.string().optional(),
  help: z.boolean().default(false),
});
export type DemoOptions = z.infer<typeof optionsSchema>;

export const demoUsage = `Usage: npm run demo -- [options]
  --data-dir=<abs path>   keep the demo's server and desks here (default: a temporary folder, removed on exit)
  --incidents=<n>         how many incidents the past year holds (default ${DEFAULT_INCIDENTS})
  --seed=<n>              the same seed gives the same year (default 2026)
  --ready-file=<path>     when everything runs, write the links and process ids here as JSON (mode 0600)
Write values as --flag=value. Stop with Ctrl+C.`;

/** Same rules as the host's flags: `--flag=value`, unknown flags refused with a message. */
export function parseDemoArgs(argv: readonly string[]): { ok: true; options: DemoOptions } | { ok: false; message: string } {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      options: { 'data-dir': { type: 'string' }, incidents: { type: 'string' }, seed: { type: 'string' }, 'ready-file': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ') };
  return { ok: true, options: parsed.data };
}
