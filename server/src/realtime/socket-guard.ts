import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { RelayBus } from './relay-bus.js';

/** How often every live socket's credential is checked again, when no notification says so sooner. */
export const DEFAULT_RECHECK_MS = 10_000;
/** A peer that ignores the close handshake is cut off after this. */
const TERMINATE_AFTER_MS = 1_000;
const CHUNK = 200;

/** Of these credential holders (devices, or displays), the ids still allowed now. */
export type StillAllowed = (ids: readonly string[]) => Promise<Iterable<string>>;

/**
 * A socket is authenticated once, when it opens, but access can end while it is open: a
 * device or display revoked, its organisation disabled. The guard checks every live socket again when
 * any instance announces an access change (PostgreSQL NOTIFY) and every `recheckMs` anyway
 * (a CLI on SQLite cannot notify), and closes those whose credential no longer holds.
 * Agreements need no narrowing here: the audience of each alarm is read afresh.
 */
export class SocketGuard {
  /** Each socket's holder: a device id or a display id, as `stillAllowed` knows them. */
  private readonly sockets = new Map<WebSocket, string>();
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly stillAllowed: StillAllowed,
    pokes: RelayBus,
    private readonly log: FastifyBaseLogger,
    recheckMs = DEFAULT_RECHECK_MS,
  ) {
    this.unsubscribe = pokes.subscribeAccessChange(() => void this.recheck());
    this.timer = setInterval(() => void this.recheck(), recheckMs);
    this.timer.unref();
  }

  add(socket: WebSocket, holderId: string): void {
    this.sockets.set(socket, holderId);
    socket.once('close', () => this.sockets.delete(socket));
  }

  /** Still allowed to speak: open and not being closed for lost access. */
  live(socket: WebSocket): boolean {
    return socket.readyState === socket.OPEN && this.sockets.has(socket);
  }

  /** Closes every socket of this device (or display) on this instance now. */
  closeHolder(holderId: string, reason = 'revoked'): void {
    for (const [socket, holder] of this.sockets) if (holder === holderId) this.cut(socket, holderId, reason);
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
    const ids = [...new Set(this.sockets.values())];
    const allowed = new Set<string>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      for (const id of await this.stillAllowed(ids.slice(i, i + CHUNK))) allowed.add(id);
      // On SQLite each query runs synchronously and its promise settles as a microtask: without
      // a real turn between chunks, 5,000 sockets' checks held the event loop (and any alarm) for
      // their whole length every 10 s.
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const id of ids) if (!allowed.has(id)) this.closeHolder(id, 'access ended');
  }

  private cut(socket: WebSocket, holderId: string, reason: string): void {
    this.sockets.delete(socket);
    this.log.info({ holder: holderId }, `closing a realtime socket: ${reason}`);
    // 1008: policy violation; the client reconnects, is refused with 401 and says so on screen.
    socket.close(1008, reason);
    setTimeout(() => socket.terminate(), TERMINATE_AFTER_MS).unref();
  }
}
