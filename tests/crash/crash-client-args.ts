import { parseArgs } from 'node:util';
import { z } from 'zod';

// The crash client's command line, built and read in one place. Values travel as
// `--flag=value`: a credential is random base64url, and one in 64 starts with "-", which
// parseArgs refuses (rightly) when it comes as the next argv element.

const optionsSchema = z.strictObject({
  'data-dir': z.string().min(1),
  server: z.url(),
  credential: z.string().min(1),
  'device-id': z.string().min(1),
  organisation: z.string().min(1),
  site: z.string().min(1),
  mode: z.enum(['write', 'sync']),
  count: z.coerce.number().int().min(0).default(1000),
});
export type CrashClientOptions = z.infer<typeof optionsSchema>;

const flags = Object.keys(optionsSchema.shape) as (keyof CrashClientOptions)[];

/** The argv for one run of the crash client: every value glued to its flag. */
export function crashClientArgv(options: CrashClientOptions): string[] {
  return flags.map((flag) => `--${flag}=${String(options[flag])}`);
}

export function parseCrashClientArgs(argv: readonly string[]): { ok: true; options: CrashClientOptions } | { ok: false; message: string } {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: [...argv], strict: true, options: Object.fromEntries(flags.map((flag) => [flag, { type: 'string' as const }])) }).values;
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ') };
  return { ok: true, options: parsed.data };
}
