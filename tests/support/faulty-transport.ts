import type { Kysely } from 'kysely';
import type { SyncTransport } from '../../main/core/sync/transport.js';
import { pullQuerySchema, pullResponseSchema, pushRequestSchema, pushResponseSchema, type PullResponse, type PushRequest } from '../../shared/sync/protocol.js';
import type { ServerDatabase } from '../../server/src/db/schema.js';
import { pullPage } from '../../server/src/sync/pull.js';
import { pushBatch } from '../../server/src/sync/push.js';
import type { DeviceScope } from '../../server/src/tenancy/devices.js';

export type Fault = 'none' | 'drop-request' | 'drop-response' | 'duplicate' | 'replay-stale';

export class NetworkFault extends Error {}

/**
 * The real server functions behind a network that drops, duplicates and reorders.
 * Every message goes through JSON and the wire schemas, as it would over HTTP.
 */
export class FaultyTransport implements SyncTransport {
  fault: Fault = 'none';
  private readonly sentPushes: PushRequest[] = [];
  private readonly pulledPages: PullResponse[] = [];

  constructor(
    private readonly db: Kysely<ServerDatabase>,
    private readonly device: DeviceScope,
    private readonly now: () => Date,
    private readonly pick: () => number,
  ) {}

  async push(request: PushRequest) {
    const wire = pushRequestSchema.parse(JSON.parse(JSON.stringify(request)));
    if (this.fault === 'drop-request') throw new NetworkFault('request lost');
    if (this.fault === 'replay-stale' && this.sentPushes.length > 0) {
      // An old batch arrives late, before this one: the server must dedupe it.
      await pushBatch(this.db, this.device, this.stale(this.sentPushes), this.now());
    }
    this.sentPushes.push(wire);
    const outcome = await pushBatch(this.db, this.device, wire, this.now());
    if (this.fault === 'duplicate') await pushBatch(this.db, this.device, wire, this.now());
    if (this.fault === 'drop-response') throw new NetworkFault('response lost after commit');
    return pushResponseSchema.parse(JSON.parse(JSON.stringify(outcome.response)));
  }

  async pull(query: { cursor: number; limit: number; epoch: string | undefined; schema_version: number }) {
    const parsed = pullQuerySchema.parse({ ...query, epoch: query.epoch });
    if (this.fault === 'drop-request') throw new NetworkFault('request lost');
    const page = pullResponseSchema.parse(JSON.parse((await pullPage(this.db, this.device, parsed)).json));
    this.pulledPages.push(page);
    if (this.fault === 'drop-response') throw new NetworkFault('response lost');
    // A stale page from earlier overtakes the fresh one.
    if (this.fault === 'replay-stale' && this.pulledPages.length > 1) return this.stale(this.pulledPages.slice(0, -1));
    return page;
  }

  private stale<T>(items: readonly T[]): T {
    return items[Math.floor(this.pick() * items.length) % items.length] as T;
  }
}
