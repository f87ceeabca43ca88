import type { PathMessage, PeerBeat } from '../../../shared/alarm/readiness.js';

/** A way for alarm messages and beacons to travel: the LAN, or the server's socket. Both run at once. */
export interface AlarmPath {
  /** Whether a message sent now can leave this PC (shown as readiness). */
  readonly open: boolean;
  send(message: PathMessage): Promise<void>;
  onMessage(listener: (message: PathMessage) => void): () => void;
  /** Peers' beacons that arrive as only who and which group (the server's batches); the LAN has none. */
  onPeerBeat?(listener: (beat: PeerBeat) => void): () => void;
}

export type AlarmPathName = 'lan' | 'server';
