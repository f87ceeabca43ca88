import type { Logger } from '../logger.js';
import type { ReplicaStore } from './replica-store.js';
import { pullAll, pushAll } from './sync-round.js';
import { SyncHttpError, type SyncTransport } from './transport.js';

export type SyncPhase = 'idle' | 'syncing' | 'offline' | 'error' | 'incompatible' | 'revoked';

export interface SyncEngineOptions {
  store: ReplicaStore;
  transport: SyncTransport;
  logger: Logger;
  onChange?: () => void;
  /** Rows from other PCs were folded in. */
  onPulled?: () => void;
  /** A round went through: the server is reachable (the realtime socket need not wait out its backoff). */
  onRoundSucceeded?: () => void;
  random?: () => number;
  /** Even with no poke, look for news this often (the fallback when pokes are lost). */
  pollMs?: number;
  pullPageSize?: number;
}

const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 60_000;

/**
 * Push everything queued, then pull everything new; on failure back off with full
 * jitter and try again. The timer is re-armed after every round, success or not, so
 * the loop never stops by accident, only by stop() or a revoked credential.
 */
export class SyncEngine {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private failures = 0;
  private phaseNow: SyncPhase = 'idle';
  private readonly random: () => number;
  private readonly pollMs: number;
  private readonly pageSize: number;

  constructor(private readonly options: SyncEngineOptions) {
    this.random = options.random ?? Math.random;
    this.pollMs = options.pollMs ?? 30_000;
    this.pageSize = options.pullPageSize ?? 1_000;
  }

  get phase(): SyncPhase {
    return this.phaseNow;
  }

  start(): void {
    this.stopped = false;
    this.arm(0);
  }

  /** After a local write or a poke: sync soon. */
  requestSync(): void {
    if (this.stopped || this.phaseNow === 'revoked') return;
    if (this.running) this.again = true;
    else this.arm(0);
  }

  /** Runs one round now and resolves when it is over (used by "sync now" and tests). */
  async syncNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      await this.running;
    }
    await this.round();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private arm(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.round();
    }, delayMs);
    this.timer.unref?.();
  }

  private round(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.runRound().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.arm(0);
      }
    });
    return this.running;
  }

  private async runRound(): Promise<void> {
    if (this.phaseNow === 'revoked') return;
    this.setPhase('syncing');
    const { store, transport, onChange, onPulled } = this.options;
    // A push that fails must not cut the PC off from everyone else's changes: pull anyway.
    const pushed = await pushAll(store, transport, onChange).then(
      () => null,
      (error: unknown) => error,
    );
    if (pushed instanceof SyncHttpError && pushed.permanent) return this.fail(pushed, 'push');
    try {
      const pulled = await pullAll(store, transport, this.pageSize, onChange);
      if (pulled.rows > 0 || pulled.reset) onPulled?.();
      if (pulled.reset) this.options.logger.warn({ requeued: pulled.requeued }, 'the server asked for a full re-sync; done');
      // Writes queued again for a restored server go out now, not at the next poll.
      if (pulled.requeued > 0) this.again = true;
      // The server answered: the realtime socket need not wait out its backoff, even if the push failed.
      this.options.onRoundSucceeded?.();
    } catch (error) {
      // A refused credential outranks everything; otherwise the push's failure is the one to tell.
      const revoked = error instanceof SyncHttpError && error.permanent;
      return revoked || pushed === null ? this.fail(error, 'pull') : this.fail(pushed, 'push');
    }
    if (pushed !== null) return this.fail(pushed, 'push');
    this.failures = 0;
    this.options.store.recordOutcome(null);
    this.setPhase('idle');
    this.arm(this.pollMs);
  }

  /** Says what failed (the push's failure first: unsent work is what the user must know about), then backs off. */
  private fail(error: unknown, step: 'push' | 'pull'): void {
    this.failures += 1;
    this.options.store.recordOutcome(`${step}: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof SyncHttpError && error.permanent) {
      this.options.logger.error({ err: error }, 'sync stopped: the server refuses this device');
      this.setPhase('revoked');
      return;
    }
    const delay = this.backoff();
    this.options.logger.warn({ err: error, step, retryInMs: Math.round(delay) }, 'sync failed; retrying');
    // A server older than this desk refuses every request until it is upgraded; then it goes on by itself.
    this.setPhase(error instanceof SyncHttpError ? (error.code === 'NETWORK' ? 'offline' : error.code === 'SCHEMA_UNSUPPORTED' ? 'incompatible' : 'error') : 'error');
    this.arm(delay);
  }

  private backoff(): number {
    const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(this.failures, 16));
    return Math.max(250, this.random() * ceiling);
  }

  private setPhase(phase: SyncPhase): void {
    if (phase === this.phaseNow) return;
    this.phaseNow = phase;
    this.options.onChange?.();
  }
}
