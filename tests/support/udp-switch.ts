import dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';

export interface UdpSwitch {
  port: number;
  /** Datagrams passed on so far: proves the LAN path really ran through here. */
  forwarded(): number;
  /** Datagrams received from one member (by its port): proves that member's LAN path is open and uses the switch. */
  sentBy(port: number): number;
  /** Drop every datagram from now on, as a firewall that blocks UDP would. */
  block(): void;
  close(): Promise<void>;
}

/**
 * A tiny network between processes on one machine: every datagram sent to it goes on to
 * every other member's port. Blocking it cuts the LAN path without touching anything else.
 */
export async function startUdpSwitch(memberPorts: readonly number[]): Promise<UdpSwitch> {
  const socket = dgram.createSocket('udp4');
  let blocked = false;
  let forwarded = 0;
  const senders = new Map<number, number>();
  socket.on('message', (datagram, from) => {
    if (blocked) return;
    senders.set(from.port, (senders.get(from.port) ?? 0) + 1);
    for (const port of memberPorts) {
      if (port === from.port) continue;
      forwarded += 1;
      socket.send(datagram, port, '127.0.0.1');
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: (socket.address() as AddressInfo).port,
    forwarded: () => forwarded,
    sentBy: (port) => senders.get(port) ?? 0,
    block: () => {
      blocked = true;
    },
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
