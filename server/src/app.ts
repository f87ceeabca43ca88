import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { MAX_BODY_BYTES } from '../../shared/sync/protocol.js';
import type { ServerDb } from './db/connect.js';
import { adminRoutes } from './http/admin-routes.js';
import { benchmarkRoutes } from './http/benchmark-routes.js';
import { displayRoutes } from './http/display-routes.js';
import { errorHandler } from './http/errors.js';
import { openApiDocument, type DocumentedRoute } from './http/route-docs.js';
import { healthRoutes } from './http/health-routes.js';
import { createMetrics } from './http/metrics.js';
import { realtimeRoute } from './http/realtime-route.js';
import { syncRoutes } from './http/sync-routes.js';
import type { WarningSecret } from './warnings/projection.js';
import { PacService, type PacOptions } from './pac/pac-service.js';
import type { AlarmKeySeal } from './tenancy/server-key.js';
import type { RelayBus } from './realtime/relay-bus.js';

/** The HTTP API's version in its description; the sync protocol has its own (SYNC_SCHEMA_VERSION). */
const SERVER_API_VERSION = '1';

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
  /** The built renderer, whose display page the server serves to TVs. */
  rendererDir?: string;
  /** Derives the keys of warnings shared with partners; kept outside the database. */
  warningSecret: WarningSecret;
  /** Seals the organisations' alarm private keys in the database (the server key). */
  alarmKeySeal: AlarmKeySeal;
}

/** `npm run build:renderer` writes here; the server is run from the repository. */
export const DEFAULT_RENDERER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'renderer');

export async function buildServer({ store, relay, adminToken, rateLimitPerMinute = 600, logLevel = 'info', beaconFlushMs, now = () => new Date(), pac: pacOptions = {}, realtimeRecheckMs, rendererDir = DEFAULT_RENDERER_DIR, warningSecret, alarmKeySeal }: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: logLevel }, bodyLimit: MAX_BODY_BYTES, return503OnClosing: true, forceCloseConnections: 'idle' });
  const metrics = createMetrics();
  app.setErrorHandler(errorHandler);
  // Every route, as it is registered: /openapi.json describes exactly these.
  const routes: DocumentedRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, doc: route.config?.doc });
  });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(rateLimit, {
    global: false,
    hook: 'preHandler',
    keyGenerator: (request) => request.device?.deviceId ?? request.ip,
  });
  await app.register(healthRoutes, { db: store.db, metrics, dialect: store.dialect });
  await app.register(syncRoutes, { db: store.db, relay, metrics, now, rateLimitPerMinute, warningSecret, alarmKeySeal });
  await app.register(benchmarkRoutes, { db: store.db, now, rateLimitPerMinute });
  const pac = new PacService(store.db, relay, app.log.child({ module: 'pac' }), { now, ...pacOptions });
  await pac.start();
  app.addHook('onClose', () => pac.close());
  await app.register(realtimeRoute, { db: store.db, pokes: relay, metrics, pac, ...(beaconFlushMs ? { beaconFlushMs } : {}), ...(realtimeRecheckMs ? { recheckMs: realtimeRecheckMs } : {}) });
  await app.register(displayRoutes, { db: store.db, pokes: relay, now, rendererDir, rateLimitPerMinute, ...(realtimeRecheckMs ? { recheckMs: realtimeRecheckMs } : {}) });
  await app.register(adminRoutes, { db: store.db, pokes: relay, adminToken, now, pac, alarmKeySeal });
  let description: string | null = null;
  app.get('/openapi.json', { config: { doc: { summary: 'This description, generated from the schemas the routes parse with', auth: 'none' } } }, (_request, reply) =>
    reply.type('application/json; charset=utf-8').send((description ??= JSON.stringify(openApiDocument(routes, SERVER_API_VERSION)))),
  );
  return app;
}
