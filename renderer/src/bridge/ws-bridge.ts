import type { VangnetApi } from '../../../shared/contract/api.js';
import { createListenerRegistry } from '../../../shared/contract/listener-registry.js';
import type { CallName } from '../../../shared/contract/calls.js';
import { events, isEventName } from '../../../shared/contract/events.js';
import { fail, type Result } from '../../../shared/contract/result.js';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, serverFrameSchema, TOKEN_PROTOCOL_PREFIX } from '../../../shared/contract/wire.js';

export type LinkState = 'connecting' | 'open' | 'closed' | 'unauthenticated';

export interface WebSocketBridgeOptions {
  origin: string;
  token: string | null;
  onLinkState?: (state: LinkState) => void;
  callTimeoutMs?: number;
  createSocket?: (url: string, protocols: string[]) => WebSocket;
}

interface Pending {
  resolve: (result: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

const SOCKET_OPEN = 1;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5000;

/** `window.vangnet` for a browser on the web host: the same contract, over one WebSocket. */
export type WebSocketBridge = VangnetApi & { dispose(): void };

export function createWebSocketBridge(options: WebSocketBridgeOptions): WebSocketBridge {
  const { token, callTimeoutMs = 10_000 } = options;
  const createSocket = options.createSocket ?? ((url, protocols) => new WebSocket(url, protocols));
  const socketUrl = `${options.origin.replace(/^http/, 'ws')}${BRIDGE_PATH}`;
  const pending = new Map<number, Pending>();
  const outbox: string[] = [];
  const registry = createListenerRegistry();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let retryDelay = RECONNECT_MIN_MS;
  let everOpened = false;
  let disposed = false;

  const setState = (state: LinkState) => options.onLinkState?.(state);

  function connect(): void {
    if (disposed) return;
    setState('connecting');
    const ws = createSocket(socketUrl, [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`]);
    socket = ws;
    ws.addEventListener('open', () => {
      everOpened = true;
      retryDelay = RECONNECT_MIN_MS;
      setState('open');
      for (const frame of outbox.splice(0)) ws.send(frame);
    });
    ws.addEventListener('message', (message) => receive(message.data));
    // A refused or broken socket also fires close; that is where we decide what to do.
    ws.addEventListener('error', () => undefined);
    ws.addEventListener('close', () => {
      socket = null;
      if (disposed) return;
      // A host that never accepted us is refusing the token; retrying will not help.
      if (!everOpened) {
        setState('unauthenticated');
        failAll('UNAUTHENTICATED', 'the web host refused this session; open Vangnet again from the link the host printed');
        return;
      }
      setState('closed');
      setTimeout(connect, retryDelay + Math.random() * retryDelay);
      retryDelay = Math.min(retryDelay * 2, RECONNECT_MAX_MS);
    });
  }

  function receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = serverFrameSchema.safeParse(json);
    if (!parsed.success) return;
    const frame = parsed.data;
    if (frame.type === 'event') {
      if (!isEventName(frame.event)) return;
      const payload = events[frame.event].payload.safeParse(frame.payload);
      if (payload.success) registry.emit(frame.event, payload.data);
      return;
    }
    if (frame.id === null) return;
    const waiting = pending.get(frame.id);
    if (!waiting) return;
    pending.delete(frame.id);
    clearTimeout(waiting.timer);
    waiting.resolve(frame.result as Result<unknown>);
  }

  function failAll(code: 'UNAUTHENTICATED' | 'DISCONNECTED', message: string): void {
    for (const [id, waiting] of pending) {
      clearTimeout(waiting.timer);
      waiting.resolve(fail(code, message));
      pending.delete(id);
    }
    outbox.length = 0;
  }

  if (token) connect();
  else setState('unauthenticated');

  return {
    invoke(call: CallName, input: unknown) {
      if (!token) return Promise.resolve(fail('UNAUTHENTICATED', 'no session token: open Vangnet from the link the web host printed'));
      const id = nextId++;
      const frame = JSON.stringify({ type: 'call', id, call, input });
      return new Promise<Result<unknown>>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(fail('TIMEOUT', `no answer to ${call} within ${callTimeoutMs} ms`));
        }, callTimeoutMs);
        pending.set(id, { resolve, timer });
        if (socket?.readyState === SOCKET_OPEN) socket.send(frame);
        else outbox.push(frame);
      });
    },
    on: registry.on,
    off: registry.off,
    dispose() {
      disposed = true;
      socket?.close();
      failAll('DISCONNECTED', 'the bridge was closed');
    },
  } as WebSocketBridge;
}
