import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { WebSocket } from 'ws';
import type { ServerDatabase } from '../db/schema.js';
import type { PokeBus } from '../realtime/pokes.js';
import { requireDevice } from './auth.js';
import type { Metrics } from './metrics.js';

const PING_MS = 15_000;

/** A device keeps one socket open; after any commit in its organisation it hears {"type":"poke"} and pulls. */
export async function realtimeRoute(app: FastifyInstance, { db, pokes, metrics }: { db: Kysely<ServerDatabase>; pokes: PokeBus; metrics: Metrics }): Promise<void> {
  const sockets = new Map<WebSocket, string>();
  const poke = JSON.stringify({ type: 'poke' });
  const unsubscribe = pokes.subscribe((organisations) => {
    for (const [socket, organisationId] of sockets) {
      if (organisations === 'all' || organisations.includes(organisationId)) {
        socket.send(poke);
        metrics.pokes.inc();
      }
    }
  });
  const pinger = setInterval(() => sockets.forEach((_org, socket) => socket.ping()), PING_MS);
  pinger.unref();
  app.addHook('onClose', async () => {
    unsubscribe();
    clearInterval(pinger);
    for (const socket of sockets.keys()) socket.close(1001, 'server shutting down');
  });

  app.get('/v1/realtime', { websocket: true, onRequest: requireDevice(db) }, (socket, request) => {
    const organisationId = request.device?.organisationId;
    if (!organisationId) return socket.close(1008, 'unauthenticated');
    sockets.set(socket, organisationId);
    metrics.realtimeClients.set(sockets.size);
    socket.on('close', () => {
      sockets.delete(socket);
      metrics.realtimeClients.set(sockets.size);
    });
    socket.on('message', () => undefined); // the channel is one-way; anything sent is ignored
  });
}
