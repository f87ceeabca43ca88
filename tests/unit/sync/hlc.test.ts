import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clampFuture, formatHlc, HybridLogicalClock, MAX_FUTURE_DRIFT_MS, parseHlc } from '../../../shared/sync/hlc.js';

describe('hybrid logical clock', () => {
  it('orders stamps by string comparison, including across counter and wall digits', () => {
    const a = formatHlc({ wall: 1_700_000_000_000, counter: 35, node: 'a' });
    const b = formatHlc({ wall: 1_700_000_000_000, counter: 36, node: 'a' });
    const c = formatHlc({ wall: 1_700_000_000_001, counter: 0, node: 'a' });
    expect([c, b, a].sort()).toEqual([a, b, c]);
    expect(parseHlc(b)).toEqual({ wall: 1_700_000_000_000, counter: 36, node: 'a' });
  });

  it('stays strictly monotonic whatever the wall clock does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { minLength: 1, maxLength: 200 }), (jumps) => {
        let wall = 1_800_000_000_000;
        const clock = new HybridLogicalClock('node', null, () => wall);
        let previous = clock.now();
        for (const jump of jumps) {
          wall += jump;
          const next = clock.now();
          expect(next > previous).toBe(true);
          previous = next;
        }
      }),
    );
  });

  it('carries on after a restart with the wall clock set back (persisted last stamp)', () => {
    const first = new HybridLogicalClock('node', null, () => 2_000_000_000_000);
    const last = first.now();
    const restarted = new HybridLogicalClock('node', last, () => 1_000_000_000_000);
    expect(restarted.now() > last).toBe(true);
  });

  it('moves past stamps it observes from other replicas', () => {
    const clock = new HybridLogicalClock('me', null, () => 1_000);
    const remote = formatHlc({ wall: 5_000, counter: 7, node: 'other' });
    clock.observe(remote);
    expect(clock.now() > remote).toBe(true);
  });

  it('lets the server clamp stamps too far in the future', () => {
    const now = 1_800_000_000_000;
    const far = formatHlc({ wall: now + MAX_FUTURE_DRIFT_MS + 60_000, counter: 0, node: 'n' });
    const near = formatHlc({ wall: now + 1_000, counter: 0, node: 'n' });
    expect(parseHlc(clampFuture(far, now)).wall).toBe(now + MAX_FUTURE_DRIFT_MS);
    expect(clampFuture(near, now)).toBe(near);
  });
});
