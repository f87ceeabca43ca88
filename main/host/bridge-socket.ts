import { randomUUID } from 'node:crypto';
import type { WebSocket, RawData } from 'ws';
import { events } from '../../shared/contract/events.js';
import { fail } from '../../shared/contract/result.js';
import type { Caller } from '../../shared/contract/roles.js';
import { clientFrameSchema, MAX_FRAME_DEPTH, nestsDeeperThan, type ClientFrame, type ServerFrame } from '../../shared/contract/wire.js';
import type { Core } from '../core/core.js';
import type { Logger } from '../core/logger.js';
import type { FrameTurns } from './frame-turns.js';

/** Frames up to this size are handled as they arrive: every alarm call is far smaller. Larger ones take turns. */
export const QUICK_FRAME_BYTES = 16 * 1024;
/** A tab does not queue this many large frames; one that does is closed instead of held in memory. */
export const MAX_WAITING_FRAMES = 16;

type Parsed = { ok: true; frame: ClientFrame } | { ok: false; answer: ServerFrame };

/**
 * One browser tab on the web host. It speaks the same contract as Electron IPC;
 * a bad frame is answered, logged and survived: the socket stays open.
 *
 * The role is known from the token before any frame arrives: the socket was accepted with that
 * role's frame limit (web-host.ts), so a display cannot make the host buffer or parse more than
 * its one small call needs. Nesting is refused before JSON.parse builds it, and large frames wait
 * their turn (frame-turns.ts) so that alarm calls never queue behind them.
 */
export function serveBridgeSocket(socket: WebSocket, role: Caller['role'], core: Core, logger: Logger, turns: FrameTurns): void {
  const caller: Caller = { role, session: `ws:${randomUUID()}` };
  const waiting: Array<() => void> = [];
  let badFrames = 0;
  const send = (frame: ServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const unsubscribe = core.bus.subscribe((event, payload) => {
    if (events[event].roles.includes(role)) send({ type: 'event', event, payload });
  });
  socket.on('close', () => {
    waiting.length = 0;
    unsubscribe();
    // A closed tab can show no alarm: it must stop counting as a reachable colleague at once.
    core.alarms.screenGone(caller.session);
    // Only the first bad frame is logged as it comes: a flood of them must not flood the log too.
    if (badFrames > 1) logger.warn({ session: caller.session, badFrames }, 'bridge socket closed after bad frames');
  });
  socket.on('error', (error) => logger.warn({ session: caller.session, role, err: error }, 'bridge socket error'));
  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (byteLength(data) > QUICK_FRAME_BYTES) return wait(() => start(parse(data, isBinary)));
    const parsed = parse(data, isBinary);
    // Order within a tab is kept, except that an alarm call read together with the tab's own large frames
    // goes first. (While they wait the tab is not read, so at most what arrived with them is queued.)
    if (waiting.length === 0 || (parsed.ok && parsed.frame.call.startsWith('alarm.'))) return start(parsed);
    wait(() => start(parsed));
  });

  function wait(job: () => void): void {
    if (waiting.length >= MAX_WAITING_FRAMES) {
      logger.warn({ session: caller.session, role }, 'bridge socket closed: too many large frames waiting');
      socket.close(1008, `more than ${MAX_WAITING_FRAMES} large frames waiting`);
      return;
    }
    waiting.push(job);
    if (waiting.length > 1) return;
    // Read no more from this tab until its frames have had their turns: the rest waits in TCP, not here.
    socket.pause();
    turns.take(next);
  }

  function next(): void {
    const job = waiting.shift();
    if (!job) return;
    job();
    if (waiting.length > 0) turns.take(next);
    else socket.resume();
  }

  function parse(data: RawData, isBinary: boolean): Parsed {
    if (isBinary) return refuse(null, 'binary frames are not accepted');
    const bytes = rawToBuffer(data);
    if (nestsDeeperThan(bytes, MAX_FRAME_DEPTH)) return refuse(null, `the frame nests deeper than ${MAX_FRAME_DEPTH} levels`);
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      return refuse(null, 'the frame is not valid JSON');
    }
    const frame = clientFrameSchema.safeParse(json);
    if (!frame.success) return refuse(idOf(json), 'the frame is not a {type:"call", id, call, input} object');
    return { ok: true, frame: frame.data };
  }

  function refuse(id: number | null, message: string): Parsed {
    if (badFrames++ === 0) logger.warn({ session: caller.session, role, message }, 'malformed bridge frame');
    return { ok: false, answer: { type: 'error', id, result: fail('BAD_MESSAGE', message) } };
  }

  function start(parsed: Parsed): void {
    if (!parsed.ok) return send(parsed.answer);
    const { id, call, input } = parsed.frame;
    // dispatch never rejects; the catch is for a socket that broke while sending.
    core
      .dispatch(caller, call, input)
      .then((result) => send({ type: 'result', id, result }))
      .catch((error: unknown) => logger.error({ session: caller.session, err: error }, 'bridge frame failed'));
  }
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data.byteLength;
}

function rawToBuffer(data: RawData): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.isBuffer(data) ? data : Buffer.from(data);
}

function idOf(json: unknown): number | null {
  if (typeof json !== 'object' || json === null || !('id' in json)) return null;
  const id = (json as { id: unknown }).id;
  return Number.isSafeInteger(id) && (id as number) >= 0 ? (id as number) : null;
}
