import { parseArgs } from 'node:util';
import { z } from 'zod';

export const adminUsage = `Usage: npm run server:admin -- <command> [options]   (same DATABASE_URL / VANGNET_SERVER_DATA_DIR as the server)
  create-organisation --name=<name> [--sector=<sector>]
  set-sector --organisation=<id> --sector=<sector>     the sector its benchmark figures are compared within:
                                                       gemeente, uwv, belastingdienst, zorg, onderwijs, ov or overig
  create-site --name=<name>
  host --organisation=<id> --site=<id>                 an organisation works at a site
  agreement --site=<id> --from=<org> --to=<org> [--share-alarms] [--share-warnings] [--share-house-rules] [--to-site=<id>]
                                                       --to-site: from's alarms at --site reach to's PCs there
                                                       --share-house-rules: from's house rules also show on to's displays at --site
  rotate-alarm-key --organisation=<id> [--grace=<seconds, default 86400>]
                                                       new LAN signing key; the old one is accepted for the grace period
  enrolment-code --organisation=<id> --site=<id> [--hours=24]
  enrolment-token --organisation=<id> --site=<id> [--days=90]
                                                       a token for the machine-wide configuration: PCs ask by themselves (shown once)
  pending-devices                                      PCs that asked with a token and wait for approval
  approve-device --device=<id>                         the PC gets its credential the next time it asks
  devices
  create-display --organisation=<id> --site=<id> --name=<name> [--url=<server address>]
                                                       a TV's stable display link (shown once; house rules only)
  displays                                             list displays (revoked ones too)
  revoke-display --display=<id>                        the TV's link stops working; its open page is disconnected
  revoke --device=<id>                                 also closes the device's open sockets
  disable-organisation --organisation=<id>             its devices are refused and disconnected
  agreements                                           list sharing agreements (ended ones too)
  end-agreement --agreement=<id>                       the agreement carries nothing from now on
  alarm-policy --site=<id> --escalation-after=<5..600 seconds> --groups=<1..3>
  log [--since=<ISO time>] [--limit=100]               who changed what, newest first
  verify-audit                                         check every device's warnings access log chain; names the first bad entry
  backup --to=<file>                                   online copy of the embedded SQLite store (PostgreSQL: prints pg_dump guidance)
  restore --from=<file>                                the server must be stopped; the restored store gets a new epoch
  new-epoch                                            after restoring PostgreSQL with pg_restore: desks re-sync and re-send
  pac --site=<id>                                      show the site's alarm receiving centre (never its key)
  pac --site=<id> --host=<host> --port=<port> --account=<3-16 hex> [--receiver=0] [--line=0]
      [--token=ADM-CID|SIA-DCS] [--key=<32 or 64 hex>|--key=none] [--supervision=180] [--enabled=true|false]
Write values as --flag=value (quote spaces: --name="Gemeente Zwolle"); a value that starts with "-" needs the "=".`;

const valuesSchema = z.strictObject({
  name: z.string().optional(),
  organisation: z.string().optional(),
  site: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  device: z.string().optional(),
  display: z.string().optional(),
  url: z.url({ protocol: /^https?$/, error: '--url must be the server address as the TV reaches it, e.g. https://vangnet.example.nl' }).optional(),
  agreement: z.string().optional(),
  sector: z.string().optional(),
  since: z.string().optional(),
  limit: z.string().optional(),
  'escalation-after': z.string().optional(),
  groups: z.string().optional(),
  'to-site': z.string().optional(),
  grace: z.string().optional(),
  host: z.string().optional(),
  port: z.string().optional(),
  account: z.string().optional(),
  receiver: z.string().optional(),
  line: z.string().optional(),
  token: z.string().optional(),
  key: z.string().optional(),
  supervision: z.string().optional(),
  enabled: z.string().optional(),
  // The same range the admin API allows for a code's lifetime.
  hours: z.coerce.number().int().min(1).max(24 * 14).default(24),
  days: z.coerce.number().int().min(1).max(366).default(90),
  'share-alarms': z.boolean().default(false),
  'share-warnings': z.boolean().default(false),
  'share-house-rules': z.boolean().default(false),
});
export type AdminValues = z.infer<typeof valuesSchema>;

const stringFlags = ['name', 'organisation', 'site', 'from', 'to', 'device', 'display', 'url', 'agreement', 'sector', 'since', 'limit', 'escalation-after', 'groups', 'hours', 'days', 'to-site', 'grace', 'host', 'port', 'account', 'receiver', 'line', 'token', 'key', 'supervision', 'enabled'] as const;

/**
 * The admin command line. Bad input gives a message for the usage text, never a stack trace;
 * a stray word is refused rather than dropped (`--name Gemeente Zwolle` would otherwise
 * create "Gemeente").
 */
export function parseAdminArgs(argv: readonly string[]): { ok: true; command: string | undefined; values: AdminValues } | { ok: false; message: string } {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        ...Object.fromEntries(stringFlags.map((flag) => [flag, { type: 'string' as const }])),
        'share-alarms': { type: 'boolean' },
        'share-warnings': { type: 'boolean' },
        'share-house-rules': { type: 'boolean' },
      },
    });
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const [command, ...extra] = parsed.positionals;
  if (extra.length > 0) return { ok: false, message: `unexpected ${extra.map((word) => `"${word}"`).join(', ')} after ${command ?? 'the command'}: write each value as --flag=value and quote spaces` };
  const values = valuesSchema.safeParse(parsed.values);
  if (!values.success) return { ok: false, message: values.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; ') };
  return { ok: true, command, values: values.data };
}
