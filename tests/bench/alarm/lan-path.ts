import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocketServer } from 'ws';
import { openCore, type Core } from '../../../main/core/core.js';
import { trustFromSeed } from '../../../main/core/alarm/lan-codec.js';
import { openLanTransport, type LanTransport } from '../../../main/core/alarm/lan-transport.js';
import { silentLogger } from '../../../main/core/logger.js';
import { isBeacon } from '../../../shared/alarm/readiness.js';
import { benchTempDir } from '../temp.js';
import { TEST_STORE_KEY } from '../../support/test-keys.js';

/**
 * The LAN path, in one process: a real core presses through its contract (signed multicast
 * on loopback) and N LAN receivers verify each datagram. No server is involved, so the
 * server layout does not apply; it is timed beside the raw ws relay of the same size.
 */
const admin = { role: 'admin', session: 'bench' } as const;

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


/** LAN path: a real core presses (record, then a signed multicast datagram); N LAN receivers verify and listen. */
export async function lanPath(clients: number, presses: number): Promise<number[]> {
  const key = randomBytes(32);
  const probe = new WebSocketServer({ port: 0 });
  const port = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  // The core opens (and on close, closes) its own LAN path, as the shell and the web host do.
  const core = openCore({ storeKey: TEST_STORE_KEY, dataDir: benchTempDir(), logger: silentLogger(), lan: { group: '239.255.42.96', port, interfaceAddress: '127.0.0.1', peers: [], keyOverride: key } });
  await core.dispatch(admin, 'settings.update', { organisationName: 'G', siteName: 'S', deskName: 'Balie 1', floor: '1', serverUrl: '', fallbackPhone: '' });
  const status = await core.dispatch(admin, 'device.status', {});
  const { site, organisation } = (status as { value: { site: { id: string }; organisation: { id: string } } }).value;
  const siteId = site.id;
  while (!core.alarms.readiness().paths.lan) await new Promise((resolve) => setTimeout(resolve, 20));
  // The receivers hold the same organisation's key file, as PCs of a site without a server do.
  const options = { siteId, trust: trustFromSeed(organisation.id, key), group: '239.255.42.96', port, interfaceAddress: '127.0.0.1', peers: [], logger: silentLogger() };
  const receivers: LanTransport[] = [];
  for (let i = 0; i < clients; i += 1) receivers.push(await openLanTransport(options));
  const samples = await pressAndListen(core, clients, presses, (onAlarm) => receivers.forEach((lan) => lan.onMessage((message) => !isBeacon(message) && message.event === 'raised' && onAlarm(message.alarm_id))));
  await Promise.all(receivers.map((lan) => lan.close()));
  await core.close();
  return samples;
}


/** Presses the alarm through the core's contract and times each receiver from press to receipt. */
async function pressAndListen(core: Core, clients: number, presses: number, listen: (onAlarm: (alarmId: string) => void) => void): Promise<number[]> {
  let current: { alarmId: string; start: number; round: ReturnType<typeof collect> } | null = null;
  listen((alarmId) => {
    if (current?.alarmId === alarmId) current.round.hit(performance.now() - current.start);
  });
  const samples: number[] = [];
  for (let press = 0; press < presses; press += 1) {
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

