import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import sirv from 'sirv';
import { DISPLAY_FEED_PATH, displayFeedSchema, DISPLAY_KEY_PROTOCOL_PREFIX, DISPLAY_LIVE_PATH, DISPLAY_PAGE_PATH, DISPLAY_PROTOCOL } from '../../../shared/house-rules/display-feed.js';
import { securityHeaders } from '../../../shared/security/csp.js';
import type { ServerDatabase } from '../db/schema.js';
import { readDisplayFeed } from '../display/feed.js';
import { DisplayLive } from '../display/live.js';
import type { RelayBus } from '../realtime/relay-bus.js';
import { SocketGuard } from '../realtime/socket-guard.js';
import { bearer } from '../tenancy/devices.js';
import { activeDisplays, authenticateDisplay, type DisplayScope } from '../tenancy/displays.js';
import { sendError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    display?: DisplayScope;
  }
}

export interface DisplayRouteDeps {
  db: Kysely<ServerDatabase>;
  pokes: RelayBus;
  now: () => Date;
  /** The built renderer (dist/renderer); without it the page answers 503 and says how to build it. */
  rendererDir: string;
  rateLimitPerMinute: number;
  recheckMs?: number;
}

/** The credential from `Authorization: Bearer …`, or (a browser's WebSocket cannot set headers) from the second subprotocol. */
function presentedKey(request: FastifyRequest): string | undefined {
  const fromHeader = bearer(request.headers.authorization);
  if (fromHeader) return fromHeader;
  const offered = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((protocol) => protocol.trim());
  if (!offered.includes(DISPLAY_PROTOCOL)) return undefined;
  const key = offered.find((protocol) => protocol.startsWith(DISPLAY_KEY_PROTOCOL_PREFIX))?.slice(DISPLAY_KEY_PROTOCOL_PREFIX.length);
  return key && /^[A-Za-z0-9_-]{20,200}$/.test(key) ? key : undefined;
}

/**
 * A TV's browser, enrolled once with a display credential: the renderer's display page under
 * /display/, its feed (the site's published house rules, its own organisation's and those its
 * partners share) and a live socket that pushes the feed when it changes. A display credential
 * opens these and nothing else: it is not a device, so every staff and sync route refuses it.
 */
export async function displayRoutes(app: FastifyInstance, { db, pokes, now, rendererDir, rateLimitPerMinute, recheckMs }: DisplayRouteDeps): Promise<void> {
  const live = new DisplayLive(db, pokes, app.log.child({ module: 'display-live' }), now);
  // Revoking a display closes its live socket at once (the access change is announced), or at the next re-check.
  const guard = new SocketGuard((ids) => activeDisplays(db, ids), pokes, app.log.child({ module: 'display-guard' }), recheckMs);
  const perDisplay = { rateLimit: { max: rateLimitPerMinute, timeWindow: '1 minute' } };
  app.addHook('onClose', () => {
    live.close();
    guard.stop();
  });

  const requireDisplay = async (request: FastifyRequest, reply: FastifyReply) => {
    const outcome = await authenticateDisplay(db, presentedKey(request), now());
    if (!outcome.ok) {
      return sendError(reply, 401, outcome.code, outcome.code === 'DEVICE_REVOKED' ? 'this display has been revoked; ask an administrator for a new display link' : 'a valid display credential is required');
    }
    request.display = outcome.display;
  };
  const displayOf = (request: FastifyRequest): DisplayScope => {
    if (!request.display) throw new Error('this route is not behind requireDisplay');
    return request.display;
  };

  app.get(DISPLAY_FEED_PATH, { onRequest: requireDisplay, config: { ...perDisplay, doc: { summary: "The house rules a display shows, of its site's organisations", auth: 'display', response: displayFeedSchema } } }, async (request, reply) => {
    const { feed } = await readDisplayFeed(db, displayOf(request), now());
    return reply.header('cache-control', 'no-store').send(feed);
  });

  app.get(DISPLAY_LIVE_PATH, { websocket: true, onRequest: requireDisplay, config: { doc: { summary: 'New house rules as they are published, on a WebSocket', auth: 'display', produces: 'websocket' } } }, (socket, request) => {
    const scope = displayOf(request);
    guard.add(socket, scope.displayId);
    // The display only listens: anything it says is ignored.
    socket.on('message', () => undefined);
    live.add(socket, scope).catch((error: unknown) => {
      request.log.warn({ err: error }, 'could not send a display its house rules');
      socket.close(1011, 'try again');
    });
  });

  // The same built page the web host serves, so a TV shows exactly what a counter PC's Display link shows.
  const hasBuild = fs.existsSync(path.join(rendererDir, 'index.html'));
  // A server without the build still starts (sirv would throw on a missing folder): the page says what to do.
  const serve = !hasBuild ? null : sirv(rendererDir, {
    single: true,
    dev: false,
    etag: true,
    setHeaders(res, pathname) {
      for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
      if (pathname.endsWith('.html')) res.setHeader('Cache-Control', 'no-store');
    },
  });
  app.get(DISPLAY_PAGE_PATH.slice(0, -1), { config: { doc: { summary: 'To the display page', auth: 'none', produces: 'redirect' } } }, (_request, reply) => reply.redirect(`${DISPLAY_PAGE_PATH}?view=display`));
  app.get(`${DISPLAY_PAGE_PATH}*`, { config: { ...perDisplay, doc: { summary: 'The house rules page for a TV and its files (the credential travels in the link)', auth: 'none', produces: 'html' } } }, (request, reply) => {
    if (!serve) return reply.code(503).headers(securityHeaders).type('text/plain; charset=utf-8').send(`The display page is not built (${rendererDir} has no index.html). Run: npm run build:renderer\n`);
    reply.hijack();
    const raw = request.raw;
    // sirv serves from the build's root; the page's files sit beside it (the build uses relative paths).
    raw.url = `/${(raw.url ?? '').slice(DISPLAY_PAGE_PATH.length)}`;
    serve(raw, reply.raw, () => {
      reply.raw.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders });
      reply.raw.end('Not found\n');
    });
  });
}
