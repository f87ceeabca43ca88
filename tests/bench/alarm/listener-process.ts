import { randomInt } from 'node:crypto';
import WebSocket from 'ws';
import { newId } from '../../../shared/domain/ids.js';
import { sharedClock } from './clock.js';
import type { BenchDevice, FromListeners, ToListeners } from './protocol.js';

// Simulated PCs in a process of their own: one realtime socket each, with a real device
// credential. Like a PC, each answers "delivered" to every alarm it hears and beacons every
// 5 s. Driven by the bench over IPC. It reads every message, but parses only those that hold
// a raised alarm: hundreds of PCs share this process, and at 1,000 a site the others'
// answers are 400 MB a press; parsing all of them here would time this simulator, where a
// real PC parses only its own 400 KB.

interface AlarmFrame {
  type: string;
  frames?: AlarmFrame[];
  message?: { beacon?: true; event?: string; alarm_id?: string; level?: string; drill?: boolean; organisation_id?: string; site_id?: string; from?: { device_id?: string } };
}

const send = (message: FromListeners) => process.send?.(message);
const sockets: WebSocket[] = [];
const timers: ReturnType<typeof setTimeout>[] = [];
let hits: [string, string, number][] = [];
let reporting: ReturnType<typeof setImmediate> | null = null;

function heard(alarmId: string, deviceId: string, at: number): void {
  hits.push([alarmId, deviceId, at]);
  reporting ??= setImmediate(() => {
    reporting = null;
    send({ type: 'heard', hits });
    hits = [];
  });
}

function open(url: string, mode: 'vangnet' | 'raw', device: BenchDevice): Promise<WebSocket | null> {
  const target = mode === 'vangnet' ? `${url.replace(/^http/, 'ws')}/v1/realtime?batch=1` : `${url.replace(/^http/, 'ws')}/?site=${device.siteId}&device=${device.id}`;
  const ws = new WebSocket(target, { headers: { authorization: `Bearer ${device.credential}` }, handshakeTimeout: 30_000 });
  const onFrame = (frame: AlarmFrame) => {
    if (frame.type === 'batch') return frame.frames?.forEach(onFrame);
    const message = frame.message;
    if (frame.type !== 'alarm' || !message || message.beacon || message.event !== 'raised' || !message.alarm_id) return;
    heard(message.alarm_id, device.id, sharedClock());
    // Like a PC, it names the alarm's origin: only that PC needs the answer.
    const origin = { organisation_id: message.organisation_id, site_id: message.site_id, device_id: message.from?.device_id };
    const delivered = { v: 1, message_id: newId(), alarm_id: message.alarm_id, event: 'delivered', level: message.level, drill: message.drill, organisation_id: device.organisationId, site_id: device.siteId, from: { device_id: device.id, desk: 'Balie', floor: '1', person: '', site: 'Stadskantoor' }, at: new Date().toISOString(), step: 0, origin };
    ws.send(JSON.stringify({ type: 'alarm', message: delivered }));
  };
  ws.on('message', (data: Buffer) => {
    const text = data.toString();
    if (text.includes('"event":"raised"')) onFrame(JSON.parse(text) as AlarmFrame);
  });
  ws.on('error', () => undefined);
  return new Promise((resolve) => {
    ws.once('open', () => resolve(ws));
    ws.once('close', () => resolve(null));
  });
}

function beaconEvery(ws: WebSocket, device: BenchDevice, beaconMs: number): void {
  const beat = () => {
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(JSON.stringify({ type: 'alarm', message: { v: 1, beacon: true, message_id: newId(), organisation_id: device.organisationId, site_id: device.siteId, device_id: device.id, group: 1, at: new Date().toISOString() } }));
  };
  // Real PCs started at different moments: their beats are spread over the interval.
  const first = setTimeout(() => {
    beat();
    const every = setInterval(beat, beaconMs);
    timers.push(every);
  }, randomInt(beaconMs));
  timers.push(first);
}

process.on('message', (raw: ToListeners) => {
  if (raw.type === 'ping') return send({ type: 'pong', t0: raw.t0, t1: sharedClock() });
  if (raw.type === 'close') {
    timers.forEach((timer) => clearTimeout(timer));
    sockets.forEach((ws) => ws.terminate());
    send({ type: 'closed' });
    process.disconnect();
    return;
  }
  void (async () => {
    let failed = 0;
    // In slices: thousands of handshakes at once would only time the accept queue.
    for (let i = 0; i < raw.devices.length; i += 100) {
      const slice = raw.devices.slice(i, i + 100);
      const opened = await Promise.all(slice.map((device) => open(raw.url, raw.mode, device)));
      opened.forEach((ws, j) => {
        if (!ws) return void (failed += 1);
        sockets.push(ws);
        beaconEvery(ws, slice[j] as BenchDevice, raw.beaconMs);
      });
    }
    send({ type: 'connected', count: sockets.length, failed });
  })();
});
