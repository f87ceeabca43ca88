import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStore } from '../../../../../main/core/db/open-store.js';
import { silentLogger } from '../../../../../main/core/logger.js';
import { ReplicaStore } from '../../../../../main/core/sync/replica-store.js';
import { SyncEngine } from '../../../../../main/core/sync/sync-engine.js';
import { SyncHttpError, type SyncTransport } from '../../../../../main/core/sync/transport.js';
import { newId } from '../../../../../shared/domain/ids.js';
import type { PullResponse, PushRequest, PushResponse } from '../../../../../shared/sync/protocol.js';
import { tempDir } from '../../../../support/temp-dir.js';
import { TEST_STORE_KEY } from '../../../../support/test-keys.js';

/** A network that fails a scripted number of times, then answers like a server with nothing new. */
class FlakyTransport implements SyncTransport {
  calls: number[] = [];
  pulls = 0;
  constructor(
    private failuresLeft: number,
    private readonly error: () => Error = () => new SyncHttpError('NETWORK', 0, 'unreachable'),
  ) {}
  push(request: PushRequest): Promise<PushResponse> {
    this.calls.push(Date.now());
    if (this.failuresLeft-- > 0) return Promise.reject(this.error());
    return Promise.resolve({ acked_through: request.ops.at(-1)?.device_seq ?? 0, rejected: [], server_time: new Date().toISOString() });
  }
  pull(): Promise<PullResponse> {
    this.pulls += 1;
    return Promise.resolve({ epoch: 'e', reset: false, rows: [], cursor: 0, has_more: false });
  }
}

function replicaWithOneChange() {
  const store = openStore({ key: TEST_STORE_KEY, dataDir: tempDir() });
  const replica = new ReplicaStore(store.write, store.read, newId(), () => new Date());
  replica.writeRow('incident', newId(), { occurred_at: '2026-11-28T09:00:00.000Z', channel: 'counter', forms: ['threat'], status: 'open' }, { organisationId: newId(), siteId: newId() });
  return replica;
}

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
afterEach(() => vi.useRealTimers());

describe('SyncEngine', () => {
  it('backs off with growing, jittered delays and re-arms itself until the push gets through', async () => {
    const replica = replicaWithOneChange();
    const transport = new FlakyTransport(6);
    const engine = new SyncEngine({ store: replica, transport, logger: silentLogger(), random: () => 0.5, pollMs: 30_000 });
    engine.start();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(transport.calls).toHaveLength(7);
    const gaps = transport.calls.slice(1).map((at, i) => at - (transport.calls[i] as number));
    // Full jitter at random()=0.5: half of 1 s, 2 s, 4 s, 8 s, 16 s, 32 s.
    expect(gaps).toEqual([500, 1_000, 2_000, 4_000, 8_000, 16_000]);
    expect(replica.pendingCount()).toBe(0);
    expect(engine.phase).toBe('idle');
    await engine.stop();
  });

  it('never waits longer than the cap, and keeps polling after success', async () => {
    const replica = replicaWithOneChange();
    const transport = new FlakyTransport(30);
    const engine = new SyncEngine({ store: replica, transport, logger: silentLogger(), random: () => 0.999, pollMs: 30_000 });
    engine.start();
    await vi.advanceTimersByTimeAsync(40 * 60_000);
    const gaps = transport.calls.slice(1).map((at, i) => at - (transport.calls[i] as number));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(60_000);
    expect(transport.calls).toHaveLength(31); // 30 failures, then through
    expect(transport.pulls).toBeGreaterThanOrEqual(3); // and then it keeps polling on its own
    await engine.stop();
  });

  it('says offline while the network is down, and stops (keeping the work) when the credential is revoked', async () => {
    const replica = replicaWithOneChange();
    const engine = new SyncEngine({ store: replica, transport: new FlakyTransport(1), logger: silentLogger(), random: () => 0.5 });
    engine.start();
    await vi.advanceTimersByTimeAsync(1);
    expect(engine.phase).toBe('offline');
    await engine.stop();

    const revoked = new FlakyTransport(Number.POSITIVE_INFINITY, () => new SyncHttpError('DEVICE_REVOKED', 401, 'revoked'));
    const stopped = new SyncEngine({ store: replica, transport: revoked, logger: silentLogger() });
    stopped.start();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(stopped.phase).toBe('revoked');
    expect(revoked.calls).toHaveLength(1);
    expect(replica.pendingCount()).toBe(1);
  });

  it('a server older than the desk: says so, keeps the work, and goes on by itself once the server is upgraded', async () => {
    const replica = replicaWithOneChange();
    const tooOld = new FlakyTransport(3, () => new SyncHttpError('SCHEMA_UNSUPPORTED', 409, 'this server speaks sync schema 1..1'));
    const engine = new SyncEngine({ store: replica, transport: tooOld, logger: silentLogger(), random: () => 0.5 });
    engine.start();
    await vi.advanceTimersByTimeAsync(1);
    expect(engine.phase).toBe('incompatible');
    expect(replica.pendingCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(engine.phase).toBe('idle');
    expect(replica.pendingCount()).toBe(0);
    await engine.stop();
  });

  it('pulls although the push failed; a credential refused on that pull stops it, a failed push alone is what it reports', async () => {
    const replica = replicaWithOneChange();
    let pullError: Error | null = null;
    const transport: SyncTransport & { pulls: number } = {
      pulls: 0,
      push: () => Promise.reject(new SyncHttpError('UNAVAILABLE', 503, 'the server is busy')),
      pull() {
        this.pulls += 1;
        return pullError ? Promise.reject(pullError) : Promise.resolve({ epoch: 'e', reset: false, rows: [], cursor: 0, has_more: false });
      },
    };
    const engine = new SyncEngine({ store: replica, transport, logger: silentLogger(), random: () => 0.5 });
    await engine.syncNow();
    expect(transport.pulls).toBe(1);
    expect(engine.phase).toBe('error');
    expect(replica.syncState().last_error).toBe('push: the server is busy');
    pullError = new SyncHttpError('DEVICE_REVOKED', 401, 'revoked');
    await engine.syncNow();
    expect(engine.phase).toBe('revoked');
    expect(replica.syncState().last_error).toBe('pull: revoked');
    await engine.stop();
  });
});
