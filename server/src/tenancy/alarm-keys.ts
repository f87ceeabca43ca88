import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AlarmPublicKey } from '../../../shared/alarm/site-policy.js';
import type { ServerDatabase } from '../db/schema.js';
import { TenancyError } from './directory.js';
import type { AlarmKeySeal } from './server-key.js';

/** A fresh Ed25519 key pair as two 32-byte base64 strings (the seed and the public key). */
function newKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  if (!jwk.d || !jwk.x) throw new Error('Ed25519 key export without d and x');
  return { privateKey: Buffer.from(jwk.d, 'base64url').toString('base64'), publicKey: Buffer.from(jwk.x, 'base64url').toString('base64') };
}

/** The private key is stored sealed with the server key, never in clear. */
async function insertCurrent(db: Kysely<ServerDatabase>, seal: AlarmKeySeal, organisationId: string, now: Date): Promise<void> {
  const pair = newKeyPair();
  const keyId = randomUUID();
  await db
    .insertInto('organisation_alarm_key')
    .values({ key_id: keyId, organisation_id: organisationId, public_key: pair.publicKey, private_key: seal.seal(pair.privateKey, keyId), created_at: now.toISOString(), retired_at: null, valid_until: null })
    // Another request made the first key at the same moment: theirs wins, ours is dropped.
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}

/** The organisation's current signing key, made on first request. Only for that organisation's own devices. */
export async function currentSigningKey(db: Kysely<ServerDatabase>, seal: AlarmKeySeal, organisationId: string, now: Date): Promise<{ key_id: string; organisation_id: string; private_key: string }> {
  const read = () => db.selectFrom('organisation_alarm_key').select(['key_id', 'organisation_id', 'private_key']).where('organisation_id', '=', organisationId).where('retired_at', 'is', null).executeTakeFirst();
  const row = (await read()) ?? (await insertCurrent(db, seal, organisationId, now), await read());
  if (!row) throw new Error(`no alarm key for organisation ${organisationId}`);
  return { ...row, private_key: seal.open(row.private_key, row.key_id) };
}

/** Public keys (current, and retired ones still in their grace period) of these organisations. */
export async function publicKeys(db: Kysely<ServerDatabase>, seal: AlarmKeySeal, organisationIds: readonly string[], now: Date): Promise<AlarmPublicKey[]> {
  if (organisationIds.length === 0) return [];
  for (const organisationId of organisationIds) await currentSigningKey(db, seal, organisationId, now);
  const rows = await db
    .selectFrom('organisation_alarm_key')
    .select(['key_id', 'organisation_id', 'public_key', 'valid_until'])
    .where('organisation_id', 'in', [...organisationIds])
    .where((eb) => eb.or([eb('retired_at', 'is', null), eb('valid_until', '>', now.toISOString())]))
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({ key_id: row.key_id, organisation_id: row.organisation_id, public_key: row.public_key, valid_until: row.valid_until }));
}

/**
 * A new signing key for the organisation. The previous one stays valid for `graceS`
 * seconds, so PCs that still sign with it (not yet refreshed, or the server down) are heard.
 * Returns public facts only: private keys never leave through the admin API.
 */
export async function rotateAlarmKey(db: Kysely<ServerDatabase>, seal: AlarmKeySeal, organisationId: string, graceS: number, now: Date) {
  const organisation = await db.selectFrom('organisation').select('id').where('id', '=', organisationId).executeTakeFirst();
  if (!organisation) throw new TenancyError('NOT_FOUND', `no organisation ${organisationId}`);
  const previous = await currentSigningKey(db, seal, organisationId, now);
  const validUntil = new Date(now.getTime() + graceS * 1000).toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('organisation_alarm_key').set({ retired_at: now.toISOString(), valid_until: validUntil }).where('organisation_id', '=', organisationId).where('retired_at', 'is', null).execute();
    await insertCurrent(trx, seal, organisationId, now);
  });
  const current = await db.selectFrom('organisation_alarm_key').select(['key_id', 'public_key']).where('organisation_id', '=', organisationId).where('retired_at', 'is', null).executeTakeFirstOrThrow();
  return { organisation_id: organisationId, key_id: current.key_id, public_key: current.public_key, previous_key_id: previous.key_id, previous_valid_until: validUntil };
}
