import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { isBeacon, pathMessageSchema } from '../../../shared/alarm/readiness.js';
import type { ServerDatabase } from '../db/schema.js';
import { isPacEnvelope, type RelayBus } from '../realtime/relay-bus.js';
import type { PacHook } from '../pac/pac-service.js';
import { AgreementCache, RealtimeClients, routeOf, type RealtimeClient } from '../realtime/fan-out.js';
import { SocketGuard } from '../realtime/socket-guard.js';
import { activeDevices } from '../tenancy/devices.js';
import { deviceOf, requireDevice } from './auth.js';
import type { Metrics } from './metrics.js';

const PING_MS = 15_000;
const clientFrameSchema = z.strictObject({ type: z.literal('alarm'), message: pathMessageSchema });
/** `?batch=1`: the client unpacks {"type":"batch","frames":[…]}; older clients get one frame per message. */
const batchesSchema = z.object({ batch: z.string().optional() });

/**
 * One socket per device. Server to device: {"type":"poke"} after commits in its
 * organisation, and {"type":"alarm","message"} for alarms and beacons of its audience.
 * Device to server: its own alarm messages and beacons, which are checked against its credential and fanned
 * out to the site's responders, and to partners whose agreement shares alarms. Clients that
 * connect with `?batch=1` also get {"type":"batch","frames":[…]}: several frames in one message.
 */
export async function realtimeRoute(app: FastifyInstance, { db, pokes, metrics, pac, beaconFlushMs, recheckMs }: { db: Kysely<ServerDatabase>; pokes: RelayBus; metrics: Metrics; pac?: PacHook; beaconFlushMs?: number; recheckMs?: number }): Promise<void> {
  const clients = new RealtimeClients(beaconFlushMs);
  const agreements = new AgreementCache(db);
  const sockets = new Map<WebSocket, RealtimeClient>();
  // Closes sockets whose access ended while they were open (revoked, organisation disabled).
  const guard = new SocketGuard((ids) => activeDevices(db, ids), pokes, app.log.child({ module: 'socket-guard' }), recheckMs);
  // Pokes ride in the next batch (within the beacon flush) and at most one per batch: a PC
  // pushes after each alarm event (the raise, every "delivered", the end), and each push
  // would otherwise cost a write to every PC of the organisation, 5,000 in a large one.
  const unsubscribe = pokes.subscribe((organisations) => metrics.pokes.inc(clients.poke(organisations)));
  // The bus carries checked messages (parsed where they come in: a socket here, or NOTIFY).
  const unsubscribeAlarms = pokes.subscribeAlarm((message) => {
    if (isPacEnvelope(message)) return; // the alarm centre's answer: the PAC service delivers it
    // A known site fans out in this very turn; only a site not yet cached waits for the database.
    const known = agreements.peek(message.site_id);
    if (known) return clients.route(message, routeOf(message, known));
    agreements.get(message.site_id).then(
      (read) => clients.route(message, routeOf(message, read)),
      (error: unknown) => app.log.error({ err: error }, 'alarm fan-out failed'),
    );
  });
  const unsubscribeAgreements = pokes.subscribeAgreements((siteId) => agreements.invalidate(siteId));
  // An ended agreement is an access change: nothing more may travel along it from now on.
  const unsubscribeAccess = pokes.subscribeAccessChange(() => agreements.invalidate('all'));

  const pinger = setInterval(() => sockets.forEach((_client, socket) => socket.ping()), PING_MS);
  pinger.unref();
  app.addHook('onClose', async () => {
    unsubscribe();
    unsubscribeAlarms();
    unsubscribeAgreements();
    unsubscribeAccess();
    guard.stop();
    clearInterval(pinger);
    clients.close();
    for (const socket of sockets.keys()) socket.close(1001, 'server shutting down');
  });

  app.get('/v1/realtime', { websocket: true, onRequest: requireDevice(db), config: { doc: { summary: 'Pokes, alarms, beacons and answers on a WebSocket (frames: shared/alarm, shared/sync/protocol)', auth: 'device', produces: 'websocket' } } }, (socket, request) => {
    const scope = deviceOf(request);
    const client: RealtimeClient = { scope, batches: batchesSchema.safeParse(request.query).data?.batch === '1', send: (data) => socket.send(data, { binary: false }) };
    sockets.set(socket, client);
    clients.add(client);
    guard.add(socket, scope.deviceId);
    pac?.attachSocket(scope.deviceId, socket);
    metrics.realtimeClients.set(clients.size);
    socket.on('close', () => {
      sockets.delete(socket);
      clients.delete(client);
      metrics.realtimeClients.set(clients.size);
    });
    socket.on('message', (data: Buffer) => {
      if (!guard.live(socket)) return; // access ended: nothing it says is relayed any more
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
