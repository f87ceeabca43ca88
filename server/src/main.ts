import { ServerConfigError, serverConfigFromEnv } from './config.js';
import { ServerStoreError } from './db/connect.js';
import { parseServerArgs, serverUsage } from './server-args.js';
import { startServer } from './start.js';

const args = parseServerArgs(process.argv.slice(2));
if (!args.ok) {
  process.stderr.write(`vangnet server: ${args.message}\n\n${serverUsage}\n`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(`${serverUsage}\n`);
  process.exit(0);
}

// npm run server: the embedded default (SQLite in the data folder) unless DATABASE_URL is set.
try {
  const config = serverConfigFromEnv(process.env);
  const server = await startServer(config);
  const storage = config.storage.kind === 'sqlite' ? `SQLite ${config.storage.file}` : 'PostgreSQL';
  process.stdout.write(`Vangnet server listening on ${server.url} (${storage})\n`);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    server.app.log.info({ signal }, 'draining');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  if (error instanceof ServerConfigError || error instanceof ServerStoreError) {
    process.stderr.write(`vangnet server: ${error.code}: ${error.message}\n`);
    process.exit(3);
  }
  throw error;
}
