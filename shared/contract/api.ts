import type { CallInput, CallName, CallOutput } from './calls.js';
import type { EventName, EventPayload } from './events.js';
import type { Result } from './result.js';

export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;

/**
 * What the renderer sees as `window.vangnet`, whatever the transport
 * (Electron IPC through preload, or the web host's WebSocket bridge).
 */
export interface VangnetApi {
  invoke<N extends CallName>(call: N, input: CallInput<N>): Promise<Result<CallOutput<N>>>;
  /** Returns a function that removes the listener (same as `off`). */
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
  off<E extends EventName>(event: E, listener: EventListener<E>): void;
}

/** Electron IPC channels: the one list both preload and the shell use. */
export const ipcChannels = {
  invoke: 'vangnet:invoke',
  event: 'vangnet:event',
} as const;
