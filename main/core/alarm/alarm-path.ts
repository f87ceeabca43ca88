import type { AlarmMessage } from '../../../shared/alarm/alarm-message.js';

/** A way for alarm messages to travel: the LAN, or the server's socket. Both run at once. */
export interface AlarmPath {
  send(message: AlarmMessage): Promise<void>;
  onMessage(listener: (message: AlarmMessage) => void): () => void;
}
