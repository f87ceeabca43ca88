import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { inProcessRelay } from '../../../server/src/realtime/relay-bus.js';
import { SocketGuard } from '../../../server/src/realtime/socket-guard.js';

const quiet = { info: () => undefined, error: () => undefined } as unknown as FastifyBaseLogger;

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('the socket guard', () => {
  it("re-checking thousands of sockets leaves the event loop a turn between chunks, so an alarm does not wait for all of them", async () => {
    let chunksDone = 0;
    // A synchronous store (better-sqlite3 behind a promise): each chunk's query holds the thread.
    const stillAllowed = (ids: readonly string[]) => {
      busy(3);
      chunksDone += 1;
      return Promise.resolve(ids);
    };
    const guard = new SocketGuard(stillAllowed, inProcessRelay(), quiet, 60_000);
    for (let i = 0; i < 5_000; i += 1) guard.add({ once: () => undefined, readyState: 1, OPEN: 1 } as unknown as WebSocket, `device-${i}`);
    const running = guard.recheck();
    const seenAfter = await new Promise<number>((resolve) => setImmediate(() => resolve(chunksDone)));
    await running;
    guard.stop();
    expect(chunksDone).toBe(25);
    // Before: every chunk ran before the next turn of the event loop.
    expect(seenAfter).toBeLessThan(5);
  });
});
