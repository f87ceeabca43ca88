import { z } from 'zod';

/**
 * Hybrid logical clock stamps as fixed-width strings, so that plain string order is
 * causal order: 15-digit wall ms, 6-char base-36 counter, node id (tie-break).
 */
const WALL_DIGITS = 15;
const COUNTER_CHARS = 6;
const MAX_COUNTER = 36 ** COUNTER_CHARS - 1;

/** The one definition of a stamp's shape; pulled clocks are checked against it without zod's per-field cost. */
export const HLC_PATTERN = /^\d{15}-[0-9a-z]{6}-[0-9a-z-]{1,64}$/;
export const hlcSchema = z.string().regex(HLC_PATTERN, { error: 'invalid_hlc' });
export type HlcStamp = z.infer<typeof hlcSchema>;

export interface HlcParts {
  wall: number;
  counter: number;
  node: string;
}

export function formatHlc({ wall, counter, node }: HlcParts): HlcStamp {
  return `${String(wall).padStart(WALL_DIGITS, '0')}-${counter.toString(36).padStart(COUNTER_CHARS, '0')}-${node}`;
}

export function parseHlc(stamp: HlcStamp): HlcParts {
  const wall = Number(stamp.slice(0, WALL_DIGITS));
  const counter = parseInt(stamp.slice(WALL_DIGITS + 1, WALL_DIGITS + 1 + COUNTER_CHARS), 36);
  return { wall, counter, node: stamp.slice(WALL_DIGITS + COUNTER_CHARS + 2) };
}

/** The stamp before every other: a field never written. */
export const HLC_ZERO = formatHlc({ wall: 0, counter: 0, node: '0' });

export function maxHlc(a: HlcStamp, b: HlcStamp): HlcStamp {
  return a > b ? a : b;
}

/**
 * A clock that never goes backwards, even when the wall clock does (NTP step, a user
 * changing the time, a restart): it carries on from the last stamp it gave out.
 */
export class HybridLogicalClock {
  private last: HlcParts;

  constructor(
    private readonly node: string,
    lastIssued: HlcStamp | null,
    private readonly wallNow: () => number,
  ) {
    this.last = lastIssued ? parseHlc(lastIssued) : { wall: 0, counter: 0, node };
  }

  /** A stamp for a local event, later than any stamp seen or issued. */
  now(): HlcStamp {
    const wall = Math.max(this.wallNow(), this.last.wall);
    const counter = wall === this.last.wall ? this.last.counter + 1 : 0;
    return this.issue(wall, counter);
  }

  /** The last stamp given out or observed, to persist beside the data it ordered. */
  latest(): HlcStamp {
    return formatHlc(this.last);
  }

  /** Moves past a stamp from another replica, so our next stamp orders after it. */
  observe(remote: HlcStamp): void {
    const seen = parseHlc(remote);
    if (seen.wall > this.last.wall || (seen.wall === this.last.wall && seen.counter > this.last.counter)) {
      this.last = { wall: seen.wall, counter: seen.counter, node: this.node };
    }
  }

  private issue(wall: number, counter: number): HlcStamp {
    if (counter > MAX_COUNTER) return this.issue(wall + 1, 0);
    this.last = { wall, counter, node: this.node };
    return formatHlc(this.last);
  }
}

/** Stamps further ahead of the server's clock than this are pulled back: one PC with a clock far ahead would otherwise win every later edit. */
export const MAX_FUTURE_DRIFT_MS = 5 * 60 * 1000;

export function clampFuture(stamp: HlcStamp, serverWall: number): HlcStamp {
  const parts = parseHlc(stamp);
  const limit = serverWall + MAX_FUTURE_DRIFT_MS;
  return parts.wall > limit ? formatHlc({ ...parts, wall: limit }) : stamp;
}
