import WebSocket from 'ws';
import { pokeSchema } from '../../../shared/sync/protocol.js';
import type { Logger } from '../logger.js';

/**
 * Keeps one socket to the server open; a poke (or a fresh connection, which may have
 * missed pokes) asks the engine to sync. Reconnects with jittered backoff, forever.
 */
export function openRealtimeLink(serverUrl: string, credential: string, onPoke: () => void, logger: Logger): { close(): void } {
  const url = `${serverUrl.replace(/\/+$/, '').replace(/^http/, 'ws')}/v1/realtime`;
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
      onPoke();
    });
    ws.on('message', (data) => {
      try {
        if (pokeSchema.safeParse(JSON.parse(data.toString())).success) onPoke();
      } catch {
        logger.warn('ignored an unreadable realtime message');
      }
    });
    ws.on('error', (error) => logger.debug({ err: error }, 'realtime socket error'));
    ws.on('close', () => {
      socket = null;
      if (closed) return;
      failures += 1;
      const delay = Math.random() * Math.min(30_000, 500 * 2 ** Math.min(failures, 10));
      timer = setTimeout(connect, Math.max(200, delay));
      timer.unref?.();
    });
  };
  connect();
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    },
  };
}
