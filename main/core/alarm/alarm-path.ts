import type { PathMessage } from '../../../shared/alarm/readiness.js';

/** A way for alarm messages and beacons to travel: the LAN, or the server's socket. Both run at once. */
export interface AlarmPath {
  /** Whether a message sent now can leave this PC (shown as readiness). */
  readonly open: boolean;
  send(message: PathMessage): Promise<void>;
  onMessage(listener: (message: PathMessage) => void): () => void;
}

export type AlarmPathName = 'lan' | 'server';
