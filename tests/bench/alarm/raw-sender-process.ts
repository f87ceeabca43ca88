import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import WebSocket, { WebSocketServer } from 'ws';
import { newId } from '../../../shared/domain/ids.js';

// The baseline's sender: a process the bench presses over a local WebSocket (as it presses
// the web host over its bridge), which sends one alarm frame on the relay and beacons every
// 5 s. The frame has the shape and size of a Vangnet alarm message.
// --relay=<url> --site=<id> --organisation=<id> --device=<id> --setup=<json file to write>
const { values } = parseArgs({ options: { relay: { type: 'string' }, site: { type: 'string' }, organisation: { type: 'string' }, device: { type: 'string' }, setup: { type: 'string' } } });
const { relay, site, organisation, device, setup } = values;
if (!relay || !site || !organisation || !device || !setup) throw new Error('usage: --relay= --site= --organisation= --device= --setup=');

const upstream = new WebSocket(`${relay.replace(/^http/, 'ws')}/?site=${site}&device=${device}`);
await new Promise((resolve, reject) => upstream.once('open', resolve).once('error', reject));
upstream.on('message', () => undefined);
const beat = setInterval(() => upstream.send(JSON.stringify({ type: 'alarm', message: { v: 1, beacon: true, message_id: newId(), organisation_id: organisation, site_id: site, device_id: device, group: 1, at: new Date().toISOString() } })), 5_000);

const presses = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise((resolve) => presses.once('listening', resolve));
presses.on('connection', (socket) =>
  socket.on('message', (data: Buffer) => {
    const { id, call } = JSON.parse(data.toString()) as { id: number; call: string };
    // Anything but a press is only asked to see that this process keeps up.
    if (call !== 'alarm.raise') return socket.send(JSON.stringify({ type: 'result', id, result: { ok: true, value: null } }));
    const alarmId = newId();
    const message = { v: 1, message_id: newId(), alarm_id: alarmId, event: 'raised', level: 'emergency', drill: false, organisation_id: organisation, site_id: site, from: { device_id: device, desk: 'Balie 1', floor: '1', person: '', site: 'Stadskantoor' }, at: new Date().toISOString(), step: 0 };
    upstream.send(JSON.stringify({ type: 'alarm', message }));
    socket.send(JSON.stringify({ type: 'result', id, result: { ok: true, value: { alarmId } } }));
  }),
);

fs.writeFileSync(`${setup}.tmp`, JSON.stringify({ url: `http://127.0.0.1:${(presses.address() as AddressInfo).port}`, pid: process.pid }));
fs.renameSync(`${setup}.tmp`, setup);
const stop = () => {
  clearInterval(beat);
  upstream.terminate();
  for (const socket of presses.clients) socket.terminate();
  presses.close(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
