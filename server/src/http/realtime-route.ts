import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { isBeacon, pathMessageSchema, type PathMessage } from '../../../shared/alarm/readiness.js';
import type { ServerDatabase } from '../db/schema.js';
import { messageAudience } from '../realtime/audience.js';
import type { PacHook } from '../pac/pac-service.js';
import { isPacEnvelope, type RelayBus } from '../realtime/relay-bus.js';
import type { DeviceScope } from '../tenancy/devices.js';
import { deviceOf, requireDevice } from './auth.js';
import type { Metrics } from './metrics.js';

const PING_MS = 15_000;
const clientFrameSchema = z.strictObject({ type: z.literal('alarm'), message: pathMessageSchema });

/**
 * One socket per device. Server to device: {"type":"poke"} after commits in its
 * organisation, and {"type":"alarm","message"} for alarms and beacons of its audience.
 * Device to server: its own alarm messages and beacons, which are checked against its credential and fanned
 * out to the site's responders, and to partners whose agreement shares alarms.
 */
export async function realtimeRoute(app: FastifyInstance, { db, pokes, metrics, pac }: { db: Kysely<ServerDatabase>; pokes: RelayBus; metrics: Metrics; pac?: PacHook }): Promise<void> {
  const sockets = new Map<WebSocket, DeviceScope>();
  const poke = JSON.stringify({ type: 'poke' });
  const unsubscribe = pokes.subscribe((organisations) => {
    for (const [socket, scope] of sockets) {
      if (organisations === 'all' || organisations.includes(scope.organisationId)) {
        socket.send(poke);
        metrics.pokes.inc();
      }
    }
  });
  const unsubscribeAlarms = pokes.subscribeAlarm((relayed) => {
    if (!isPacEnvelope(relayed)) void fanOut(relayed).catch((error: unknown) => app.log.error({ err: error }, 'alarm fan-out failed'));
  });

  /** Sends the message to its audience (see messageAudience), never back to its sender. */
  async function fanOut(message: PathMessage): Promise<void> {
    const sender = isBeacon(message) ? message.device_id : message.from.device_id;
    const reaches = await messageAudience(db, message);
    const frame = JSON.stringify({ type: 'alarm', message });
    for (const [socket, scope] of sockets) {
      if (scope.deviceId !== sender && reaches(scope)) socket.send(frame);
    }
  }

  const pinger = setInterval(() => sockets.forEach((_scope, socket) => socket.ping()), PING_MS);
  pinger.unref();
  app.addHook('onClose', async () => {
    unsubscribe();
    unsubscribeAlarms();
    clearInterval(pinger);
    for (const socket of sockets.keys()) socket.close(1001, 'server shutting down');
  });

  app.get('/v1/realtime', { websocket: true, onRequest: requireDevice(db) }, (socket, request) => {
    const scope = deviceOf(request);
    sockets.set(socket, scope);
    pac?.attachSocket(scope.deviceId, socket);
    metrics.realtimeClients.set(sockets.size);
    socket.on('close', () => {
      sockets.delete(socket);
      metrics.realtimeClients.set(sockets.size);
    });
    socket.on('message', (data: Buffer) => {
      let frame: z.infer<typeof clientFrameSchema>;
      try {
        const parsed = clientFrameSchema.safeParse(JSON.parse(data.toString()));
        if (!parsed.success) return request.log.warn({ device: scope.deviceId }, 'ignored a malformed realtime frame');
        frame = parsed.data;
      } catch {
        return request.log.warn({ device: scope.deviceId }, 'ignored a realtime frame that is not JSON');
      }
      const { message } = frame;
      // A device speaks only for itself, its organisation and its site.
      const sender = isBeacon(message) ? message.device_id : message.from.device_id;
      if (sender !== scope.deviceId || message.organisation_id !== scope.organisationId || message.site_id !== scope.siteId) {
        return request.log.warn({ device: scope.deviceId, message: message.message_id }, 'refused an alarm message outside the device scope');
      }
      void pokes.publishAlarm(message).catch((error: unknown) => request.log.error({ err: error }, 'alarm relay failed'));
      pac?.fromDeviceSocket(message); // after the relay, never in its way; only this instance saw it on the sender's socket
    });
  });
}
