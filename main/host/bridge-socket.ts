import { randomUUID } from 'node:crypto';
import type { WebSocket, RawData } from 'ws';
import { events } from '../../shared/contract/events.js';
import { fail } from '../../shared/contract/result.js';
import type { Caller } from '../../shared/contract/roles.js';
import { clientFrameSchema, type ServerFrame } from '../../shared/contract/wire.js';
import type { Core } from '../core/core.js';
import type { Logger } from '../core/logger.js';

/**
 * One browser tab on the web host. It speaks the same contract as Electron IPC;
 * a bad frame is answered, logged and survived: the socket stays open.
 */
export function serveBridgeSocket(socket: WebSocket, role: Caller['role'], core: Core, logger: Logger): void {
  const caller: Caller = { role, session: `ws:${randomUUID()}` };
  const send = (frame: ServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const unsubscribe = core.bus.subscribe((event, payload) => {
    if (events[event].roles.includes(role)) send({ type: 'event', event, payload });
  });
  socket.on('close', () => {
    unsubscribe();
    // A closed tab can show no alarm: it must stop counting as a reachable colleague at once.
    core.alarms.screenGone(caller.session);
  });
  socket.on('error', (error) => logger.warn({ session: caller.session, err: error }, 'bridge socket error'));
  socket.on('message', (data: RawData, isBinary: boolean) => {
    void handleFrame(data, isBinary).catch((error: unknown) => {
      logger.error({ session: caller.session, err: error }, 'bridge frame failed');
    });
  });

  async function handleFrame(data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return send({ type: 'error', id: null, result: fail('BAD_MESSAGE', 'binary frames are not accepted') });
    let json: unknown;
    try {
      json = JSON.parse(rawToString(data));
    } catch {
      return send({ type: 'error', id: null, result: fail('BAD_MESSAGE', 'the frame is not valid JSON') });
    }
    const frame = clientFrameSchema.safeParse(json);
    if (!frame.success) {
      logger.warn({ session: caller.session }, 'malformed bridge frame');
      return send({ type: 'error', id: idOf(json), result: fail('BAD_MESSAGE', 'the frame is not a {type:"call", id, call, input} object') });
    }
    const result = await core.dispatch(caller, frame.data.call, frame.data.input);
    send({ type: 'result', id: frame.data.id, result });
  }
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function idOf(json: unknown): number | null {
  if (typeof json !== 'object' || json === null || !('id' in json)) return null;
  const id = (json as { id: unknown }).id;
  return Number.isSafeInteger(id) && (id as number) >= 0 ? (id as number) : null;
}
