import { BEAT_MS, MISSED_BEATS_OFFLINE, type PeerBeat, type Readiness } from './readiness.js';

/**
 * Who has been heard lately, and on which path. Pure: the caller passes the time, so
 * "offline after three missed beats" is testable to the millisecond.
 */
export class Presence {
  private readonly lastHeard = new Map<string, { group: number; at: number }>();

  constructor(private readonly beatMs: number = BEAT_MS) {}

  /** True when this PC was not counted before: a newcomer, or back after being offline. */
  heard(beacon: PeerBeat, atMs: number): boolean {
    const before = this.lastHeard.get(beacon.device_id);
    if (before && before.at > atMs) return false;
    this.lastHeard.set(beacon.device_id, { group: beacon.group, at: atMs });
    return !before;
  }

  /** Peers heard within the last three beat intervals; older ones are forgotten. */
  readiness(nowMs: number, paths: Readiness['paths']): Readiness {
    let responders = 0;
    let escalation = 0;
    for (const [device, { group, at }] of this.lastHeard) {
      // A beat a little late (a busy PC, a slow network) is not yet a missed one.
      if (nowMs - at > MISSED_BEATS_OFFLINE * this.beatMs + this.beatMs / 5) {
        this.lastHeard.delete(device);
        continue;
      }
      if (group === 1) responders += 1;
      else if (group > 1) escalation += 1;
    }
    return { responders, escalation, paths, reachable: responders > 0 && (paths.server || paths.lan) };
  }
}
