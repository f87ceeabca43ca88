import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { calls, type CallName } from '../../../../shared/contract/calls.js';
import { errorCodes } from '../../../../shared/contract/result.js';
import { MAX_DISPLAY_FRAME_BYTES, MAX_FRAME_DEPTH, serverFrameSchema, type ServerFrame } from '../../../../shared/contract/wire.js';
import { openBridge, startTestHost, type TestHost } from '../../../support/web-host.js';

/** Inputs per run; more on demand. A failing run prints its seed; VANGNET_FUZZ_SEED=<seed> replays it exactly. */
const RUNS = Number(process.env['VANGNET_FUZZ_RUNS'] ?? 2_000);
const seed = process.env['VANGNET_FUZZ_SEED'] ? { seed: Number(process.env['VANGNET_FUZZ_SEED']) } : {};

/** Calls that reach the network (a fuzzed server URL, an enrolment) get only inputs that cannot pass their schema. */
const reachesOut: readonly CallName[] = ['settings.update', 'sync.enrol', 'sync.now'];
const callNames = Object.keys(calls) as CallName[];
const local = callNames.filter((name) => !reachesOut.includes(name));

const nasty = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\u202eevil', '\ud800', 'x'.repeat(5_000), '💥', '__proto__', 'constructor', 'alarm.', 'houseRules.display '),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ maxLength: 200 }),
);
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 4 }), nasty, fc.constantFrom(null, true, 0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, 1.5));
/** Fields the contract's inputs use, so that an input now and then gets past the first checks. */
const knownKey = fc.constantFrom('alarmId', 'level', 'drill', 'asScreen', 'answer', 'pin', 'locale', 'name', 'role', 'id', 'incidentId', 'forms', 'narrative', 'content', 'from', 'until', 'text');
const input = fc.oneof(anyJson, fc.dictionary(fc.oneof({ arbitrary: knownKey, weight: 3 }, nasty), fc.oneof(anyJson, fc.uuid(), fc.constantFrom('emergency', 'assist', 'nl', 'coming')), { maxKeys: 5 }));
/** Arrays and objects nested around the limit, with the frame's own object as one level. */
const nesting = fc.tuple(fc.integer({ min: MAX_FRAME_DEPTH - 3, max: MAX_FRAME_DEPTH + 40 }), fc.boolean()).map(([depth, objects]) => {
  const open = objects ? '{"a":'.repeat(depth) : '['.repeat(depth);
  return { text: `{"type":"call","id":7,"call":"houseRules.display","input":${open}1${(objects ? '}' : ']').repeat(depth)}}`, tooDeep: depth + 1 > MAX_FRAME_DEPTH };
});

interface Frame {
  text: string | Buffer;
  binary: boolean;
  to: 'operator' | 'display';
  /** Built to nest deeper than the limit: it must be refused as such. */
  tooDeep?: boolean;
}

const plain = (text: fc.Arbitrary<string>) => text.map((value) => ({ text: value, tooDeep: false }));
const frames: fc.Arbitrary<Frame> = fc
  .tuple(
    fc.oneof(
      { arbitrary: plain(fc.record({ type: fc.constant('call'), id: fc.nat(), call: fc.constantFrom(...local), input }).map((f) => JSON.stringify(f))), weight: 6 },
      plain(fc.record({ type: fc.constant('call'), id: fc.nat(), call: fc.constantFrom(...reachesOut), input: anyJson }).map((f) => JSON.stringify(f))),
      plain(fc.record({ type: fc.oneof(fc.constant('call'), nasty), id: fc.oneof(fc.nat(), anyJson), call: fc.oneof(fc.constantFrom(...callNames), nasty), input }, { requiredKeys: [] }).map((f) => JSON.stringify(f))),
      plain(fc.tuple(fc.record({ type: fc.constant('call'), id: fc.nat(), call: fc.constantFrom(...local), input }), nasty, anyJson).map(([f, key, value]) => JSON.stringify({ ...f, [key]: value }))),
      { arbitrary: nesting, weight: 2 },
      plain(anyJson.map((value) => JSON.stringify(value) ?? 'undefined')),
      plain(fc.constantFrom('', '{', '[]', 'null', '{"type":"call"}', '{"__proto__":{"type":"call"}}', '{"type":"call","id":1,"call":"device.status","input":{}', ']]]]')),
      plain(fc.string({ unit: 'binary', maxLength: 300 })),
    ),
    fc.boolean(),
    fc.constantFrom('operator', 'operator', 'display') as fc.Arbitrary<'operator' | 'display'>,
  )
  .map(([{ text, tooDeep }, binary, to]) => {
    // Now and then (about one frame in fourteen) the same bytes go as a binary frame.
    const asBinary = binary && text.length % 7 === 0;
    return { text: asBinary ? Buffer.from(text) : text, binary: asBinary, to, tooDeep: tooDeep && !asBinary };
  });

let t: TestHost;
const sockets: Record<Frame['to'], WebSocket | null> = { operator: null, display: null };
beforeAll(async () => {
  t = await startTestHost();
});
afterAll(async () => {
  for (const ws of Object.values(sockets)) ws?.close();
  await t.close();
});

async function socketFor(to: Frame['to']): Promise<WebSocket> {
  const ws = sockets[to];
  if (ws && ws.readyState === ws.OPEN) return ws;
  sockets[to] = await openBridge(t.host.origin, { token: to === 'operator' ? t.tokens.operator.token : t.tokens.display.token });
  return sockets[to];
}

/** Sends one frame and waits for its one answer (events pass by), or for the socket to close. */
type Answer = Exclude<ServerFrame, { type: 'event' }>;

function answerTo(ws: WebSocket, frame: Frame): Promise<{ answer: Answer } | { closed: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer within 5 s')), 5_000);
    const done = (value: { answer: Answer } | { closed: number }) => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      resolve(value);
    };
    const onMessage = (data: WebSocket.RawData) => {
      const answer = serverFrameSchema.parse(JSON.parse(data.toString()));
      if (answer.type !== 'event') done({ answer });
    };
    const onClose = (code: number) => done({ closed: code });
    ws.on('message', onMessage);
    ws.on('close', onClose);
    ws.send(frame.text, { binary: frame.binary });
  });
}

describe('fuzzing the web host bridge', () => {
  it(`${RUNS} hostile frames from the operator's and the display's sockets: each gets one answer with a known code, never INTERNAL; the display gets nothing but its one call; 0 crashes`, { timeout: 600_000 }, async () => {
    const codes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(frames, async (frame) => {
        const ws = await socketFor(frame.to);
        const outcome = await answerTo(ws, frame);
        const size = typeof frame.text === 'string' ? Buffer.byteLength(frame.text) : frame.text.length;
        if ('closed' in outcome) {
          // Only a display frame over its limit closes a socket, with "message too big".
          expect([frame.to, size > MAX_DISPLAY_FRAME_BYTES, outcome.closed]).toEqual(['display', true, 1009]);
          return;
        }
        const { answer } = outcome;
        const code = answer.result.ok ? 'ok' : answer.result.error.code;
        codes.set(code, (codes.get(code) ?? 0) + 1);
        if (!answer.result.ok) {
          expect(errorCodes).toContain(answer.result.error.code);
          expect(answer.result.error.code, answer.result.error.message).not.toBe('INTERNAL');
          expect(answer.result.error.message.length).toBeGreaterThan(0);
        }
        if (frame.tooDeep) expect(answer).toMatchObject({ type: 'error', result: { error: { code: 'BAD_MESSAGE', message: `the frame nests deeper than ${MAX_FRAME_DEPTH} levels` } } });
        if (frame.to === 'display' && answer.result.ok) {
          expect(JSON.parse(frame.text.toString())).toMatchObject({ call: 'houseRules.display' });
        }
      }),
      { numRuns: RUNS, ...seed },
    );
    console.log('bridge fuzz answers by code:', JSON.stringify(Object.fromEntries(codes)));
    // The host is up and still does its work for both.
    const operator = await socketFor('operator');
    expect(await answerTo(operator, { text: JSON.stringify({ type: 'call', id: 1, call: 'alarm.readiness', input: {} }), binary: false, to: 'operator' })).toMatchObject({ answer: { type: 'result', id: 1 } });
    const display = await socketFor('display');
    expect(await answerTo(display, { text: JSON.stringify({ type: 'call', id: 2, call: 'houseRules.display', input: {} }), binary: false, to: 'display' })).toMatchObject({ answer: { result: { ok: true } } });
  });
});
