import { Presence } from '../../../shared/alarm/presence.js';
import { BEAT_MS, type Beacon, type PeerBeat, type Readiness } from '../../../shared/alarm/readiness.js';
import { newId } from '../../../shared/domain/ids.js';
import type { AlarmIdentity } from './alarm-identity.js';

export interface ReadinessDeps {
  identity: () => AlarmIdentity | null;
  /** Sends a beacon on every path; beacons are counted, never recorded. */
  broadcast: (beacon: Beacon) => void;
  paths: () => Readiness['paths'];
  emit: (readiness: Readiness) => void;
  now: () => Date;
  beatMs?: number;
}

/**
 * Supervision (docs/alarm.md, readiness): this PC beats on every path, counts the responders it hears,
 * and tells the counter when the answer to "can my alarm reach anyone?" changes.
 */
export class ReadinessMonitor {
  private readonly presence: Presence;
  private readonly timer: ReturnType<typeof setInterval>;
  private last = '';
  private lastReply = -Infinity;

  constructor(private readonly deps: ReadinessDeps) {
    const beatMs = deps.beatMs ?? BEAT_MS;
    this.presence = new Presence(beatMs);
    this.timer = setInterval(() => this.beat(), beatMs);
    this.timer.unref();
    queueMicrotask(() => this.beat());
  }

  heard(beacon: PeerBeat): void {
    const now = performance.now();
    // A newcomer learns about us now rather than at our next beat (at most once a second).
    if (this.presence.heard(beacon, now) && now - this.lastReply > 1_000) {
      this.lastReply = now;
      this.beat();
      return;
    }
    this.refresh();
  }

  readiness(): Readiness {
    return this.presence.readiness(performance.now(), this.deps.paths());
  }

  /** Beat now, e.g. when a path (re)opens, so peers need not wait for the next interval. */
  beat(): void {
    const me = this.deps.identity();
    if (me) {
      this.deps.broadcast({ v: 1, beacon: true, message_id: newId(), organisation_id: me.organisationId, site_id: me.siteId, device_id: me.deviceId, group: me.group, at: this.deps.now().toISOString() });
    }
    this.refresh();
  }

  dispose(): void {
    clearInterval(this.timer);
  }

  private refresh(): void {
    const readiness = this.readiness();
    const key = JSON.stringify(readiness);
    if (key === this.last) return;
    this.last = key;
    this.deps.emit(readiness);
  }
}
