import { createHmac } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { v5 as uuidv5 } from 'uuid';
import { DELETED_FIELD } from '../../../shared/sync/entities.js';
import { formatHlc, parseHlc, type HlcStamp } from '../../../shared/sync/hlc.js';
import type { RowState } from '../../../shared/sync/merge.js';
import { normaliseName, storedVariants } from '../../../shared/warnings/match.js';
import { DEFAULT_WARNING_POLICY, purgeDue, warningPolicySchema, type WarningKeys } from '../../../shared/warnings/warning.js';
import type { ServerDatabase } from '../db/schema.js';

/**
 * What a partner organisation holds of another's warning (docs/warnings.md): keyed hashes of
 * the name's variants, the measure, the term and whom to call. Never the name, the date of
 * birth, the reason or the incidents. The server makes these rows; no device may write one.
 */

const PROJECTION_NAMESPACE = '8f1d2c3b-4a5e-4f60-9b7c-1d2e3f4a5b6c';
export const projectionId = (agreementId: string, warningId: string): string => uuidv5(`${agreementId}/${warningId}`, PROJECTION_NAMESPACE);

/**
 * Agreement keys derive from one server secret that lives outside the database (an
 * environment variable or a 0600 file), so a copy of the database holds no key; and a
 * key is never stored anywhere, it is computed when needed.
 */
export class WarningSecret {
  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('the warning secret must have at least 32 bytes');
  }

  agreementKey(agreementId: string): Buffer {
    return createHmac('sha256', this.secret).update(`agreement:${agreementId}`).digest();
  }

  organisationKey(organisationId: string): Buffer {
    return createHmac('sha256', this.secret).update(`organisation:${organisationId}`).digest();
  }
}

/** The same keyed hash as the PC's (main/core/warnings/warning-keys.ts): 128 bits of HMAC-SHA-256. */
export const keyedMatchKey = (key: Buffer, variant: string): string => createHmac('sha256', key).update(variant, 'utf8').digest('hex').slice(0, 32);

export interface WarningRowState extends RowState {
  id: string;
  organisationId: string;
  siteId: string;
}

export interface ProjectionWrite {
  id: string;
  entity: 'warning_projection' | 'visitor_warning';
  organisation_id: string;
  site_id: string;
  data: string;
  clocks: string;
  deleted: number;
}

type Db = Kysely<ServerDatabase> | Transaction<ServerDatabase>;

interface Agreement {
  id: string;
  site_id: string;
  to_site_id: string | null;
  to_organisation_id: string;
}

async function agreementsFrom(db: Db, organisationId: string, siteId: string): Promise<Agreement[]> {
  return db
    .selectFrom('sharing_agreement')
    .select(['id', 'site_id', 'to_site_id', 'to_organisation_id'])
    .where('from_organisation_id', '=', organisationId)
    .where('site_id', '=', siteId)
    .where('share_warnings', '=', 1)
    .where('ended_at', 'is', null)
    .execute();
}

/** The next stamp after everything the row has seen and after now, so a partner's merge takes it. */
function nextStamp(stamps: readonly HlcStamp[], nowMs: number): HlcStamp {
  const newest = stamps.reduce<HlcStamp | null>((max, stamp) => (max === null || stamp > max ? stamp : max), null);
  if (newest === null || parseHlc(newest).wall < nowMs) return formatHlc({ wall: nowMs, counter: 0, node: 'server' });
  const parts = parseHlc(newest);
  return formatHlc({ wall: parts.wall, counter: parts.counter + 1, node: 'server' });
}

const stampAll = (data: Record<string, unknown>, stamp: HlcStamp) => Object.fromEntries(Object.keys(data).map((field) => [field, stamp]));

/** A warning is shared while it is neither revoked nor purged. Its end date travels with it; the partner's desk checks it. */
function shareable(data: Record<string, unknown>): boolean {
  return data[DELETED_FIELD] !== true && data['revoked'] !== true && typeof data['subject_name'] === 'string';
}

/**
 * The projection rows the given warnings need now, for every agreement that shares their
 * organisation's warnings at their site: new or changed ones, and tombstones for revoked
 * or purged warnings. Rows that would not change are left out.
 */
export async function projectionsFor(db: Db, secret: WarningSecret, warnings: readonly WarningRowState[], now: Date): Promise<ProjectionWrite[]> {
  const writes: ProjectionWrite[] = [];
  const names = new Map<string, string>();
  for (const warning of warnings) {
    const agreements = await agreementsFrom(db, warning.organisationId, warning.siteId);
    if (agreements.length === 0) continue;
    if (!names.has(warning.organisationId)) {
      const org = await db.selectFrom('organisation').select('name').where('id', '=', warning.organisationId).executeTakeFirst();
      names.set(warning.organisationId, org?.name ?? '');
    }
    const ids = agreements.map((agreement) => projectionId(agreement.id, warning.id));
    const existing = new Map((await db.selectFrom('replica_row').select(['id', 'entity', 'data', 'clocks']).where('id', 'in', ids).execute()).map((row) => [row.id, row]));
    for (const agreement of agreements) {
      const id = projectionId(agreement.id, warning.id);
      const stored = existing.get(id);
      if (stored && stored.entity !== 'warning_projection') continue; // an id taken by something else is never overwritten
      const storedData = stored ? (JSON.parse(stored.data) as Record<string, unknown>) : null;
      if (storedData?.[DELETED_FIELD] === true) continue; // retracted for good
      const data = shareable(warning.data) ? projectionData(secret.agreementKey(agreement.id), agreement.id, warning, names.get(warning.organisationId) ?? '') : { [DELETED_FIELD]: true };
      if (!stored && data[DELETED_FIELD] === true) continue;
      if (storedData && JSON.stringify(storedData) === JSON.stringify(data)) continue;
      const stamp = nextStamp([...Object.values(warning.clocks), ...Object.values(stored ? (JSON.parse(stored.clocks) as Record<string, HlcStamp>) : {})], now.getTime());
      writes.push({ id, entity: 'warning_projection', organisation_id: agreement.to_organisation_id, site_id: agreement.to_site_id ?? agreement.site_id, data: JSON.stringify(data), clocks: JSON.stringify(stampAll(data, stamp)), deleted: data[DELETED_FIELD] === true ? 1 : 0 });
    }
  }
  return writes;
}

function projectionData(key: Buffer, agreementId: string, warning: WarningRowState, issuerName: string): Record<string, unknown> {
  const data = warning.data;
  const birthDate = typeof data['birth_date'] === 'string' ? data['birth_date'] : null;
  return {
    agreement_id: agreementId,
    issuer_organisation_id: warning.organisationId,
    issuer_name: issuerName,
    contact: data['contact'],
    measure_kind: data['measure_kind'],
    measure_text: data['measure_text'] ?? null,
    valid_from: data['valid_from'],
    valid_until: data['valid_until'],
    match: storedVariants(normaliseName(String(data['subject_name']))).map((variant) => keyedMatchKey(key, variant)),
    birth_hash: birthDate ? keyedMatchKey(key, `b:${birthDate}`) : null,
  };
}

/** Writes rows with fresh versions under the push lock; the caller holds the transaction. */
export async function writeVersioned(trx: Transaction<ServerDatabase>, rows: readonly ProjectionWrite[], now: Date): Promise<string[]> {
  if (rows.length === 0) return [];
  const state = await trx.updateTable('server_state').set((eb) => ({ version: eb.ref('version') })).where('id', '=', 1).returning('version').executeTakeFirstOrThrow();
  let version = Number(state.version);
  const at = now.toISOString();
  for (const row of rows) {
    version += 1;
    await trx
      .insertInto('replica_row')
      .values({ ...row, version, updated_at: at })
      .onConflict((oc) => oc.column('id').doUpdateSet({ data: row.data, clocks: row.clocks, deleted: row.deleted, version, updated_at: at }))
      .execute();
  }
  await trx.updateTable('server_state').set({ version }).where('id', '=', 1).execute();
  return [...new Set(rows.map((row) => row.organisation_id))];
}

/** An ended agreement takes its projections off the partner's PCs: each becomes a tombstone, which wipes it there. */
export async function retractAgreement(db: Kysely<ServerDatabase>, agreementId: string, now: Date): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const agreement = await trx.selectFrom('sharing_agreement').select(['to_organisation_id']).where('id', '=', agreementId).executeTakeFirst();
    if (!agreement) return [];
    const rows = await trx.selectFrom('replica_row').select(['id', 'site_id', 'data', 'clocks']).where('entity', '=', 'warning_projection').where('organisation_id', '=', agreement.to_organisation_id).where('deleted', '=', 0).execute();
    const tombstones = rows
      .filter((row) => (JSON.parse(row.data) as Record<string, unknown>)['agreement_id'] === agreementId)
      .map((row) => tombstone(row.id, 'warning_projection', agreement.to_organisation_id, row.site_id, JSON.parse(row.clocks) as Record<string, HlcStamp>, now));
    return writeVersioned(trx, tombstones, now);
  });
}

function tombstone(id: string, entity: ProjectionWrite['entity'], organisationId: string, siteId: string, clocks: Record<string, HlcStamp>, now: Date): ProjectionWrite {
  const stamp = nextStamp(Object.values(clocks), now.getTime());
  return { id, entity, organisation_id: organisationId, site_id: siteId, data: JSON.stringify({ [DELETED_FIELD]: true }), clocks: JSON.stringify({ [DELETED_FIELD]: stamp }), deleted: 1 };
}

/**
 * The server's purge: a warning whose end (its end date, or its revocation) lies more than the
 * organisation's retention behind is replaced by its tombstone, and so are its projections.
 * PCs purge too, and the tombstone reaches every replica by the usual pull.
 */
export async function purgeEndedWarnings(db: Kysely<ServerDatabase>, secret: WarningSecret, now: Date): Promise<{ purged: number; organisations: string[] }> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('server_state').set((eb) => ({ version: eb.ref('version') })).where('id', '=', 1).execute();
    const rows = await trx.selectFrom('replica_row').select(['id', 'organisation_id', 'site_id', 'data', 'clocks']).where('entity', '=', 'visitor_warning').where('deleted', '=', 0).execute();
    const policies = new Map<string, number>();
    const writes: ProjectionWrite[] = [];
    const purged: WarningRowState[] = [];
    for (const row of rows) {
      const data = JSON.parse(row.data) as Record<string, unknown>;
      if (!policies.has(row.organisation_id)) policies.set(row.organisation_id, await retentionDays(trx, row.organisation_id));
      if (!purgeDue(data, policies.get(row.organisation_id) ?? 0, now)) continue;
      const clocks = JSON.parse(row.clocks) as Record<string, HlcStamp>;
      const grave = tombstone(row.id, 'visitor_warning', row.organisation_id, row.site_id, clocks, now);
      writes.push(grave);
      purged.push({ id: row.id, organisationId: row.organisation_id, siteId: row.site_id, data: { [DELETED_FIELD]: true }, clocks: JSON.parse(grave.clocks) as Record<string, HlcStamp> });
    }
    writes.push(...(await projectionsFor(trx, secret, purged, now)));
    // Projections of agreements that ended since are tombstoned already; any left over for a purged warning go too.
    const organisations = await writeVersioned(trx, writes, now);
    return { purged: purged.length, organisations };
  });
}

async function retentionDays(db: Db, organisationId: string): Promise<number> {
  const row = await db.selectFrom('replica_row').select('data').where('id', '=', organisationId).where('entity', '=', 'warning_policy').executeTakeFirst();
  const parsed = warningPolicySchema.safeParse({ ...DEFAULT_WARNING_POLICY, ...(row ? (JSON.parse(row.data) as object) : {}) });
  return parsed.success ? parsed.data.retention_days : DEFAULT_WARNING_POLICY.retention_days;
}

/** GET /v1/warning-keys: the keys of agreements that share warnings with this device's organisation at its site. */
export async function warningKeysFor(db: Kysely<ServerDatabase>, secret: WarningSecret, device: { organisationId: string; siteId: string }): Promise<WarningKeys> {
  const agreements = await db
    .selectFrom('sharing_agreement')
    .select(['id', 'from_organisation_id', 'site_id', 'to_site_id'])
    .where('to_organisation_id', '=', device.organisationId)
    .where('share_warnings', '=', 1)
    .where('ended_at', 'is', null)
    .execute();
  return {
    agreements: agreements
      .filter((agreement) => (agreement.to_site_id ?? agreement.site_id) === device.siteId)
      .map((agreement) => ({ agreement_id: agreement.id, from_organisation_id: agreement.from_organisation_id, key: secret.agreementKey(agreement.id).toString('base64url') })),
    organisation_key: secret.organisationKey(device.organisationId).toString('base64url'),
  };
}
