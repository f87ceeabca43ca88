import dgram from 'node:dgram';
import type { PathMessage } from '../../../shared/alarm/readiness.js';
import type { Logger } from '../logger.js';
import type { AlarmPath } from './alarm-path.js';
import { encodeDatagram, LanVerifier, type LanTrust, type Rejection } from './lan-codec.js';

export interface LanOptions {
  siteId: string;
  /** This organisation's signing key, the public keys to check and the site's agreements. */
  trust: LanTrust;
  /** Multicast group and port (configurable per site). */
  group: string;
  port: number;
  /** The interface to send and join on; 0.0.0.0 lets the OS choose. */
  interfaceAddress: string;
  /** Extra unicast peers, for networks that drop multicast. */
  peers: readonly { host: string; port: number }[];
  logger: Logger;
  now?: () => number;
}

export interface LanTransport extends AlarmPath {
  close(): Promise<void>;
}

/**
 * The alarm's second path: works with the server down. Every datagram is signed with the
 * organisation's Ed25519 key; forged, replayed, foreign and out-of-audience ones are
 * dropped and logged.
 */
export async function openLanTransport(options: LanOptions): Promise<LanTransport> {
  const now = options.now ?? Date.now;
  const verifier = new LanVerifier(options.trust, options.siteId, now);
  const listeners = new Set<(message: PathMessage) => void>();
  const warned = new Map<string, number>();
  const neighbourly = (reason: Rejection) => reason === 'unknown_key' || reason === 'not_audience';
  const firstInAMinute = (keyId: string) => {
    const last = warned.get(keyId);
    if (last !== undefined && now() - last < 60_000) return false;
    if (warned.size > 1_000) warned.clear();
    warned.set(keyId, now());
    return true;
  };
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  socket.on('message', (datagram, remote) => {
    const decoded = verifier.decode(datagram);
    if (decoded.ok) {
      listeners.forEach((listener) => listener(decoded.message));
      return;
    }
    // A duplicate (the same message by multicast and by unicast) is normal. Another
    // organisation's PCs beat every few seconds: warn once a minute per key, not each time.
    const level = decoded.reason === 'replayed' || (neighbourly(decoded.reason) && !firstInAMinute(decoded.keyId ?? '')) ? 'debug' : 'warn';
    options.logger[level]({ reason: decoded.reason, key: decoded.keyId, organisation: decoded.organisationId, from: `${remote.address}:${remote.port}` }, 'LAN alarm datagram ignored');
  });
  socket.on('error', (error) => options.logger.error({ err: error }, 'LAN alarm socket error'));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, () => {
      socket.off('error', reject);
      socket.addMembership(options.group, options.interfaceAddress === '0.0.0.0' ? undefined : options.interfaceAddress);
      if (options.interfaceAddress !== '0.0.0.0') socket.setMulticastInterface(options.interfaceAddress);
      socket.setMulticastLoopback(true);
      socket.setMulticastTTL(1); // the site's own network, never beyond the first router
      resolve();
    });
  });
  let closed = false;
  const sendTo = (datagram: Buffer, port: number, host: string) => new Promise<void>((resolve, reject) => socket.send(datagram, port, host, (error) => (error ? reject(error) : resolve())));
  return {
    get open() {
      return !closed;
    },
    async send(message) {
      // This PC's key speaks for its own organisation only; anything else would be refused anyway.
      if (message.organisation_id !== options.trust.signing.organisationId) throw new Error('the LAN key belongs to another organisation than this message');
      const datagram = encodeDatagram(message, options.trust.signing);
      const targets = [{ host: options.group, port: options.port }, ...options.peers];
      const results = await Promise.allSettled(targets.map((target) => sendTo(datagram, target.port, target.host)));
      if (results.every((result) => result.status === 'rejected')) throw new Error('the alarm could not be sent on the LAN');
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close: () => {
      closed = true;
      return new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
