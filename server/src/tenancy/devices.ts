import type { Kysely, Transaction } from 'kysely';
import type { ServerDatabase } from '../db/schema.js';
import type { EnrolRequest, EnrolResponse, EnrolTokenRequest } from '../../../shared/sync/protocol.js';
import { hashSecret, newCredential, normaliseEnrolmentCode } from './secrets.js';

/** The device behind a request. Its scope is this, never anything the request says. */
export interface DeviceScope {
  readonly deviceId: string;
  readonly organisationId: string;
  readonly siteId: string;
}

export type AuthOutcome = { ok: true; device: DeviceScope } | { ok: false; code: 'UNAUTHENTICATED' | 'DEVICE_REVOKED' };

export async function authenticate(db: Kysely<ServerDatabase>, credential: string | undefined): Promise<AuthOutcome> {
  if (!credential) return { ok: false, code: 'UNAUTHENTICATED' };
  const row = await db
    .selectFrom('device')
    .innerJoin('organisation', 'organisation.id', 'device.organisation_id')
    .select(['device.id', 'device.organisation_id', 'device.site_id', 'device.revoked_at', 'organisation.disabled_at'])
    .where('device.credential_hash', '=', hashSecret(credential))
    .executeTakeFirst();
  if (!row) return { ok: false, code: 'UNAUTHENTICATED' };
  // A disabled organisation's devices are refused like revoked ones: the client stops and says so.
  if (row.revoked_at || row.disabled_at) return { ok: false, code: 'DEVICE_REVOKED' };
  return { ok: true, device: { deviceId: row.id, organisationId: row.organisation_id, siteId: row.site_id } };
}

/** Of these devices, those still allowed (not revoked, organisation not disabled): for the live sockets' re-check. */
export async function activeDevices(db: Kysely<ServerDatabase>, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('device')
    .innerJoin('organisation', 'organisation.id', 'device.organisation_id')
    .select('device.id')
    .where('device.id', 'in', [...ids])
    .where('device.revoked_at', 'is', null)
    .where('organisation.disabled_at', 'is', null)
    .execute();
  return rows.map((row) => row.id);
}

export function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  return match?.[1];
}

/** Trades a one-time code for a device credential, in one transaction: a code works once. */
export async function enrolDevice(db: Kysely<ServerDatabase>, request: EnrolRequest, now: Date): Promise<EnrolResponse | null> {
  const codeHash = hashSecret(normaliseEnrolmentCode(request.code));
  return db.transaction().execute(async (trx) => {
    // A device id is enrolled once; a reinstalled PC makes a new id.
    const existing = await trx.selectFrom('device').select('id').where('id', '=', request.device_id).executeTakeFirst();
    if (existing) return null;
    const claimed = await trx
      .updateTable('enrolment_code')
      .set({ used_at: now.toISOString(), device_id: request.device_id })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .returning(['organisation_id', 'site_id'])
      .executeTakeFirst();
    if (!claimed) return null;
    return insertDevice(trx, request, claimed, now);
  });
}

/** The device row and its credential (shown once, stored as a hash), in the caller's transaction. */
async function insertDevice(trx: Transaction<ServerDatabase>, request: { device_id: string; device_name: string }, scope: { organisation_id: string; site_id: string }, now: Date): Promise<EnrolResponse> {
  const credential = newCredential();
  await trx
    .insertInto('device')
    .values({ id: request.device_id, organisation_id: scope.organisation_id, site_id: scope.site_id, name: request.device_name, credential_hash: hashSecret(credential), acked_seq: 0, created_at: now.toISOString(), last_seen_at: null, revoked_at: null })
    .execute();
  const organisation = await trx.selectFrom('organisation').select(['id', 'name']).where('id', '=', scope.organisation_id).executeTakeFirstOrThrow();
  const site = await trx.selectFrom('site').select(['id', 'name']).where('id', '=', scope.site_id).executeTakeFirstOrThrow();
  const state = await trx.selectFrom('server_state').select('epoch').where('id', '=', 1).executeTakeFirstOrThrow();
  return { device_id: request.device_id, credential, organisation, site, epoch: state.epoch };
}

export type TokenEnrolment = { status: 'pending' } | { status: 'enrolled'; enrolled: EnrolResponse } | { status: 'refused' };

/**
 * A PC asks with its organisation's token. The first call records the request; later calls
 * with the same request key answer "pending" until an administrator approved it, then hand out
 * the credential once. The token alone never enrols anything.
 */
export async function requestEnrolment(db: Kysely<ServerDatabase>, request: EnrolTokenRequest, now: Date): Promise<TokenEnrolment> {
  return db.transaction().execute(async (trx): Promise<TokenEnrolment> => {
    const token = await trx.selectFrom('enrolment_token').select(['id', 'organisation_id', 'site_id']).where('token_hash', '=', hashSecret(request.token)).where('expires_at', '>', now.toISOString()).executeTakeFirst();
    if (!token) return { status: 'refused' };
    const keyHash = hashSecret(request.request_key);
    const asked = await trx.selectFrom('enrolment_request').selectAll().where('device_id', '=', request.device_id).executeTakeFirst();
    if (!asked) {
      if (await trx.selectFrom('device').select('id').where('id', '=', request.device_id).executeTakeFirst()) return { status: 'refused' };
      await trx
        .insertInto('enrolment_request')
        .values({ device_id: request.device_id, token_id: token.id, organisation_id: token.organisation_id, site_id: token.site_id, device_name: request.device_name, key_hash: keyHash, requested_at: now.toISOString(), approved_at: null, approved_by: null, claimed_at: null })
        .execute();
      return { status: 'pending' };
    }
    if (asked.key_hash !== keyHash || asked.token_id !== token.id || asked.claimed_at !== null) return { status: 'refused' };
    if (asked.approved_at === null) return { status: 'pending' };
    const claimed = await trx.updateTable('enrolment_request').set({ claimed_at: now.toISOString() }).where('device_id', '=', asked.device_id).where('claimed_at', 'is', null).executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return { status: 'refused' };
    return { status: 'enrolled', enrolled: await insertDevice(trx, { device_id: asked.device_id, device_name: asked.device_name }, asked, now) };
  });
}
