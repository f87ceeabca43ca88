import type { PathMessage } from '../../../shared/alarm/readiness.js';

/** A way for alarm messages and beacons to travel: the LAN, or the server's socket. Both run at once. */
export interface AlarmPath {
  send(message: PathMessage): Promise<void>;
  onMessage(listener: (message: PathMessage) => void): () => void;
}
