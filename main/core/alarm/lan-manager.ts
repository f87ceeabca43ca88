import type { Logger } from '../logger.js';
import { openLanTransport, type LanTransport } from './lan-transport.js';

/** Where the LAN path listens and sends; the site and its key come later, from the server. */
export interface LanNetwork {
  group: string;
  port: number;
  interfaceAddress: string;
  peers: readonly { host: string; port: number }[];
  /** A key from a file wins over the server's: for sites that run without a central server. */
  keyOverride: Buffer | null;
}

/** Administratively scoped multicast (RFC 2365): stays inside the organisation's network. */
export const DEFAULT_LAN_NETWORK: LanNetwork = { group: '239.255.42.42', port: 47800, interfaceAddress: '0.0.0.0', peers: [], keyOverride: null };

/**
 * Keeps the LAN path open for the device's current site and key. When either changes
 * (enrolment, a new key from the server) it closes the old socket and opens a new one;
 * changes are applied one at a time, in order.
 */
export class LanManager {
  private current: { id: string; transport: LanTransport } | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly network: LanNetwork,
    private readonly logger: Logger,
    private readonly attach: (transport: LanTransport | null) => void,
  ) {}

  update(siteId: string | null, serverKey: string | null): Promise<void> {
    this.queue = this.queue
      .then(() => this.apply(siteId, serverKey))
      .catch((error: unknown) => this.logger.error({ err: error }, 'LAN alarm path could not be opened; the server path still works'));
    return this.queue;
  }

  close(): Promise<void> {
    return this.update(null, null);
  }

  private async apply(siteId: string | null, serverKey: string | null): Promise<void> {
    const key = this.network.keyOverride ?? (serverKey ? Buffer.from(serverKey, 'base64') : null);
    const wanted = siteId && key ? `${siteId}:${key.toString('hex')}` : null;
    if (wanted === (this.current?.id ?? null)) return;
    if (this.current) {
      this.attach(null);
      await this.current.transport.close();
      this.current = null;
    }
    if (!siteId || !key || !wanted) return;
    const transport = await openLanTransport({ siteId, siteKey: key, group: this.network.group, port: this.network.port, interfaceAddress: this.network.interfaceAddress, peers: this.network.peers, logger: this.logger });
    this.current = { id: wanted, transport };
    this.attach(transport);
    this.logger.info({ group: this.network.group, port: this.network.port, key: this.network.keyOverride ? 'file' : 'server' }, 'LAN alarm path open');
  }
}
