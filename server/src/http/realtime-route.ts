import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { isBeacon, pathMessageSchema, type PathMessage } from '../../../shared/alarm/readiness.js';
import type { ServerDatabase } from '../db/schema.js';
import type { PacHook } from '../pac/pac-service.js';
import type { PokeBus } from '../realtime/pokes.js';
import type { DeviceScope } from '../tenancy/devices.js';
import { requireDevice } from './auth.js';
import type { Metrics } from './metrics.js';

const PING_MS = 15_000;
const clientFrameSchema = z.strictObject({ type: z.literal('alarm'), message: pathMessageSchema });

/**
 * One socket per device. Server to device: {"type":"poke"} after commits in its
 * organisation, and {"type":"alarm","message"} for alarms and beacons of its audience.
 * Device to server: its own alarm messages and beacons, which are checked against its credential and fanned
 * out to the site's responders, and to partners whose agreement shares alarms.
 */
export async function realtimeRoute(app: FastifyInstance, { db, pokes, metrics, pac }: { db: Kysely<ServerDatabase>; pokes: PokeBus; metrics: Metrics; pac?: PacHook }): Promise<void> {
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
  const unsubscribeAlarms = pokes.subscribeAlarm((raw) => {
    const parsed = pathMessageSchema.safeParse(raw);
    if (parsed.success) void fanOut(parsed.data);
  });

  /**
   * The audience of an alarm: devices at its site of the sender's organisation, or of a
   * partner it shares alarms with. A beacon goes the other way: to the devices whose
   * alarms would reach its sender, so each counter can count who would hear it.
   */
  async function fanOut(message: PathMessage): Promise<void> {
    const beacon = isBeacon(message);
    const sender = beacon ? message.device_id : message.from.device_id;
    const agreements = await db
      .selectFrom('sharing_agreement')
      .select(['from_organisation_id', 'to_organisation_id'])
      .where('site_id', '=', message.site_id)
      .where(beacon ? 'to_organisation_id' : 'from_organisation_id', '=', message.organisation_id)
      .where('share_alarms', '=', 1)
      .execute();
    const audience = new Set([message.organisation_id, ...agreements.map((a) => (beacon ? a.from_organisation_id : a.to_organisation_id))]);
    const frame = JSON.stringify({ type: 'alarm', message });
    for (const [socket, scope] of sockets) {
      if (scope.deviceId !== sender && scope.siteId === message.site_id && audience.has(scope.organisationId)) socket.send(frame);
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
    const scope = request.device;
    if (!scope) return socket.close(1008, 'unauthenticated');
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
