import type { Kysely } from 'kysely';
import type { PullQuery, PullResponse } from '../../../shared/sync/protocol.js';
import type { ServerDatabase } from '../db/schema.js';
import type { DeviceScope } from '../tenancy/devices.js';

/**
 * Rows of the device's scope with a version above the cursor, in version order.
 * Each row carries its last change's version, so the row table is the change log,
 * compacted per row: a row changed a thousand times is sent once.
 */
/** A page as JSON text: stored row JSON is spliced in as it is, never parsed and re-serialised. */
export interface PullPage {
  readonly json: string;
  readonly rowCount: number;
}

export async function pullPage(db: Kysely<ServerDatabase>, device: DeviceScope, query: PullQuery): Promise<PullPage> {
  const page = await readPage(db, device, query);
  const rows = page.rows.map(
    (row) =>
      `{"entity":${JSON.stringify(row.entity)},"id":${JSON.stringify(row.id)},"organisation_id":${JSON.stringify(row.organisation_id)},"site_id":${JSON.stringify(row.site_id)},"data":${row.data},"clocks":${row.clocks},"version":${Number(row.version)}}`,
  );
  return {
    json: `{"epoch":${JSON.stringify(page.epoch)},"reset":${page.reset},"rows":[${rows.join(',')}],"cursor":${page.cursor},"has_more":${page.has_more}}`,
    rowCount: rows.length,
  };
}

export async function pullRows(db: Kysely<ServerDatabase>, device: DeviceScope, query: PullQuery): Promise<PullResponse> {
  const page = await readPage(db, device, query);
  return { ...page, rows: page.rows.map((row) => ({ ...row, data: JSON.parse(row.data) as Record<string, unknown>, clocks: JSON.parse(row.clocks) as Record<string, string>, version: Number(row.version) })) };
}

interface StoredPage {
  epoch: string;
  reset: boolean;
  rows: { entity: string; id: string; organisation_id: string; site_id: string; data: string; clocks: string; version: number }[];
  cursor: number;
  has_more: boolean;
}

async function readPage(db: Kysely<ServerDatabase>, device: DeviceScope, query: PullQuery): Promise<StoredPage> {
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
    // A partner's copies of shared warnings belong to the site where the agreement holds.
    .where((eb) => eb.or([eb('entity', '<>', 'warning_projection'), eb('site_id', '=', device.siteId)]))
    .where('version', '>', query.cursor)
    .orderBy('version')
    .limit(query.limit + 1)
    .execute();
  const page = found.slice(0, query.limit);
  return {
    epoch: state.epoch,
    reset: false,
    rows: page,
    cursor: page.length > 0 ? Number(page.at(-1)?.version) : query.cursor,
    has_more: found.length > query.limit,
  };
}
