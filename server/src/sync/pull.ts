import type { Kysely } from 'kysely';
import { PULL_AS_COLUMNS_SINCE, type PullQuery, type PullResponseV1 } from '../../../shared/sync/protocol.js';
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
  const head = `"epoch":${JSON.stringify(page.epoch)},"reset":${page.reset},"cursor":${page.cursor},"has_more":${page.has_more}`;
  if (query.schema_version < PULL_AS_COLUMNS_SINCE) {
    const rows = page.rows.map(
      (row) =>
        `{"entity":${JSON.stringify(row.entity)},"id":${JSON.stringify(row.id)},"organisation_id":${JSON.stringify(row.organisation_id)},"site_id":${JSON.stringify(row.site_id)},"data":${row.data},"clocks":${row.clocks},"version":${Number(row.version)}}`,
    );
    return { json: `{${head},"rows":[${rows.join(',')}]}`, rowCount: rows.length };
  }
  // Columns (pullResponseWireSchema): the stored JSON goes out as text, which the desk stores as it comes.
  const scopes = new Map<string, number>();
  const scopeOf = (row: StoredPage['rows'][number]) => {
    const key = `${row.organisation_id} ${row.site_id}`;
    let index = scopes.get(key);
    if (index === undefined) scopes.set(key, (index = scopes.size));
    return index;
  };
  const scope = page.rows.map(scopeOf);
  const column = (values: readonly unknown[]) => JSON.stringify(values);
  const rows = `{"entity":${column(page.rows.map((row) => row.entity))},"id":${column(page.rows.map((row) => row.id))},"scope":${column(scope)},"data":${column(page.rows.map((row) => row.data))},"clocks":${column(page.rows.map((row) => row.clocks))},"version":${column(page.rows.map((row) => Number(row.version)))}}`;
  const scopeList = JSON.stringify([...scopes.keys()].map((key) => key.split(' ')));
  return { json: `{${head},"scopes":${scopeList},"rows":${rows}}`, rowCount: page.rows.length };
}

/** A page as version 1 values, for tests that look at what the server holds. */
export async function pullRows(db: Kysely<ServerDatabase>, device: DeviceScope, query: PullQuery): Promise<PullResponseV1> {
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
