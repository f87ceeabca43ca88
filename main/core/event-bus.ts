import { events, type EventName, type EventPayload } from '../../shared/contract/events.js';
import type { Logger } from './logger.js';

export type CoreEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Core → transports. Payloads are checked against the contract before anyone hears them. */
export class EventBus {
  private readonly listeners = new Set<CoreEventListener>();

  constructor(private readonly logger: Logger) {}

  subscribe(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const parsed = events[event].payload.safeParse(payload);
    if (!parsed.success) {
      this.logger.error({ event, issues: parsed.error.issues }, 'refused to emit an event that breaks the contract');
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(event, parsed.data as EventPayload<E>);
      } catch (error) {
        this.logger.error({ event, err: error }, 'event listener failed');
      }
    }
  }
}
