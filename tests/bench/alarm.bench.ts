import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mqtt from 'mqtt';
import WebSocket, { WebSocketServer } from 'ws';
import { openCore, type Core } from '../../main/core/core.js';
import { openLanTransport, type LanTransport } from '../../main/core/alarm/lan-transport.js';
import { trustFromSeed } from '../../main/core/alarm/lan-codec.js';
import { isBeacon } from '../../shared/alarm/readiness.js';
import { silentLogger } from '../../main/core/logger.js';
import { newId } from '../../shared/domain/ids.js';
import { Directory } from '../../server/src/tenancy/directory.js';
import { hashSecret, newCredential } from '../../server/src/tenancy/secrets.js';
import { startServer } from '../../server/src/start.js';
import { latencyMeasure, type Bench, type Measure } from './measure.js';
import { benchTempDir } from './temp.js';

const admin = { role: 'admin', session: 'bench' } as const;
const FRAME = JSON.stringify({ type: 'alarm', message: { v: 1, message_id: newId(), alarm_id: newId(), event: 'raised', level: 'emergency', drill: false, organisation_id: newId(), site_id: newId(), from: { device_id: newId(), desk: 'Balie 3', floor: '1', person: '' }, at: new Date().toISOString(), step: 0 } });
const presses = (clients: number) => (clients >= 1000 ? 10 : 30);

/** Waits until `expected` receivers have reported for this press (or 3 s, counting the rest as lost). */
function collect(expected: number): { hit(latencyMs: number): void; done: Promise<number[]> } {
  const samples: number[] = [];
  let finish: (value: number[]) => void = () => undefined;
  const done = new Promise<number[]>((resolve) => {
    finish = resolve;
    setTimeout(() => resolve(samples), 3_000);
  });
  return {
    hit(latency) {
      samples.push(latency);
      if (samples.length === expected) finish(samples);
    },
    done,
  };
}

const opened = (ws: WebSocket) => new Promise<WebSocket>((resolve, reject) => ws.once('open', () => resolve(ws)).once('error', reject));

/** Baseline: a bare ws server that rebroadcasts each frame to every other client. */
async function rawWebSocketBroadcast(clients: number): Promise<number[]> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => socket.on('message', (data) => server.clients.forEach((client) => client !== socket && client.send(data.toString()))));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sender = await opened(new WebSocket(url));
  const receivers = await Promise.all(Array.from({ length: clients }, () => opened(new WebSocket(url))));
  const samples: number[] = [];
  for (let press = 0; press < presses(clients); press += 1) {
    const round = collect(clients);
    const start = performance.now();
    receivers.forEach((receiver) => receiver.once('message', () => round.hit(performance.now() - start)));
    sender.send(FRAME);
    samples.push(...(await round.done));
  }
  [sender, ...receivers].forEach((socket) => socket.terminate());
  await new Promise((resolve) => server.close(resolve));
  return samples;
}

/** Baseline: Mosquitto publish → subscribe on 127.0.0.1:1883, when it runs. */
async function mosquitto(clients: number): Promise<number[] | null> {
  const connect = () =>
    new Promise<mqtt.MqttClient | null>((resolve) => {
      const client = mqtt.connect('mqtt://127.0.0.1:1883', { connectTimeout: 2_000, reconnectPeriod: 0 });
      client.once('connect', () => resolve(client));
      client.once('error', () => resolve(null));
    });
  const publisher = await connect();
  if (!publisher) return null;
  const topic = `vangnet/bench/${newId()}`;
  const subscribers = (await Promise.all(Array.from({ length: clients }, connect))).filter((client): client is mqtt.MqttClient => client !== null);
  await Promise.all(subscribers.map((client) => client.subscribeAsync(topic, { qos: 0 })));
  const samples: number[] = [];
  for (let press = 0; press < presses(clients); press += 1) {
    const round = collect(subscribers.length);
    const start = performance.now();
    subscribers.forEach((client) => client.once('message', () => round.hit(performance.now() - start)));
    publisher.publish(topic, FRAME, { qos: 0 });
    samples.push(...(await round.done));
  }
  await Promise.all([publisher, ...subscribers].map((client) => client.endAsync()));
  return samples;
}

/** Server path: a real core presses (record, then send on its realtime socket); N enrolled devices listen. */
async function serverPath(clients: number): Promise<number[]> {
  const server = await startServer({ storage: { kind: 'sqlite', file: path.join(benchTempDir(), 'server.sqlite') }, host: '127.0.0.1', port: 0, adminToken: undefined, rateLimitPerMinute: 1_000_000, logLevel: 'silent' });
  const directory = new Directory(server.store.db);
  const organisation = await directory.createOrganisation('Gemeente');
  const site = await directory.createSite('Stadskantoor');
  await directory.hostAt(organisation.id, site.id);
  const core = openCore({ dataDir: benchTempDir(), logger: silentLogger() });
  await core.dispatch(admin, 'settings.update', { organisationName: 'G', siteName: 'S', deskName: 'Balie 1', floor: '1', serverUrl: server.url, fallbackPhone: '' });
  const { code } = await directory.createEnrolmentCode(organisation.id, site.id);
  await core.dispatch(admin, 'sync.enrol', { code });
  // Listening devices are inserted directly: the enrol endpoint is rate-limited per address.
  const credentials = Array.from({ length: clients }, () => newCredential());
  for (let i = 0; i < clients; i += 500) {
    await server.store.db.insertInto('device').values(credentials.slice(i, i + 500).map((credential) => ({ id: newId(), organisation_id: organisation.id, site_id: site.id, name: 'bench', credential_hash: hashSecret(credential), acked_seq: 0, created_at: new Date().toISOString(), last_seen_at: null, revoked_at: null }))).execute();
  }
  const url = `${server.url.replace('http', 'ws')}/v1/realtime`;
  const receivers = await Promise.all(credentials.map((credential) => opened(new WebSocket(url, { headers: { authorization: `Bearer ${credential}` } }))));
  while (!core.sync.alarmPath.open) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const samples = await pressAndListen(core, clients, (onAlarm) => receivers.forEach((socket) => socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; message?: { alarm_id: string; event: string } };
    if (frame.type === 'alarm' && frame.message?.event === 'raised') onAlarm(frame.message.alarm_id);
  })));
  receivers.forEach((socket) => socket.terminate());
  await core.close();
  await server.close();
  return samples;
}

/** LAN path: a real core presses (record, then a signed multicast datagram); N LAN receivers verify and listen. */
async function lanPath(clients: number): Promise<number[]> {
  const key = randomBytes(32);
  const probe = new WebSocketServer({ port: 0 });
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  // The core opens (and on close, closes) its own LAN path, as the shell and the web host do.
  const core = openCore({ dataDir: benchTempDir(), logger: silentLogger(), lan: { group: '239.255.42.96', port, interfaceAddress: '127.0.0.1', peers: [], keyOverride: key } });
  await core.dispatch(admin, 'settings.update', { organisationName: 'G', siteName: 'S', deskName: 'Balie 1', floor: '1', serverUrl: '', fallbackPhone: '' });
  const status = await core.dispatch(admin, 'device.status', {});
  const { site, organisation } = (status as { value: { site: { id: string }; organisation: { id: string } } }).value;
  const siteId = site.id;
  while (!core.alarms.readiness().paths.lan) await new Promise((resolve) => setTimeout(resolve, 20));
  // The receivers hold the same organisation's key file, as PCs of a site without a server do.
  const options = { siteId, trust: trustFromSeed(organisation.id, key), group: '239.255.42.96', port, interfaceAddress: '127.0.0.1', peers: [], logger: silentLogger() };
  const receivers: LanTransport[] = [];
  for (let i = 0; i < clients; i += 1) receivers.push(await openLanTransport(options));
  const samples = await pressAndListen(core, clients, (onAlarm) => receivers.forEach((lan) => lan.onMessage((message) => !isBeacon(message) && message.event === 'raised' && onAlarm(message.alarm_id))));
  await Promise.all(receivers.map((lan) => lan.close()));
  await core.close();
  return samples;
}

/** Presses the alarm through the core's contract and times each receiver from press to receipt. */
async function pressAndListen(core: Core, clients: number, listen: (onAlarm: (alarmId: string) => void) => void): Promise<number[]> {
  let current: { alarmId: string; start: number; round: ReturnType<typeof collect> } | null = null;
  listen((alarmId) => {
    if (current?.alarmId === alarmId) current.round.hit(performance.now() - current.start);
  });
  const samples: number[] = [];
  for (let press = 0; press < presses(clients); press += 1) {
    const round = collect(clients);
    const start = performance.now();
    const raised = await core.dispatch({ role: 'counter', session: 'bench' }, 'alarm.raise', { level: 'emergency', drill: false });
    if (!raised.ok) throw new Error(`raise failed: ${raised.error.message}`);
    current = { alarmId: (raised.value as { alarmId: string }).alarmId, start, round };
    samples.push(...(await round.done));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return samples;
}

function withLoss(measure: Measure, expected: number, received: number): Measure {
  return expected === received ? measure : { ...measure, note: `${measure.note ?? ''} LOST ${expected - received} of ${expected}`.trim() };
}

export const bench: Bench = {
  title: 'Alarm: press → responder latency, server path and LAN path, beside raw WebSocket broadcast and Mosquitto',
  async run() {
    const measures: Measure[] = [];
    for (const clients of [10, 100, 1000]) {
      const baseline = await rawWebSocketBroadcast(clients);
      const server = await serverPath(clients);
      const expected = clients * presses(clients);
      measures.push(latencyMeasure(`alarm.baseline.ws.c${clients}`, baseline));
      measures.push(withLoss(latencyMeasure(`alarm.server.c${clients}`, server, baseline, 'press (contract call, durable record, send on the realtime socket) → each responder socket; baseline = raw ws broadcast at the same size; ratio = p99/p99'), expected, server.length));
      if (clients <= 100) {
        const lan = await lanPath(clients);
        measures.push(withLoss(latencyMeasure(`alarm.lan.c${clients}`, lan, baseline, 'press → signed multicast → each receiver verified it; all in one process; baseline = raw ws broadcast'), expected, lan.length));
        const mqttSamples = await mosquitto(clients);
        if (mqttSamples) measures.push(latencyMeasure(`alarm.baseline.mosquitto.c${clients}`, mqttSamples, undefined, 'Mosquitto on 127.0.0.1:1883, QoS 0'));
        else console.warn('  ⚠️  Mosquitto not reachable on 127.0.0.1:1883: that baseline is SKIPPED');
      }
    }
    return measures;
  },
};
