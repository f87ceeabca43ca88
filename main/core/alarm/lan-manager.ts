import type { SitePolicy } from '../../../shared/alarm/site-policy.js';
import type { Logger } from '../logger.js';
import { trustFromPolicy, trustFromSeed } from './lan-codec.js';
import { openLanTransport, type LanTransport } from './lan-transport.js';

/** Where the LAN path listens and sends; the site and its keys come later, from the server. */
export interface LanNetwork {
  group: string;
  port: number;
  interfaceAddress: string;
  peers: readonly { host: string; port: number }[];
  /**
   * A 32-byte Ed25519 seed from a file wins over the server's keys: for sites without a
   * central server, where one organisation's PCs all hold it.
   */
  keyOverride: Buffer | null;
}

/** Administratively scoped multicast (RFC 2365): stays inside the organisation's network. */
export const DEFAULT_LAN_NETWORK: LanNetwork = { group: '239.255.42.42', port: 47800, interfaceAddress: '0.0.0.0', peers: [], keyOverride: null };

/** The PC's organisation and site, from its settings or its enrolment. */
export interface LanScope {
  organisationId: string;
  siteId: string;
}

/**
 * Keeps the LAN path open for the device's current site and keys. When either changes
 * (enrolment, a rotated key, a new agreement) it closes the old socket and opens a new
 * one; changes are applied one at a time, in order.
 */
export class LanManager {
  private current: { id: string; transport: LanTransport } | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly network: LanNetwork,
    private readonly logger: Logger,
    private readonly attach: (transport: LanTransport | null) => void,
  ) {}

  update(scope: LanScope | null, policy: SitePolicy | null): Promise<void> {
    this.queue = this.queue
      .then(() => this.apply(scope, policy))
      .catch((error: unknown) => this.logger.error({ err: error }, 'LAN alarm path could not be opened; the server path still works'));
    return this.queue;
  }

  close(): Promise<void> {
    return this.update(null, null);
  }

  private async apply(scope: LanScope | null, policy: SitePolicy | null): Promise<void> {
    const override = this.network.keyOverride;
    const source = override ? `file:${override.toString('hex')}` : policy ? JSON.stringify([policy.signing_key, policy.public_keys, policy.agreements]) : null;
    const wanted = scope && source ? `${scope.siteId}:${scope.organisationId}:${source}` : null;
    if (wanted === (this.current?.id ?? null)) return;
    if (this.current) {
      this.attach(null);
      await this.current.transport.close();
      this.current = null;
    }
    if (!scope || !wanted) return;
    // Without a key file, the server's keys must be this organisation's (not one left over from before a re-enrolment).
    if (!override && policy?.signing_key.organisation_id !== scope.organisationId) return;
    const trust = override ? trustFromSeed(scope.organisationId, override) : policy ? trustFromPolicy(policy) : null;
    if (!trust) return;
    const transport = await openLanTransport({ siteId: scope.siteId, trust, group: this.network.group, port: this.network.port, interfaceAddress: this.network.interfaceAddress, peers: this.network.peers, logger: this.logger });
    this.current = { id: wanted, transport };
    this.attach(transport);
    this.logger.info({ group: this.network.group, port: this.network.port, key: override ? 'file' : 'server', keyId: trust.signing.keyId }, 'LAN alarm path open');
  }
}
