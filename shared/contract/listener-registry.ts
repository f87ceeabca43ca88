import type { EventListener, VangnetApi } from './api.js';
import type { EventName } from './events.js';

type AnyListener = (payload: unknown) => void;

/** The `on`/`off` half of VangnetApi, plus `emit` for the transport that feeds it. */
export function createListenerRegistry(): Pick<VangnetApi, 'on' | 'off'> & { emit(event: EventName, payload: unknown): void } {
  const listeners = new Map<EventName, Set<AnyListener>>();
  const off = <E extends EventName>(event: E, listener: EventListener<E>) => {
    listeners.get(event)?.delete(listener as AnyListener);
  };
  return {
    on<E extends EventName>(event: E, listener: EventListener<E>) {
      const set = listeners.get(event) ?? new Set<AnyListener>();
      set.add(listener as AnyListener);
      listeners.set(event, set);
      return () => off(event, listener);
    },
    off,
    emit(event, payload) {
      listeners.get(event)?.forEach((listener) => listener(payload));
    },
  };
}
