import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { ServerDatabase } from '../db/schema.js';
import type { DeviceScope } from '../tenancy/devices.js';
import type { RelayBus } from './relay-bus.js';

/** How often every live socket's credential is checked again, when no notification says so sooner. */
export const DEFAULT_RECHECK_MS = 10_000;
/** A peer that ignores the close handshake is cut off after this. */
const TERMINATE_AFTER_MS = 1_000;
const CHUNK = 200;

/**
 * A socket is authenticated once, when it opens, but access can end while it is open: a
 * device revoked, its organisation disabled. The guard checks every live socket again when
 * any instance announces an access change (PostgreSQL NOTIFY) and every `recheckMs` anyway
 * (a CLI on SQLite cannot notify), and closes those whose credential no longer holds.
 * Agreements need no narrowing here: the audience of each alarm is read afresh.
 */
export class SocketGuard {
  private readonly sockets = new Map<WebSocket, DeviceScope>();
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly db: Kysely<ServerDatabase>,
    pokes: RelayBus,
    private readonly log: FastifyBaseLogger,
    recheckMs = DEFAULT_RECHECK_MS,
  ) {
    this.unsubscribe = pokes.subscribeAccessChange(() => void this.recheck());
    this.timer = setInterval(() => void this.recheck(), recheckMs);
    this.timer.unref();
  }

  add(socket: WebSocket, scope: DeviceScope): void {
    this.sockets.set(socket, scope);
    socket.once('close', () => this.sockets.delete(socket));
  }

  /** Still allowed to speak: open and not being closed for lost access. */
  live(socket: WebSocket): boolean {
    return socket.readyState === socket.OPEN && this.sockets.has(socket);
  }

  /** Closes every socket of this device on this instance now. */
  closeDevice(deviceId: string, reason = 'device revoked'): void {
    for (const [socket, scope] of this.sockets) if (scope.deviceId === deviceId) this.cut(socket, deviceId, reason);
  }

  /** Runs one check; a change announced during a check runs another right after it. */
  recheck(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.checkAll()
      .catch((error: unknown) => this.log.error({ err: error }, 'realtime credential re-check failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          void this.recheck();
        }
      });
    return this.running;
  }

  stop(): void {
    clearInterval(this.timer);
    this.unsubscribe();
  }

  private async checkAll(): Promise<void> {
    const ids = [...new Set([...this.sockets.values()].map((scope) => scope.deviceId))];
    const allowed = new Set<string>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('device')
        .innerJoin('organisation', 'organisation.id', 'device.organisation_id')
        .select('device.id')
        .where('device.id', 'in', ids.slice(i, i + CHUNK))
        .where('device.revoked_at', 'is', null)
        .where('organisation.disabled_at', 'is', null)
        .execute();
      rows.forEach((row) => allowed.add(row.id));
    }
    for (const id of ids) if (!allowed.has(id)) this.closeDevice(id, 'access ended');
  }

  private cut(socket: WebSocket, deviceId: string, reason: string): void {
    this.sockets.delete(socket);
    this.log.info({ device: deviceId }, `closing a realtime socket: ${reason}`);
    // 1008: policy violation; the client reconnects, is refused with 401 and says so on screen.
    socket.close(1008, reason);
    setTimeout(() => socket.terminate(), TERMINATE_AFTER_MS).unref();
  }
}
