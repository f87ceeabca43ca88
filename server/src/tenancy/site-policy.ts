import type { Kysely } from 'kysely';
import { DEFAULT_SITE_POLICY, type SitePolicy, type SitePolicyUpdate } from '../../../shared/alarm/site-policy.js';
import type { ServerDatabase } from '../db/schema.js';
import { currentSigningKey, publicKeys } from './alarm-keys.js';
import { TenancyError } from './directory.js';
import type { AlarmKeySeal } from './server-key.js';

/** The site's escalation (time and groups), made on first request with defaults. */
export async function siteEscalation(db: Kysely<ServerDatabase>, siteId: string, now: Date): Promise<SitePolicyUpdate> {
  await db
    .insertInto('site_alarm_policy')
    .values({ site_id: siteId, ...DEFAULT_SITE_POLICY, updated_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('site_id').doNothing())
    .execute();
  const row = await db.selectFrom('site_alarm_policy').select(['escalation_after_s', 'groups']).where('site_id', '=', siteId).executeTakeFirstOrThrow();
  return { escalation_after_s: Number(row.escalation_after_s), groups: Number(row.groups) };
}

/** Alarm-sharing agreements whose alarms stay at this site (the LAN is one site). */
export async function siteAlarmAgreements(db: Kysely<ServerDatabase>, siteId: string): Promise<{ from: string; to: string }[]> {
  const rows = await db
    .selectFrom('sharing_agreement')
    .select(['from_organisation_id', 'to_organisation_id'])
    .where('site_id', '=', siteId)
    .where('share_alarms', '=', 1)
    .where('ended_at', 'is', null)
    .where((eb) => eb.or([eb('to_site_id', 'is', null), eb('to_site_id', '=', siteId)]))
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({ from: row.from_organisation_id, to: row.to_organisation_id }));
}

/**
 * What a device of `organisationId` at `siteId` needs for the alarm: the site's escalation
 * (made on first request with defaults), its own organisation's signing key, the public keys
 * of every organisation whose LAN messages it must check (public only: it can check them,
 * never sign as them), and the site's alarm agreements.
 */
export async function sitePolicy(db: Kysely<ServerDatabase>, seal: AlarmKeySeal, scope: { organisationId: string; siteId: string }, now: Date): Promise<SitePolicy> {
  const policy = await siteEscalation(db, scope.siteId, now);
  const agreements = await siteAlarmAgreements(db, scope.siteId);
  const own = scope.organisationId;
  const partners = agreements.flatMap((agreement) => (agreement.to === own ? [agreement.from] : agreement.from === own ? [agreement.to] : []));
  // The other partners of an organisation whose alarms reach us answer those alarms too.
  const reachingUs = new Set(agreements.filter((agreement) => agreement.to === own).map((agreement) => agreement.from));
  const fellowPartners = agreements.filter((agreement) => reachingUs.has(agreement.from)).map((agreement) => agreement.to);
  return {
    ...policy,
    signing_key: await currentSigningKey(db, seal, own, now),
    public_keys: await publicKeys(db, seal, [...new Set([own, ...partners, ...fellowPartners])], now),
    agreements,
  };
}

export async function updateSitePolicy(db: Kysely<ServerDatabase>, siteId: string, update: SitePolicyUpdate, now: Date): Promise<SitePolicyUpdate> {
  const site = await db.selectFrom('site').select('id').where('id', '=', siteId).executeTakeFirst();
  if (!site) throw new TenancyError('NOT_FOUND', `no site ${siteId}`);
  await siteEscalation(db, siteId, now);
  await db.updateTable('site_alarm_policy').set({ ...update, updated_at: now.toISOString() }).where('site_id', '=', siteId).execute();
  return siteEscalation(db, siteId, now);
}
