import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_LAN_NETWORK } from '../core/alarm/lan-manager.js';
import { nameSchema } from '../../shared/domain/names.js';

export const DEFAULT_HOST_PORT = 4780;

const optionsSchema = z.strictObject({
  'data-dir': z.string().optional(),
  'key-file': z.string().optional(),
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(DEFAULT_HOST_PORT),
  'renderer-dir': z.string().optional(),
  'ready-file': z.string().optional(),
  lan: z.boolean().default(false),
  'lan-key-file': z.string().optional(),
  'lan-group': z.ipv4().default(DEFAULT_LAN_NETWORK.group),
  'lan-port': z.coerce.number().int().min(1024).max(65535).default(DEFAULT_LAN_NETWORK.port),
  'lan-interface': z.ipv4().default('0.0.0.0'),
  'lan-peer': z.array(z.string().regex(/^[0-9A-Za-z.-]+:\d{2,5}$/, { error: 'expected host:port' })).default([]),
  'reset-admin': nameSchema(120).optional(),
  'new-display-token': z.boolean().default(false),
  help: z.boolean().default(false),
});
export type HostCliOptions = z.infer<typeof optionsSchema>;

export const usage = `Usage: npm run host -- [options]
  --data-dir=<abs path>     where the local store lives (default: VANGNET_DATA_DIR, else the per-user data folder)
  --key-file=<abs path>     the local store's key (64 hex digits, mode 0600, outside the data folder); made on
                            first start if absent. Or set VANGNET_STORE_KEY. Needed with --data-dir or
                            VANGNET_DATA_DIR; the default data folder's key is ~/.config/vangnet/store.key
                            (%LOCALAPPDATA%\\Vangnet\\store.key). See docs/deployment.md
  --host=<address>          interface to bind (default 127.0.0.1; anything else exposes the core to the network)
  --port=<n>                port (default ${DEFAULT_HOST_PORT}; 0 picks a free one)
  --renderer-dir=<path>     built renderer to serve (default dist/renderer)
  --ready-file=<path>       when listening, write {origin, operatorUrl, displayUrl} here (mode 0600)
  --lan                     open the LAN alarm path, signed with the organisation's key the server hands out (off by default)
  --lan-key-file=<path>     sites without a server: sign and check with this 32-byte Ed25519 seed (hex or base64),
                            the same file on every PC of the one organisation, mode 0600; implies --lan
  --lan-group=<ip>          multicast group for LAN alarms (default ${DEFAULT_LAN_NETWORK.group})
  --lan-port=<n>            UDP port for LAN alarms (default ${DEFAULT_LAN_NETWORK.port})
  --lan-interface=<ip>      interface to send and join on (default: the OS chooses)
  --lan-peer=<host:port>    also send to this PC directly (repeatable; for networks that drop multicast)
  --reset-admin=<name>      do not start: add an administrator with this name and a new PIN, printed once
                            (for when nobody can sign in as administrator); logged
  --new-display-token       replace the kept display token (links on TVs stop working until given the new one)
Write values as --flag=value; a value that starts with "-" needs the "=".`;

/**
 * Bad flags give a message and usage, never a stack trace. `--flag -value` is refused (parseArgs
 * calls it ambiguous and names the `--flag=-value` form): taking it would turn a forgotten value
 * into the next flag.
 */
export function parseHostArgs(argv: readonly string[]): { ok: true; options: HostCliOptions } | { ok: false; message: string } {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        'data-dir': { type: 'string' },
        'key-file': { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'renderer-dir': { type: 'string' },
        'ready-file': { type: 'string' },
        lan: { type: 'boolean' },
        'lan-key-file': { type: 'string' },
        'lan-group': { type: 'string' },
        'lan-port': { type: 'string' },
        'lan-interface': { type: 'string' },
        'lan-peer': { type: 'string', multiple: true },
        'reset-admin': { type: 'string' },
        'new-display-token': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  return { ok: true, options: parsed.data };
}
