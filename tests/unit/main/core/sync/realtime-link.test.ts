import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { PeerBeat } from '../../../../../shared/alarm/readiness.js';
import { newId } from '../../../../../shared/domain/ids.js';
import { openRealtimeLink, type RealtimeLink } from '../../../../../main/core/sync/realtime-link.js';
import { silentLogger } from '../../../../../main/core/logger.js';

let server: WebSocketServer | null = null;
let link: RealtimeLink | null = null;

afterEach(async () => {
  link?.close();
  link = null;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = null;
});

describe('realtime link', () => {
  it("counts a batch's beacons as peers, skips an unreadable one, and still takes the batch's frames", async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server?.once('listening', resolve));
    const peer = newId();
    server.on('connection', (socket) => socket.send(JSON.stringify({ type: 'batch', frames: [{ type: 'poke' }], beats: [[peer, 1], ['not-a-device', 1], [newId(), 9]] })));
    const beats: PeerBeat[] = [];
    const warnings: string[] = [];
    let pokes = 0;
    const logger = silentLogger();
    logger.warn = ((message: string) => void warnings.push(message)) as typeof logger.warn;
    link = openRealtimeLink(
      `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      'credential',
      { onPoke: () => void (pokes += 1), onAlarm: () => undefined, onPeerBeat: (beat) => void beats.push(beat), onPacStatus: () => undefined, onOpen: () => undefined, onClose: () => undefined },
      logger,
    );
    await expect.poll(() => warnings.length).toBe(2);
    expect(beats).toEqual([{ device_id: peer, group: 1 }]);
    // One poke on opening, one in the batch.
    expect(pokes).toBe(2);
    expect(warnings).toEqual(['ignored an unreadable beacon in a realtime batch', 'ignored an unreadable beacon in a realtime batch']);
  });
});
