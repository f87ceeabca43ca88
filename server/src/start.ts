import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import type { ServerConfig } from './config.js';
import { writePidFile } from './db/backup.js';
import { openServerDatabase, type ServerDb } from './db/connect.js';
import { buildServer } from './app.js';
import { inProcessRelay, postgresRelay, type RelayBus } from './realtime/relay-bus.js';
import { compact } from './sync/compaction.js';
import { purgeEndedWarnings, WarningSecret } from './warnings/projection.js';
import { countWarningTombstones, loadWarningSecret, scrubFreedPages } from './warnings/secret.js';
import { AlarmKeySeal, loadServerKey, sealStoredAlarmKeys } from './tenancy/server-key.js';

const COMPACTION_INTERVAL_MS = 6 * 60 * 60 * 1000;
const WARNING_PURGE_INTERVAL_MS = 60 * 60 * 1000;
const CLOSE_SWEEP_MS = 50;

export interface RunningServer {
  app: FastifyInstance;
  store: ServerDb;
  relay: RelayBus;
  url: string;
  /** Deletes the personal data of warnings past their end and retention, then scrubs freed storage. */
  purgeWarnings(): Promise<{ purged: number }>;
  /** Drains: stops taking requests, finishes those in flight, closes sockets, then the database. */
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig, now?: () => Date): Promise<RunningServer> {
  // The key first: a start without it stops before the database is touched.
  const alarmKeySeal = new AlarmKeySeal(loadServerKey(config));
  const store = await openServerDatabase(config.storage);
  // `server:admin -- restore` refuses while this file names a live process.
  const removePidFile = config.storage.kind === 'sqlite' ? writePidFile(config.storage.file) : () => undefined;
  const logger = pino({ level: config.logLevel });
  try {
    const sealed = await sealStoredAlarmKeys(store.db, alarmKeySeal);
    if (sealed > 0) logger.warn({ sealed }, 'alarm private keys stored in clear by an earlier release are now sealed with the server key');
  } catch (error) {
    await store.close();
    throw error;
  }
  const warningSecret = new WarningSecret(loadWarningSecret(config));
  const relay = store.postgresUrl ? await postgresRelay(store.postgresUrl, store.db, logger) : inProcessRelay();
  const app = await buildServer({ store, relay, adminToken: config.adminToken, rateLimitPerMinute: config.rateLimitPerMinute, logLevel: config.logLevel, ...(config.beaconFlushMs ? { beaconFlushMs: config.beaconFlushMs } : {}), ...(now ? { now } : {}), ...(config.pac ? { pac: config.pac } : {}), ...(config.realtimeRecheckMs ? { realtimeRecheckMs: config.realtimeRecheckMs } : {}), ...(config.rendererDir ? { rendererDir: config.rendererDir } : {}), warningSecret, alarmKeySeal });
  const address = await app.listen({ host: config.host, port: config.port });
  // Old tombstones and op ids go, so nothing is kept forever; clients behind it re-sync in full.
  const compactNow = () => compact(store.db, new Date()).then((removed) => app.log.info(removed, 'compacted'), (error: unknown) => app.log.error({ err: error }, 'compaction failed'));
  void compactNow();
  const compaction = setInterval(() => void compactNow(), COMPACTION_INTERVAL_MS);
  compaction.unref();
  // PCs purge too, and their tombstones arrive by push: those need the same scrub as our own.
  let scrubbedTombstones = -1;
  const purgeWarnings = async () => {
    const outcome = await purgeEndedWarnings(store.db, warningSecret, (now ?? (() => new Date()))());
    const tombstones = await countWarningTombstones(store.db);
    // The first run only takes the count: a start needs no scrub, and on PostgreSQL it would take a table lock.
    if (outcome.purged > 0 || (scrubbedTombstones >= 0 && tombstones !== scrubbedTombstones)) await scrubFreedPages(store);
    scrubbedTombstones = tombstones;
    if (outcome.purged > 0) await relay.publish(outcome.organisations).catch((error: unknown) => app.log.warn({ err: error }, 'poke failed; devices will poll'));
    return { purged: outcome.purged };
  };
  const purgeTimer = setInterval(() => void purgeWarnings().catch((error: unknown) => app.log.error({ err: error }, 'warning purge failed')), WARNING_PURGE_INTERVAL_MS);
  purgeTimer.unref();
  void purgeWarnings().catch((error: unknown) => app.log.error({ err: error }, 'warning purge failed'));
  return {
    purgeWarnings,
    app,
    store,
    relay,
    url: address.replace('[::1]', '127.0.0.1'),
    async close() {
      clearInterval(compaction);
      clearInterval(purgeTimer);
      // Fastify closes the connections that are idle when closing starts; one busy with a request
      // then stays open for its keep-alive time (72 s), and close waits for it. Those are closed
      // as soon as their request is answered.
      const sweep = setInterval(() => app.server.closeIdleConnections(), CLOSE_SWEEP_MS);
      await app.close().finally(() => clearInterval(sweep));
      await relay.close();
      await store.close();
      removePidFile();
    },
  };
}
