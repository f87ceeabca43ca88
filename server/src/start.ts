import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { ServerConfig } from './config.js';
import { openServerDatabase, type ServerDb } from './db/connect.js';
import { buildServer } from './app.js';
import { inProcessPokes, postgresPokes, type PokeBus } from './realtime/pokes.js';

export interface RunningServer {
  app: FastifyInstance;
  store: ServerDb;
  pokes: PokeBus;
  url: string;
  /** Drains: stops taking requests, finishes those in flight, closes sockets, then the database. */
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig, now?: () => Date): Promise<RunningServer> {
  const store = await openServerDatabase(config.storage);
  const logger = pino({ level: config.logLevel });
  const pokes = store.postgresUrl ? await postgresPokes(store.postgresUrl, store.db, logger) : inProcessPokes();
  const app = await buildServer({ store, pokes, adminToken: config.adminToken, rateLimitPerMinute: config.rateLimitPerMinute, logLevel: config.logLevel, ...(now ? { now } : {}) });
  const address = await app.listen({ host: config.host, port: config.port });
  return {
    app,
    store,
    pokes,
    url: address.replace('[::1]', '127.0.0.1'),
    async close() {
      await app.close();
      await pokes.close();
      await store.close();
    },
  };
}
