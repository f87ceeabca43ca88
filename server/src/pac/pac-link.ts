import net from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { Dc09Error, decodeReply, encodeFrame, FrameSplitter, type Dc09Reply, type SenderToken } from './dc09.js';
import { eventData, type PacEvent } from './event-mapping.js';
import type { PacConfig } from './pac-config.js';

export interface PacLinkTiming {
  /** How long to wait for the receiver's ACK (and for a connection) per attempt. */
  ackTimeoutMs: number;
  /** Attempts per message, the first included; then the message has failed. */
  maxAttempts: number;
  /** Wait before the first retry; doubles with each further retry. */
  backoffMs: number;
  /** A NULL message after this long without any other message. */
  supervisionMs: number;
}

export type Delivery = 'delivered' | 'failed';

/** DC-09 sequence numbers run 0001-9999 per account and then wrap; replies echo them. */
export class SequenceCounters {
  private readonly last = new Map<string, number>();

  next(account: string): number {
    const next = ((this.last.get(account) ?? 0) % 9999) + 1;
    this.last.set(account, next);
    return next;
  }
}

type Outcome = { kind: 'reply'; reply: Dc09Reply } | { kind: 'bad_reply'; error: Dc09Error } | { kind: 'timeout' } | { kind: 'connection_lost'; error?: Error };

/**
 * One TCP link to one site's alarm receiving centre. Messages go one at a time (DC-09: wait
 * for the answer before the next), each retried with exponential back-off until the
 * receiver ACKs or the attempts run out. Nothing here throws to the caller: a dead or
 * babbling receiver ends as `failed` and a log line, never as a crash.
 */
export class PacLink {
  private socket: net.Socket | null = null;
  private splitter = new FrameSplitter();
  private waiting: { sequence: number; settle: (outcome: Outcome) => void } | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private supervision: ReturnType<typeof setTimeout> | null = null;
  private readonly sleeps = new Set<{ timer: ReturnType<typeof setTimeout>; wake: () => void }>();
  /** Receiver clock minus ours, learnt from a NAK, so retried timestamps pass its window. */
  private clockOffsetMs = 0;
  private closed = false;
  private closing = false;

  constructor(
    readonly config: PacConfig,
    private readonly sequences: SequenceCounters,
    private readonly timing: PacLinkTiming,
    private readonly logger: FastifyBaseLogger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.armSupervision();
  }

  /** Queues one alarm event; resolves once the receiver ACKed it or it finally failed. */
  send(event: PacEvent): Promise<Delivery> {
    const { data, extended } = eventData(this.config.token, this.config.account, event);
    return this.enqueue(this.config.token, data, extended, this.timing.maxAttempts);
  }

  /** Lets queued messages finish, then closes; or closes at once, failing what is left. */
  async close({ drain }: { drain: boolean }): Promise<void> {
    this.closing = true;
    if (this.supervision) clearTimeout(this.supervision);
    this.supervision = null;
    if (drain) await this.tail;
    this.closed = true;
    for (const sleep of this.sleeps) {
      clearTimeout(sleep.timer);
      sleep.wake();
    }
    this.waiting?.settle({ kind: 'connection_lost' });
    this.socket?.destroy();
    this.socket = null;
    await this.tail;
  }

  private enqueue(token: SenderToken, data: string, extended: string[], attempts: number): Promise<Delivery> {
    this.queued += 1;
    const result = this.tail.then(() => this.deliver(token, data, extended, attempts)).catch((error: unknown) => {
      this.logger.error({ err: error, site: this.config.site_id }, 'PAC delivery failed unexpectedly');
      return 'failed' as const;
    });
    this.tail = result.finally(() => {
      this.queued -= 1;
      this.armSupervision();
    });
    return result;
  }

  private async deliver(token: SenderToken, data: string, extended: string[], attempts: number): Promise<Delivery> {
    if (this.closed) return 'failed';
    const sequence = this.sequences.next(this.config.account);
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      if (attempt > 1) await this.sleep(this.timing.backoffMs * 2 ** (attempt - 2));
      if (this.closed) return 'failed';
      const frame = encodeFrame(
        { token, encrypted: this.config.key !== null, sequence, receiver: this.config.receiver, linePrefix: this.config.line_prefix, account: this.config.account, data, extended, timestamp: new Date(this.now().getTime() + this.clockOffsetMs) },
        { key: this.config.key },
      );
      const outcome = await this.exchange(frame, sequence);
      const log = { site: this.config.site_id, token, sequence, attempt };
      if (outcome.kind === 'reply') {
        const { reply } = outcome;
        if (reply.kind === 'ACK') return 'delivered';
        if (reply.kind === 'DUH') {
          this.logger.error(log, 'the alarm receiving centre cannot process this message (DUH); not retrying');
          return 'failed';
        }
        if (reply.receiverTime) this.clockOffsetMs = reply.receiverTime.getTime() - this.now().getTime();
        this.logger.warn({ ...log, clockOffsetMs: this.clockOffsetMs }, 'the alarm receiving centre refused the message (NAK); retrying');
      } else if (outcome.kind === 'bad_reply') {
        this.logger.warn({ ...log, reason: outcome.error.message }, 'refused an unreadable reply from the alarm receiving centre; retrying');
        this.dropSocket();
      } else {
        this.logger.warn({ ...log, outcome: outcome.kind, err: outcome.kind === 'connection_lost' ? outcome.error : undefined }, 'no answer from the alarm receiving centre; retrying');
        this.dropSocket();
      }
    }
    this.logger.error({ site: this.config.site_id, token, sequence, attempts }, 'the alarm receiving centre did not acknowledge; giving up');
    return 'failed';
  }

  /** Writes one frame and waits for the reply to its sequence number, a timeout, or a lost connection. */
  private async exchange(frame: Buffer, sequence: number): Promise<Outcome> {
    const connected = await this.connect();
    if (connected !== true) return connected;
    const socket = this.socket;
    if (!socket) return { kind: 'connection_lost' };
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => settle({ kind: 'timeout' }), this.timing.ackTimeoutMs);
      const settle = (outcome: Outcome) => {
        clearTimeout(timer);
        if (this.waiting?.settle === settle) this.waiting = null;
        resolve(outcome);
      };
      this.waiting = { sequence, settle };
      socket.write(frame);
    });
  }

  private connect(): Promise<true | Outcome> {
    if (this.socket && !this.socket.destroyed) return Promise.resolve(true);
    return new Promise((resolve) => {
      const socket = net.createConnection({ host: this.config.host, port: this.config.port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ kind: 'timeout' });
      }, this.timing.ackTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setKeepAlive(true, 30_000);
        this.socket = socket;
        this.splitter = new FrameSplitter();
        resolve(true);
      });
      socket.on('data', (chunk: Buffer) => {
        for (const raw of this.splitter.push(chunk)) this.onFrame(raw);
      });
      socket.on('error', (error) => {
        clearTimeout(timer);
        resolve({ kind: 'connection_lost', error });
        if (this.socket === socket) this.waiting?.settle({ kind: 'connection_lost', error });
      });
      socket.on('close', () => {
        clearTimeout(timer);
        resolve({ kind: 'connection_lost' });
        if (this.socket === socket) {
          this.socket = null;
          this.waiting?.settle({ kind: 'connection_lost' });
        }
      });
    });
  }

  private onFrame(raw: Buffer): void {
    const waiting = this.waiting;
    let reply: Dc09Reply;
    try {
      reply = decodeReply(raw, this.config.key);
    } catch (error) {
      if (!waiting) return this.logger.warn({ site: this.config.site_id, reason: (error as Error).message }, 'ignored an unreadable frame from the alarm receiving centre');
      return waiting.settle({ kind: 'bad_reply', error: error instanceof Dc09Error ? error : new Dc09Error('FORMAT', String(error)) });
    }
    if (!waiting) return this.logger.warn({ site: this.config.site_id, reply: reply.kind }, 'ignored a reply nobody was waiting for');
    // A late ACK of an attempt we gave up on says nothing about this one.
    if (reply.kind !== 'NAK' && reply.sequence !== waiting.sequence) return this.logger.warn({ site: this.config.site_id, got: reply.sequence, want: waiting.sequence }, 'ignored a reply to another sequence number');
    if (reply.kind !== 'NAK' && reply.account !== this.config.account) return waiting.settle({ kind: 'bad_reply', error: new Dc09Error('FORMAT', `reply for account ${reply.account}, not ${this.config.account}`) });
    waiting.settle({ kind: 'reply', reply });
  }

  private dropSocket(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.sleeps.delete(entry);
          resolve();
        }, ms),
        wake: () => resolve(),
      };
      this.sleeps.add(entry);
    });
  }

  /** Restarted after every message: the NULL goes only when the link has been quiet. */
  private armSupervision(): void {
    if (this.closing) return;
    if (this.supervision) clearTimeout(this.supervision);
    this.supervision = setTimeout(() => {
      this.supervision = null;
      if (this.queued > 0 || this.closed) return;
      void this.enqueue('NULL', '', [], 1).then((delivery) => {
        if (delivery === 'failed') this.logger.error({ site: this.config.site_id }, 'supervision: the alarm receiving centre did not acknowledge the NULL message');
      });
    }, this.timing.supervisionMs);
    this.supervision.unref();
  }
}
