import { Worker } from 'node:worker_threads';
import type WebSocket from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SenderStatus } from '../../../../shared/alarm/alarm-contract.js';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, MAX_FRAME_BYTES, MAX_FRAME_DEPTH, TOKEN_PROTOCOL_PREFIX } from '../../../../shared/contract/wire.js';
import { call, openBridge, startTestHost, type TestHost } from '../../../support/web-host.js';

let t: TestHost;
beforeEach(async () => {
  t = await startTestHost();
});
afterEach(async () => {
  await t.close();
});

const settings = { organisationName: 'GGD', siteName: 'Stadskantoor', deskName: 'Balie 1', floor: '', serverUrl: '' };

/** A frame just under the staff limit that is all nesting: the shape that slowed the host before. */
function deepFrame(bytes: number): string {
  const head = '{"type":"call","id":1,"call":"houseRules.display","input":';
  const depth = Math.floor((bytes - head.length - 1) / 2);
  return `${head}${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

interface FloodReport {
  opened: number;
  sent: number;
  closes: Record<string, number>;
  reasons: string[];
  /** What the host answered, by error code and message. */
  answers: Record<string, number>;
}

/**
 * The attacker runs on its own thread, as it would on its own PC: its cost of building and
 * masking frames does not land on the host's event loop. It keeps four sockets flooding and
 * opens a new one whenever one is closed.
 */
const flooder = `
const { workerData, parentPort } = require('node:worker_threads');
const WebSocket = require('ws');
const { url, protocols, frame, connections } = workerData;
const payload = Buffer.from(frame);
const report = { opened: 0, sent: 0, closes: {}, reasons: [], answers: {} };
const open = new Set();
let stopped = false;
parentPort.on('message', () => {
  stopped = true;
  for (const ws of open) ws.terminate();
  parentPort.postMessage(report);
});
function connect() {
  if (stopped) return;
  // A zero mask spares the attacker (and the host) the masking work: the cheapest flood there is.
  const ws = new WebSocket(url, protocols, { generateMask: (mask) => mask.fill(0) });
  open.add(ws);
  ws.on('open', () => { if (report.opened++ === 0) parentPort.postMessage('open'); pump(ws); });
  ws.on('close', (code, reason) => {
    open.delete(ws);
    if (stopped) return;
    report.closes[code] = (report.closes[code] || 0) + 1;
    if (report.reasons.length < 5 && reason.length > 0) report.reasons.push(reason.toString());
    connect();
  });
  ws.on('message', (data) => {
    const answer = JSON.parse(data.toString());
    if (answer.type === 'event') return;
    const key = answer.result && !answer.result.ok ? answer.result.error.code + ': ' + answer.result.error.message : answer.type;
    report.answers[key] = (report.answers[key] || 0) + 1;
  });
  ws.on('error', () => {});
}
function pump(ws) {
  while (!stopped && ws.readyState === WebSocket.OPEN && ws.bufferedAmount < 4 * 1024 * 1024) {
    ws.send(payload, { binary: false });
    report.sent++;
  }
  if (!stopped && ws.readyState === WebSocket.OPEN) setTimeout(() => pump(ws), 1);
}
for (let i = 0; i < connections; i++) connect();
`;

async function startFlood(token: string, frame: string, connections = 4): Promise<{ stop(): Promise<FloodReport> }> {
  const url = `${t.host.origin.replace('http', 'ws')}${BRIDGE_PATH}`;
  const worker = new Worker(flooder, { eval: true, workerData: { url, protocols: [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`], frame, connections } });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return {
    async stop() {
      const report = new Promise<FloodReport>((resolve) => {
        worker.on('message', (message: unknown) => {
          if (typeof message === 'object') resolve(message as FloodReport);
        });
      });
      worker.postMessage('stop');
      const result = await report;
      await worker.terminate();
      return result;
    },
  };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Twenty drill alarms raised and cancelled from the operator's socket; how long each raise took to answer. */
async function raiseTimes(operator: WebSocket, firstId: number): Promise<number[]> {
  const took: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    const raised = (await call(operator, firstId + 2 * i, 'alarm.raise', { level: 'emergency', drill: true })) as { result: { ok: boolean; value: SenderStatus } };
    took.push(performance.now() - started);
    expect(raised.result.ok).toBe(true);
    expect(await call(operator, firstId + 2 * i + 1, 'alarm.cancel', { alarmId: raised.result.value.alarmId })).toMatchObject({ result: { ok: true } });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return took;
}

const summary = (took: readonly number[]) => `p50 ${percentile(took, 50).toFixed(1)} ms, p99 ${percentile(took, 99).toFixed(1)} ms`;

describe('web host: a display token flooding the bridge', () => {
  // Before the role's frame limit, the depth check and the turns for large frames: p50 ~1.1 s, p99 ~2.9 s
  // (20 raises did not finish in 60 s). After, on a loaded 2-core machine: p99 30–200 ms, as without the flood.
  it('cannot delay an operator alarm: raises answer in under 250 ms (p99 of 20) while its deep-nested 1 MiB frames are refused (1009)', { timeout: 60_000 }, async () => {
    const operator = await openBridge(t.host.origin, { token: t.tokens.operator.token });
    expect(await call(operator, 1, 'settings.update', settings)).toMatchObject({ result: { ok: true } });
    const quiet = await raiseTimes(operator, 100);
    const flood = await startFlood(t.tokens.display.token, deepFrame(MAX_FRAME_BYTES - 64));
    // Let the flood take hold before measuring.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const flooded = await raiseTimes(operator, 200);
    const report = await flood.stop();
    console.log(`alarm.raise without flood: ${summary(quiet)}; under flood: ${summary(flooded)}; flood ${JSON.stringify(report)}`);
    expect(percentile(flooded, 99)).toBeLessThan(250);
    // Every connection the display opened was closed for its first frame, with "message too big".
    expect(report.opened).toBeGreaterThan(0);
    expect(report.closes).toEqual({ 1009: report.closes[1009] });
    expect(report.closes[1009]).toBeGreaterThanOrEqual(report.opened - 4);
    // The host still answers the display its one call.
    const display = await openBridge(t.host.origin, { token: t.tokens.display.token });
    expect(await call(display, 1, 'houseRules.display', {})).toMatchObject({ result: { ok: true } });
    display.close();
    operator.close();
  });

  it('a staff tab flooding 1 MiB frames (deep-nested, or one long string) cannot delay another tab\'s alarm: they take turns, and nesting is refused unparsed', { timeout: 60_000 }, async () => {
    const operator = await openBridge(t.host.origin, { token: t.tokens.operator.token });
    expect(await call(operator, 1, 'settings.update', settings)).toMatchObject({ result: { ok: true } });
    const quiet = await raiseTimes(operator, 100);
    const long = JSON.stringify({ type: 'call', id: 1, call: 'incident.quickLog', input: { narrative: 'x'.repeat(MAX_FRAME_BYTES - 200) } });
    const floods = [await startFlood(t.tokens.operator.token, deepFrame(MAX_FRAME_BYTES - 64), 1), await startFlood(t.tokens.operator.token, long, 1)];
    await new Promise((resolve) => setTimeout(resolve, 300));
    const flooded = await raiseTimes(operator, 200);
    const [deep, flat] = await Promise.all(floods.map((flood) => flood.stop()));
    console.log(`alarm.raise without flood: ${summary(quiet)}; under staff flood: ${summary(flooded)}; deep ${JSON.stringify(deep)}; long ${JSON.stringify(flat)}`);
    // Unlike the display's, this flood is read and parsed, by two busy threads on the same cores: on a loaded
    // 2-core machine its tail is the machine's (p99 measured 70–550 ms, p50 9–56 ms). Before: over 2 s a call.
    expect(percentile(flooded, 50)).toBeLessThan(100);
    expect(percentile(flooded, 99)).toBeLessThan(1_000);
    // A staff tab may send large frames: it is not closed, and each gets its answer.
    expect(deep?.closes).toEqual({});
    expect(deep?.answers).toEqual({ [`BAD_MESSAGE: the frame nests deeper than ${MAX_FRAME_DEPTH} levels`]: expect.any(Number) as number });
    expect(Object.keys(flat?.answers ?? {}).every((key) => key.startsWith('INVALID_INPUT'))).toBe(true);
    operator.close();
  });
});
