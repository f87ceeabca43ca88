import { parseArgs } from 'node:util';
import { DEFAULT_SERVER_PORT } from './config.js';

export const serverUsage = `Usage: npm run server
The server takes its settings from the environment, not from flags:
  DATABASE_URL                    postgres://… (default: a SQLite file in the data folder)
  VANGNET_SERVER_DATA_DIR         absolute path of that data folder
  VANGNET_SERVER_HOST             interface to bind (default 127.0.0.1)
  VANGNET_SERVER_PORT             port (default ${DEFAULT_SERVER_PORT})
  VANGNET_ADMIN_TOKEN             enables /v1/admin/* (32-200 letters, digits, - or _)
  VANGNET_RATE_LIMIT_PER_MINUTE   per device (default 600)
  VANGNET_LOG_LEVEL               fatal, error, warn, info, debug, trace or silent (default info)`;

/**
 * The server has no flags but --help. Anything else is refused: `npm run server -- --port=4791`
 * must not quietly start on 4790.
 */
export function parseServerArgs(argv: readonly string[]): { ok: true; help: boolean } | { ok: false; message: string } {
  try {
    const { values } = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: { help: { type: 'boolean', short: 'h' } } });
    return { ok: true, help: values.help ?? false };
  } catch (error) {
    return { ok: false, message: `${(error as Error).message} (settings come from the environment)` };
  }
}
