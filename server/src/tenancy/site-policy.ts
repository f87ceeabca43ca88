import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DEFAULT_SITE_POLICY, type SitePolicy, type SitePolicyUpdate } from '../../../shared/alarm/site-policy.js';
import type { ServerDatabase } from '../db/schema.js';
import { TenancyError } from './directory.js';

/**
 * The site's alarm policy, made on first request with defaults and a fresh LAN key, so a
 * new site works without an administrator having to think of keys.
 */
export async function sitePolicy(db: Kysely<ServerDatabase>, siteId: string, now: Date): Promise<SitePolicy> {
  await db
    .insertInto('site_alarm_policy')
    .values({ site_id: siteId, ...DEFAULT_SITE_POLICY, lan_key: randomBytes(32).toString('base64'), updated_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('site_id').doNothing())
    .execute();
  const row = await db.selectFrom('site_alarm_policy').select(['escalation_after_s', 'groups', 'lan_key']).where('site_id', '=', siteId).executeTakeFirstOrThrow();
  return { escalation_after_s: Number(row.escalation_after_s), groups: Number(row.groups), lan_key: row.lan_key };
}

export async function updateSitePolicy(db: Kysely<ServerDatabase>, siteId: string, update: SitePolicyUpdate, now: Date): Promise<SitePolicy> {
  const site = await db.selectFrom('site').select('id').where('id', '=', siteId).executeTakeFirst();
  if (!site) throw new TenancyError('NOT_FOUND', `no site ${siteId}`);
  await sitePolicy(db, siteId, now);
  await db.updateTable('site_alarm_policy').set({ ...update, updated_at: now.toISOString() }).where('site_id', '=', siteId).execute();
  return sitePolicy(db, siteId, now);
}
