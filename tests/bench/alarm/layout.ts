import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { newId } from '../../../shared/domain/ids.js';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../../shared/contract/wire.js';
import { benchTempDir } from '../temp.js';
import { sharedClock } from './clock.js';
import type { BenchDevice, FromListeners, ServerSetup, ToListeners } from './protocol.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');

export interface LayoutOptions {
  /** 'vangnet': the server, a real web host as sender. 'raw': a bare ws relay and a bare sender. */
  kind: 'vangnet' | 'raw';
  sites: number;
  perSite: number;
  /** Listener processes (the sockets are dealt round-robin among them). */
  processes: number;
  warmup: number;
  presses: number;
  beaconMs: number;
  /** Pause after each press, so the "delivered" answers of one press do not queue under the next. */
  settleMs: number;
  /** The server's store: its embedded SQLite file (the default), or a PostgreSQL database. */
  databaseUrl?: string;
  /** Sample the server's resident memory during the presses. */
  sampleRss?: boolean;
  /** Progress lines, so a long run shows where it is. */
  log?: (line: string) => void;
}

export interface LayoutResult {
  /** Press → listener, ms, one per listener per measured press. */
  pairs: number[];
  /** Press → the last listener of that press, ms. */
  perPress: number[];
  lost: number;
  expected: number;
  /** Largest clock offset seen between this process and a listener process, ms. */
  skewMs: number;
  /** Peak VmRSS of the server (or relay) process, MiB. */
  rssMiB?: number;
  listenersConnected: number;
}

interface Proc {
  child: ChildProcess;
  exited: Promise<void>;
  stderr: () => string;
}

function start(entry: string, args: string[], ipc = false): Proc {
  const execArgv = ['--import', 'tsx', ...(process.env['BENCH_PROFILE_SERVER'] && entry.includes('server-process') ? ['--cpu-prof', `--cpu-prof-dir=${process.env['BENCH_PROFILE_SERVER']}`] : [])];
  const env = { ...process.env, VANGNET_LOG_LEVEL: 'silent' };
  const child = ipc ? fork(path.join(here, entry), args, { execArgv, env, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] }) : spawn(process.execPath, [...execArgv, entry, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'], cwd: repoRoot });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited, stderr: () => stderr };
}

/** Waits (bounded) for a process to write its setup file; fails with its stderr if it dies first. */
async function readyFile<T>(proc: Proc, file: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
    if (proc.child.exitCode !== null) throw new Error(`a bench process exited first: ${proc.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${file} within ${timeoutMs} ms: ${proc.stderr()}`);
}

/** SIGTERM, then SIGKILL if it has not gone within 10 s: a bench never leaves a process behind. */
async function stop(proc: Proc): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  const killer = setTimeout(() => proc.child.kill('SIGKILL'), 10_000);
  await proc.exited;
  clearTimeout(killer);
}

function rssMiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** A contract client on a bridge socket, as the renderer is: calls by id, events passed by. */
class Bridge {
  private next = 1;
  private readonly waiting = new Map<number, (result: { ok: boolean; value?: unknown; error?: { message: string } }) => void>();
  /** How many "delivered" the sender's screen shows, per alarm. */
  readonly deliveredTo = new Map<string, number>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { type: string; id?: number; result?: { ok: boolean }; event?: string; payload?: unknown };
      if (frame.type === 'event' && frame.event === 'alarm.sender') {
        const status = frame.payload as { alarmId: string; deliveredTo: unknown[] };
        this.deliveredTo.set(status.alarmId, status.deliveredTo.length);
      }
      if (frame.type === 'result' && frame.id !== undefined) this.waiting.get(frame.id)?.(frame.result as { ok: boolean });
    });
  }

  static async open(url: string, protocols: string[]): Promise<Bridge> {
    const ws = new WebSocket(url, protocols);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new Bridge(ws);
  }

  /** Sends a call; `sent` is the shared-clock time the frame was handed to the socket. */
  call(name: string, input: unknown): { sent: number; result: Promise<{ ok: boolean; value?: unknown; error?: { message: string } }> } {
    const id = this.next;
    this.next += 1;
    const result = new Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: no answer within 60 s`)), 60_000);
      this.waiting.set(id, (value) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(value);
      });
    });
    const sent = sharedClock();
    this.ws.send(JSON.stringify({ type: 'call', id, call: name, input }));
    return { sent, result };
  }

  close(): void {
    this.ws.terminate();
  }
}

/** One listener process: its sockets, the alarms they heard, and its clock offset. */
class Listeners {
  readonly heard = new Map<string, number[]>();
  private readonly inbox: FromListeners[] = [];
  private wake: (() => void) | null = null;

  constructor(readonly proc: Proc) {
    proc.child.on('message', (message: FromListeners) => {
      if (message.type === 'heard') {
        for (const [alarmId, , at] of message.hits) {
          let list = this.heard.get(alarmId);
          if (!list) this.heard.set(alarmId, (list = []));
          list.push(at);
        }
        this.wake?.();
        return;
      }
      this.inbox.push(message);
      this.wake?.();
    });
  }

  send(message: ToListeners): void {
    this.proc.child.send(message);
  }

  async expect<T extends FromListeners['type']>(type: T, timeoutMs = 300_000): Promise<Extract<FromListeners, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.inbox.findIndex((message) => message.type === type);
      if (index >= 0) return this.inbox.splice(index, 1)[0] as Extract<FromListeners, { type: T }>;
      if (this.proc.child.exitCode !== null) throw new Error(`a listener process exited: ${this.proc.stderr()}`);
      if (Date.now() > deadline) throw new Error(`no ${type} from a listener process within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 200);
      });
      this.wake = null;
    }
  }

  /** Cristian's method: the offset of the child's clock from ours, from the quickest of a few round trips. */
  async skew(): Promise<number> {
    let best = { rtt: Infinity, offset: 0 };
    for (let i = 0; i < 10; i += 1) {
      this.send({ type: 'ping', t0: sharedClock() });
      const pong = await this.expect('pong', 5_000);
      const t2 = sharedClock();
      if (t2 - pong.t0 < best.rtt) best = { rtt: t2 - pong.t0, offset: pong.t1 - (pong.t0 + t2) / 2 };
    }
    return best.offset;
  }
}

/**
 * One run of the alarm benchmark in its process layout: the server (or relay) in its own
 * process, the sender in its own, listeners spread over `processes` more; this process
 * only presses and counts.
 */
export async function runLayout(options: LayoutOptions): Promise<LayoutResult> {
  const dir = benchTempDir();
  const began = Date.now();
  const log = (line: string) => options.log?.(`    ${options.kind} ${((Date.now() - began) / 1000).toFixed(1)} s: ${line}`);
  const procs: Proc[] = [];
  const listeners: Listeners[] = [];
  let bridge: Bridge | null = null;
  try {
    // 1. The server, or the raw relay, and the devices.
    let url: string;
    let serverPid: number;
    let sites: { siteId: string; devices: readonly BenchDevice[] }[];
    let code = '';
    if (options.kind === 'vangnet') {
      const server = start('tests/bench/alarm/server-process.ts', [options.databaseUrl ? `--database-url=${options.databaseUrl}` : `--db=${path.join(dir, 'server.sqlite')}`, `--sites=${options.sites}`, `--per-site=${options.perSite}`, `--setup=${path.join(dir, 'server.json')}`]);
      procs.push(server);
      const setup = await readyFile<ServerSetup>(server, path.join(dir, 'server.json'));
      ({ url, code } = setup);
      serverPid = setup.pid;
      sites = [...setup.sites];
    } else {
      const relay = start('tests/bench/alarm/relay-process.ts', [`--setup=${path.join(dir, 'relay.json')}`]);
      procs.push(relay);
      const setup = await readyFile<{ url: string; pid: number }>(relay, path.join(dir, 'relay.json'));
      url = setup.url;
      serverPid = setup.pid;
      const organisationId = newId();
      sites = Array.from({ length: options.sites }, () => {
        const siteId = newId();
        return { siteId, devices: Array.from({ length: options.perSite }, () => ({ id: newId(), credential: 'none', organisationId, siteId })) };
      });
    }
    log('server up');
    const measured = sites[0];
    if (!measured) throw new Error('no site');

    // 2. Listener processes, each with a share of every site's devices.
    const all = sites.flatMap((site) => site.devices);
    for (let p = 0; p < options.processes; p += 1) {
      const proc = start('listener-process.ts', [], true);
      procs.push(proc);
      const group = new Listeners(proc);
      listeners.push(group);
      group.send({ type: 'connect', url, mode: options.kind, devices: all.filter((_device, i) => i % options.processes === p), beaconMs: options.beaconMs });
    }
    let connected = 0;
    for (const group of listeners) {
      const done = await group.expect('connected');
      connected += done.count;
      if (done.failed > 0) throw new Error(`${done.failed} listener sockets did not open`);
    }
    log(`${connected} listener sockets open`);
    let skewMs = 0;
    for (const group of listeners) skewMs = Math.max(skewMs, Math.abs(await group.skew()));

    // 3. The sender: a real web host enrolled at site 0, pressed over its bridge; or the bare sender.
    if (options.kind === 'vangnet') {
      const host = start('main/host/cli.ts', [`--data-dir=${path.join(dir, 'host')}`, `--key-file=${path.join(dir, 'host.key')}`, '--port=0', `--ready-file=${path.join(dir, 'host.json')}`, `--renderer-dir=${path.join(dir, 'no-renderer')}`]);
      procs.push(host);
      const ready = await readyFile<{ origin: string; operatorUrl: string }>(host, path.join(dir, 'host.json'));
      const token = new URL(ready.operatorUrl).hash.replace('#token=', '');
      bridge = await Bridge.open(`${ready.origin.replace('http', 'ws')}${BRIDGE_PATH}`, [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`]);
      const settings = await bridge.call('settings.update', { organisationName: 'Gemeente', siteName: 'Locatie 1', deskName: 'Balie 1', floor: '1', serverUrl: url, fallbackPhone: '' }).result;
      if (!settings.ok) throw new Error(`settings.update: ${settings.error?.message}`);
      const enrolled = await bridge.call('sync.enrol', { code }).result;
      if (!enrolled.ok) throw new Error(`sync.enrol: ${enrolled.error?.message}`);
      // Warm: the sender counts every listener of its site (their beacons reached it through the server).
      const deadline = Date.now() + 60_000;
      for (;;) {
        const readiness = await bridge.call('alarm.readiness', {}).result;
        const value = readiness.value as { responders: number; paths: { server: boolean } } | undefined;
        if (value?.paths.server && value.responders >= measured.devices.length) break;
        if (Date.now() - deadline > -55_000 && Date.now() % 10 < 3) log(`sender hears ${value?.responders ?? 0}, server path ${String(value?.paths.server)}`);
        if (Date.now() > deadline) throw new Error(`the sender heard ${value?.responders ?? 0} of ${measured.devices.length} listeners within 60 s`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } else {
      const sender = start('tests/bench/alarm/raw-sender-process.ts', [`--relay=${url}`, `--site=${measured.siteId}`, `--organisation=${measured.devices[0]?.organisationId ?? ''}`, `--device=${newId()}`, `--setup=${path.join(dir, 'sender.json')}`]);
      procs.push(sender);
      const ready = await readyFile<{ url: string }>(sender, path.join(dir, 'sender.json'));
      bridge = await Bridge.open(ready.url.replace('http', 'ws'), []);
      // Let every listener's first beacon go round, as the Vangnet run waits until the sender hears them all.
      await new Promise((resolve) => setTimeout(resolve, options.beaconMs + 1_500));
    }

    log('sender ready; pressing');
    // 4. Presses: warm-up first (dropped), then the measured ones.
    const expected = measured.devices.length;
    const pairs: number[] = [];
    const perPress: number[] = [];
    let lost = 0;
    let peakRss = 0;
    const rssTimer = options.sampleRss ? setInterval(() => (peakRss = Math.max(peakRss, rssMiB(serverPid) || 0)), 250) : null;
    for (let press = 0; press < options.warmup + options.presses; press += 1) {
      const { sent, result } = bridge.call('alarm.raise', { level: 'emergency', drill: false });
      const raised = await result;
      if (!raised.ok) throw new Error(`alarm.raise: ${raised.error?.message}`);
      const alarmId = (raised.value as { alarmId: string }).alarmId;
      const count = () => listeners.reduce((sum, group) => sum + (group.heard.get(alarmId)?.length ?? 0), 0);
      const deadline = Date.now() + 3_000;
      while (count() < expected && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
      const latencies = listeners.flatMap((group) => group.heard.get(alarmId) ?? []).map((at) => at - sent);
      listeners.forEach((group) => group.heard.clear());
      if (options.kind === 'vangnet') {
        // Quiet before the next press, as between two real alarms: the sender has heard (and
        // durably recorded) every "delivered", and the alarm is over (its end goes to the site too).
        const quiet = Date.now() + 15_000;
        while ((bridge.deliveredTo.get(alarmId) ?? 0) < expected && Date.now() < quiet) await new Promise((resolve) => setTimeout(resolve, 5));
        bridge.deliveredTo.clear();
        await bridge.call('alarm.cancel', { alarmId }).result;
      }
      if (press >= options.warmup) {
        pairs.push(...latencies);
        lost += expected - latencies.length;
        perPress.push(latencies.length === expected ? Math.max(...latencies) : Number.POSITIVE_INFINITY);
      }
      // Drained: the sender and the listener processes (which read every answer the others
      // send) have caught up, so presses do not queue behind the last one's aftermath.
      await bridge.call('alarm.readiness', {}).result;
      for (const group of listeners) {
        group.send({ type: 'ping', t0: sharedClock() });
        await group.expect('pong', 60_000);
      }
      // A random pause, so presses do not fall in step with the beacon flush or the beats.
      await new Promise((resolve) => setTimeout(resolve, options.settleMs + randomInt(options.settleMs + 1)));
    }
    if (rssTimer) clearInterval(rssTimer);
    log(`${options.warmup + options.presses} presses done`);
    const result: LayoutResult = { pairs, perPress, lost, expected: expected * options.presses, skewMs, listenersConnected: connected };
    if (options.sampleRss) result.rssMiB = Math.round(Math.max(peakRss, rssMiB(serverPid) || 0));
    return result;
  } finally {
    bridge?.close();
    for (const group of listeners) {
      if (group.proc.child.connected) {
        group.send({ type: 'close' });
        await Promise.race([group.proc.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      }
    }
    // The sender before the server, as people shut down their PCs; then the rest.
    for (const proc of [...procs].reverse()) await stop(proc);
  }
}
