import WebSocket from 'ws';
import { z } from 'zod';
import { pacStatusSchema, type PacStatus } from '../../../shared/alarm/pac-status.js';
import { pathMessageSchema, relayedBeatSchema, type PathMessage, type PeerBeat } from '../../../shared/alarm/readiness.js';
import { pokeSchema } from '../../../shared/sync/protocol.js';
import type { Logger } from '../logger.js';

const alarmFrameSchema = z.object({ type: z.literal('alarm'), message: pathMessageSchema });
/** The server packs frames that leave together (a burst of answers, a second of beacons) into one message. */
const batchFrameSchema = z.object({ type: z.literal('batch'), frames: z.array(z.unknown()).max(100_000), beats: z.array(z.unknown()).max(100_000).optional() });

export interface RealtimeLink {
  readonly open: boolean;
  /** False when the socket is not open right now: the caller relies on its other paths. */
  sendAlarm(message: PathMessage): boolean;
  /** The server answered on another channel: stop waiting out the backoff and connect now. */
  retryNow(): void;
  close(): void;
}

/**
 * Keeps one socket to the server open; a poke (or a fresh connection, which may have
 * missed pokes) asks the engine to sync, alarm frames go to the alarm service, and `pac`
 * frames (the alarm centre's answer to this device's alarm) to `onPacStatus`.
 * Reconnects with jittered backoff, forever.
 */
export function openRealtimeLink(
  serverUrl: string,
  credential: string,
  handlers: { onPoke: () => void; onAlarm: (message: PathMessage) => void; onPeerBeat: (beat: PeerBeat) => void; onPacStatus: (status: PacStatus) => void; onOpen: () => void; onClose: () => void },
  logger: Logger,
): RealtimeLink {
  const url = `${serverUrl.replace(/\/+$/, '').replace(/^http/, 'ws')}/v1/realtime?batch=1`;
  let socket: WebSocket | null = null;
  let closed = false;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const connect = () => {
    if (closed) return;
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${credential}` }, handshakeTimeout: 10_000 });
    socket = ws;
    ws.on('open', () => {
      failures = 0;
      handlers.onPoke();
      handlers.onOpen();
    });
    const handle = (frame: unknown): boolean => {
      if (pokeSchema.safeParse(frame).success) return (handlers.onPoke(), true);
      const alarm = alarmFrameSchema.safeParse(frame);
      if (alarm.success) return (handlers.onAlarm(alarm.data.message), true);
      const pac = pacStatusSchema.safeParse(frame);
      if (pac.success) return (handlers.onPacStatus(pac.data), true);
      return false;
    };
    ws.on('message', (data) => {
      try {
        const frame: unknown = JSON.parse(data.toString());
        const batch = batchFrameSchema.safeParse(frame);
        // One bad frame in a batch is skipped; the rest still count.
        if (batch.success) {
          batch.data.frames.forEach((inner) => handle(inner) || logger.warn('ignored an unreadable frame in a realtime batch'));
          for (const beat of batch.data.beats ?? []) {
            const parsed = relayedBeatSchema.safeParse(beat);
            if (parsed.success) handlers.onPeerBeat({ device_id: parsed.data[0], group: parsed.data[1] });
            else logger.warn('ignored an unreadable beacon in a realtime batch');
          }
          return;
        }
        if (handle(frame)) return;
      } catch {
        /* fall through to the warning */
      }
      logger.warn('ignored an unreadable realtime message');
    });
    ws.on('error', (error) => logger.debug({ err: error }, 'realtime socket error'));
    ws.on('close', () => {
      socket = null;
      if (closed) return;
      handlers.onClose();
      failures += 1;
      const delay = Math.random() * Math.min(30_000, 500 * 2 ** Math.min(failures, 10));
      timer = setTimeout(() => {
        timer = null;
        connect();
      }, Math.max(200, delay));
      timer.unref?.();
    });
  };
  connect();
  return {
    get open() {
      return socket?.readyState === WebSocket.OPEN;
    },
    sendAlarm(message) {
      if (socket?.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify({ type: 'alarm', message }));
      return true;
    },
    retryNow() {
      // Only while waiting between attempts: a socket that is open or still connecting is left alone.
      if (closed || socket || !timer) return;
      clearTimeout(timer);
      timer = null;
      connect();
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    },
  };
}
