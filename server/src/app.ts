import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerDb } from './db/connect.js';
import { adminRoutes } from './http/admin-routes.js';
import { errorHandler } from './http/errors.js';
import { healthRoutes } from './http/health-routes.js';
import { createMetrics } from './http/metrics.js';
import { realtimeRoute } from './http/realtime-route.js';
import { syncRoutes } from './http/sync-routes.js';
import type { WarningSecret } from './warnings/projection.js';
import { PacService, type PacOptions } from './pac/pac-service.js';
import type { RelayBus } from './realtime/relay-bus.js';

export interface ServerOptions {
  store: ServerDb;
  relay: RelayBus;
  adminToken?: string | undefined;
  rateLimitPerMinute?: number;
  logLevel?: string;
  beaconFlushMs?: number;
  now?: () => Date;
  pac?: PacOptions;
  /** How often live sockets' credentials are checked again (tests shorten it). */
  realtimeRecheckMs?: number;
  /** Derives the keys of warnings shared with partners; kept outside the database. */
  warningSecret: WarningSecret;
}

/** A 500-op batch of full incidents stays well under this; anything larger is refused with 413. */
export const BODY_LIMIT_BYTES = 4 * 1024 * 1024;

export async function buildServer({ store, relay, adminToken, rateLimitPerMinute = 600, logLevel = 'info', beaconFlushMs, now = () => new Date(), pac: pacOptions = {}, realtimeRecheckMs, warningSecret }: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: logLevel }, bodyLimit: BODY_LIMIT_BYTES, return503OnClosing: true, forceCloseConnections: 'idle' });
  const metrics = createMetrics();
  app.setErrorHandler(errorHandler);
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    keyGenerator: (request) => request.device?.deviceId ?? request.ip,
  });
  await app.register(healthRoutes, { db: store.db, metrics, dialect: store.dialect });
  await app.register(syncRoutes, { db: store.db, relay, metrics, now, rateLimitPerMinute, warningSecret });
  const pac = new PacService(store.db, relay, app.log.child({ module: 'pac' }), { now, ...pacOptions });
  await pac.start();
  app.addHook('onClose', () => pac.close());
  await app.register(realtimeRoute, { db: store.db, pokes: relay, metrics, pac, ...(beaconFlushMs ? { beaconFlushMs } : {}), ...(realtimeRecheckMs ? { recheckMs: realtimeRecheckMs } : {}) });
  await app.register(adminRoutes, { db: store.db, pokes: relay, adminToken, now, pac });
  return app;
}
