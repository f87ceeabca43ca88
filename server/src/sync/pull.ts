import type { Kysely } from 'kysely';
import type { PullQuery, PullResponse } from '../../../shared/sync/protocol.js';
import type { ServerDatabase } from '../db/schema.js';
import type { DeviceScope } from '../tenancy/devices.js';

/**
 * Rows of the device's scope with a version above the cursor, in version order.
 * Each row carries its last change's version, so the row table is the change log,
 * compacted per row: a row changed a thousand times is sent once.
 */
export async function pullRows(db: Kysely<ServerDatabase>, device: DeviceScope, query: PullQuery): Promise<PullResponse> {
  const state = await db.selectFrom('server_state').select(['epoch', 'version', 'min_version']).where('id', '=', 1).executeTakeFirstOrThrow();
  const epochChanged = query.epoch !== undefined && query.epoch !== state.epoch;
  const compactedPast = query.cursor > 0 && query.cursor < Number(state.min_version);
  const fromTheFuture = query.cursor > Number(state.version);
  if (epochChanged || compactedPast || fromTheFuture) {
    return { epoch: state.epoch, reset: true, rows: [], cursor: 0, has_more: true };
  }
  const found = await db
    .selectFrom('replica_row')
    .select(['id', 'entity', 'organisation_id', 'site_id', 'data', 'clocks', 'version'])
    .where('organisation_id', '=', device.organisationId)
    .where('version', '>', query.cursor)
    .orderBy('version')
    .limit(query.limit + 1)
    .execute();
  const page = found.slice(0, query.limit);
  return {
    epoch: state.epoch,
    reset: false,
    rows: page.map((row) => ({ entity: row.entity, id: row.id, organisation_id: row.organisation_id, site_id: row.site_id, data: JSON.parse(row.data) as Record<string, unknown>, clocks: JSON.parse(row.clocks) as Record<string, string>, version: Number(row.version) })),
    cursor: page.length > 0 ? Number(page.at(-1)?.version) : query.cursor,
    has_more: found.length > query.limit,
  };
}
