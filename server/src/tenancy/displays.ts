import type { Kysely } from 'kysely';
import type { ServerDatabase } from '../db/schema.js';
import { hashSecret } from './secrets.js';

/** The display behind a request: it sees its site's published house rules, and nothing else. */
export interface DisplayScope {
  readonly displayId: string;
  readonly organisationId: string;
  readonly siteId: string;
}

export type DisplayAuthOutcome = { ok: true; display: DisplayScope } | { ok: false; code: 'UNAUTHENTICATED' | 'DEVICE_REVOKED' };

/** Looked up afresh on every request, so a revocation bites on the very next one. */
export async function authenticateDisplay(db: Kysely<ServerDatabase>, credential: string | undefined, now: Date): Promise<DisplayAuthOutcome> {
  if (!credential) return { ok: false, code: 'UNAUTHENTICATED' };
  const row = await db
    .selectFrom('display')
    .innerJoin('organisation', 'organisation.id', 'display.organisation_id')
    .select(['display.id', 'display.organisation_id', 'display.site_id', 'display.revoked_at', 'display.last_seen_at', 'organisation.disabled_at'])
    .where('display.credential_hash', '=', hashSecret(credential))
    .executeTakeFirst();
  if (!row) return { ok: false, code: 'UNAUTHENTICATED' };
  if (row.revoked_at || row.disabled_at) return { ok: false, code: 'DEVICE_REVOKED' };
  // At most once a minute: an administrator finds a TV that went dark, without a write per request.
  if (!row.last_seen_at || now.getTime() - Date.parse(row.last_seen_at) > 60_000) {
    await db.updateTable('display').set({ last_seen_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  return { ok: true, display: { displayId: row.id, organisationId: row.organisation_id, siteId: row.site_id } };
}

/** Of these displays, those still allowed (not revoked, organisation not disabled): for the live sockets' re-check. */
export async function activeDisplays(db: Kysely<ServerDatabase>, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('display')
    .innerJoin('organisation', 'organisation.id', 'display.organisation_id')
    .select('display.id')
    .where('display.id', 'in', [...ids])
    .where('display.revoked_at', 'is', null)
    .where('organisation.disabled_at', 'is', null)
    .execute();
  return rows.map((row) => row.id);
}
