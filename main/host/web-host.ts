import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type ServerOptions } from 'ws';
import type { Role } from '../../shared/contract/roles.js';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, maxFrameBytes, TOKEN_PROTOCOL_PREFIX } from '../../shared/contract/wire.js';
import type { Core } from '../core/core.js';
import type { Logger } from '../core/logger.js';
import { serveBridgeSocket } from './bridge-socket.js';
import { createFrameTurns } from './frame-turns.js';
import { allowedAuthorities, isAllowedHost, isAllowedOrigin, tokenFromProtocols } from './request-policy.js';
import { roleForToken, type SessionToken } from './session-tokens.js';
import { createStaticHandler, securityHeaders } from './static-files.js';

export interface WebHostOptions {
  core: Core;
  logger: Logger;
  rendererDir: string;
  tokens: readonly SessionToken[];
  /** Loopback unless an administrator deliberately opens it up (thin clients, a TV). */
  host?: string;
  port?: number;
}

export interface WebHost {
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { core, logger, tokens, host = '127.0.0.1', port = 0 } = options;
  const serveStatic = createStaticHandler(options.rendererDir);
  let authorities = new Set<string>();

  const server = http.createServer((req, res) => {
    if (!isAllowedHost(req.headers.host, authorities)) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders });
      res.end('Misdirected request\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', ...securityHeaders });
      res.end();
      return;
    }
    serveStatic(req, res);
  });

  // One socket server per frame limit: ws refuses a frame over the limit from its header (1009),
  // before a byte of it is buffered, so the limit must be the role's own from the start.
  const socketsFor = (role: Role) => {
    const options: ServerOptions & { closeTimeout: number } = {
      noServer: true,
      maxPayload: maxFrameBytes(role),
      // A tab answers a close at once; a peer that does not is cut off after a second, not thirty.
      // (ws has the option; its type definitions do not list it yet.)
      closeTimeout: 1000,
      handleProtocols: (offered) => (offered.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false),
    };
    return new WebSocketServer(options);
  };
  const staffSockets = socketsFor('admin');
  const displaySockets = socketsFor('display');
  const turns = createFrameTurns();

  server.on('upgrade', (req, socket: Socket, head) => {
    const refuse = (status: number, reason: string) => {
      logger.warn({ status, reason, origin: req.headers.origin }, 'bridge socket refused');
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = new URL(req.url ?? '/', 'http://host');
    if (url.pathname !== BRIDGE_PATH) return refuse(404, 'Not Found');
    if (!isAllowedHost(req.headers.host, authorities)) return refuse(421, 'Misdirected Request');
    if (!isAllowedOrigin(req.headers.origin, req.headers.host)) return refuse(403, 'Forbidden');
    const role = roleForToken(tokenFromProtocols(req.headers['sec-websocket-protocol'], TOKEN_PROTOCOL_PREFIX), tokens);
    if (!role) return refuse(401, 'Unauthorized');
    const sockets = role === 'display' ? displaySockets : staffSockets;
    sockets.handleUpgrade(req, socket, head, (ws) => {
      // After a frame it refuses (too big, not UTF-8) ws closes, yet reads and drops whatever the peer
      // still sends: a flood would cost the host as much as before. Stop reading (after ws's own resume
      // on the next tick); the close timer then ends the connection.
      ws.once('error', () => process.nextTick(() => socket.pause()));
      serveBridgeSocket(ws, role, core, logger, turns);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  authorities = allowedAuthorities(host, bound);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  logger.info({ host, port: bound }, 'web host listening');

  return {
    origin: `http://${shownHost}:${bound}`,
    port: bound,
    async close() {
      turns.clear();
      for (const sockets of [staffSockets, displaySockets]) {
        for (const client of sockets.clients) client.close(1001, 'host shutting down');
        await new Promise<void>((resolve) => sockets.close(() => resolve()));
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
