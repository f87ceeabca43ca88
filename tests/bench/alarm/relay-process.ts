import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';

// The baseline: a bare `ws` relay in its own process, doing the least a relay for this job
// must do, framed as the Vangnet server frames it: alarm frames to the site's sockets in the
// same turn, beacons packed once a second, one message built per site and written to each
// socket, so both carry the same frames and bytes (a beacon packed as [device_id, group]); a
// "delivered" only to the PC that raised the alarm, named in its origin. No credentials, no
// database, no checks.
// --setup=<json file to write with {url, pid}>
const { values } = parseArgs({ options: { setup: { type: 'string' } } });
if (!values.setup) throw new Error('usage: --setup=<file>');

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 });
await new Promise((resolve) => server.once('listening', resolve));
interface Site {
  sockets: Set<WebSocket>;
  queue: string[];
  beats: Map<string, string>;
}
const sites = new Map<string, Site>();
const urgent = new Set<Site>();
let immediate: ReturnType<typeof setImmediate> | null = null;
// The turn after an alarm sends only the sites with an alarm waiting, as the server does.
const flush = (which: Iterable<Site>) => {
  immediate = null;
  for (const site of which) {
    urgent.delete(site);
    if (site.queue.length === 0 && site.beats.size === 0) continue;
    const beats = [...site.beats.values()];
    const data = site.queue.length === 1 && beats.length === 0 ? (site.queue[0] as string) : `{"type":"batch","frames":[${site.queue.join(',')}]${beats.length > 0 ? `,"beats":[${beats.join(',')}]` : ''}}`;
    site.queue = [];
    site.beats.clear();
    for (const socket of site.sockets) socket.send(data);
  }
};
const beaconTimer = setInterval(() => flush(sites.values()), 1_000);

const devices = new Map<string, WebSocket>();
server.on('connection', (socket, request) => {
  const query = new URL(request.url ?? '/', 'http://relay').searchParams;
  const id = query.get('site') ?? '';
  const device = query.get('device') ?? '';
  devices.set(device, socket);
  let site = sites.get(id);
  if (!site) sites.set(id, (site = { sockets: new Set(), queue: [], beats: new Map() }));
  const { sockets } = site;
  sockets.add(socket);
  socket.on('close', () => {
    sockets.delete(socket);
    devices.delete(device);
  });
  socket.on('message', (data: Buffer) => {
    const frame = data.toString();
    if (frame.includes('"event":"delivered"')) {
      const origin = (JSON.parse(frame) as { message: { origin?: { device_id?: string } } }).message.origin?.device_id;
      return void devices.get(origin ?? '')?.send(frame);
    }
    if (frame.includes('"beacon":true')) {
      const { message } = JSON.parse(frame) as { message: { device_id: string; group: number } };
      return void site.beats.set(message.device_id, JSON.stringify([message.device_id, message.group]));
    }
    site.queue.push(frame);
    urgent.add(site);
    immediate ??= setImmediate(() => flush(urgent));
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
