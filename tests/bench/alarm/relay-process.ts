import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';

// The baseline: a bare `ws` relay in its own process, doing the least a relay for this job
// must do: alarm frames to every other socket of the site at once, beacons packed once a
// second, frames that leave in the same turn sharing one message (as the Vangnet server
// does), so both carry the same frames and bytes. No credentials, no database, no checks.
// --setup=<json file to write with {url, pid}>
const { values } = parseArgs({ options: { setup: { type: 'string' } } });
if (!values.setup) throw new Error('usage: --setup=<file>');

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 });
await new Promise((resolve) => server.once('listening', resolve));
const sites = new Map<string, Set<WebSocket>>();
const queues = new Map<WebSocket, string[]>();
let immediate: ReturnType<typeof setImmediate> | null = null;
const flush = () => {
  immediate = null;
  for (const [socket, frames] of queues) socket.send(frames.length === 1 ? (frames[0] as string) : `{"type":"batch","frames":[${frames.join(',')}]}`);
  queues.clear();
};
const beaconTimer = setInterval(flush, 1_000);

server.on('connection', (socket, request) => {
  const site = new URL(request.url ?? '/', 'http://relay').searchParams.get('site') ?? '';
  let peers = sites.get(site);
  if (!peers) sites.set(site, (peers = new Set()));
  peers.add(socket);
  socket.on('close', () => {
    peers.delete(socket);
    queues.delete(socket);
  });
  socket.on('message', (data: Buffer) => {
    const frame = data.toString();
    const beacon = frame.includes('"beacon":true');
    for (const peer of peers) {
      if (peer === socket) continue;
      let queue = queues.get(peer);
      if (!queue) queues.set(peer, (queue = []));
      queue.push(frame);
    }
    if (!beacon) immediate ??= setImmediate(flush);
  });
});

fs.writeFileSync(`${values.setup}.tmp`, JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, pid: process.pid }));
fs.renameSync(`${values.setup}.tmp`, values.setup);
const stop = () => {
  clearInterval(beaconTimer);
  if (immediate) clearImmediate(immediate);
  for (const socket of server.clients) socket.terminate();
  server.close(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
