import type { Kysely } from 'kysely';
import { z } from 'zod';
import { displaySnapshot, MAX_DISPLAY_ORGANISATIONS, type DisplayFeed } from '../../../shared/house-rules/display-feed.js';
import { overrideSchema, publishedVersionSchema, type HouseRulesOverride, type PublishedVersion } from '../../../shared/house-rules/versions.js';
import type { ServerDatabase } from '../db/schema.js';
import type { DisplayScope } from '../tenancy/displays.js';

/**
 * The organisations a display shows, in turn: its own first, then every organisation at the
 * same site whose current agreement shares its house rules with the display's organisation
 * (by name). A partner that was disabled, or has left the site, drops out.
 */
export async function displayOrganisations(db: Kysely<ServerDatabase>, scope: Pick<DisplayScope, 'organisationId' | 'siteId'>): Promise<{ id: string; name: string }[]> {
  const own = await db.selectFrom('organisation').select(['id', 'name']).where('id', '=', scope.organisationId).executeTakeFirstOrThrow();
  const partners = await db
    .selectFrom('sharing_agreement')
    .innerJoin('organisation', 'organisation.id', 'sharing_agreement.from_organisation_id')
    .innerJoin('organisation_site', (join) => join.onRef('organisation_site.organisation_id', '=', 'sharing_agreement.from_organisation_id').onRef('organisation_site.site_id', '=', 'sharing_agreement.site_id'))
    .select(['organisation.id', 'organisation.name'])
    .distinct()
    .where('sharing_agreement.site_id', '=', scope.siteId)
    .where('sharing_agreement.to_organisation_id', '=', scope.organisationId)
    .where('sharing_agreement.from_organisation_id', '!=', scope.organisationId)
    .where('sharing_agreement.share_house_rules', '=', 1)
    .where('sharing_agreement.ended_at', 'is', null)
    .where('sharing_agreement.to_site_id', 'is', null)
    .where('organisation.disabled_at', 'is', null)
    .orderBy('organisation.name')
    .orderBy('organisation.id')
    .limit(MAX_DISPLAY_ORGANISATIONS - 1)
    .execute();
  return [own, ...partners];
}

const rowData = z.record(z.string(), z.unknown());

/**
 * What a display shows now: for each of its organisations, the same snapshot a PC's host
 * computes (`displaySnapshot`), from the replicated rows. Only published versions and
 * notices are read: a draft, staff rows, incidents and alarms are never even selected.
 */
export async function readDisplayFeed(db: Kysely<ServerDatabase>, scope: Pick<DisplayScope, 'organisationId' | 'siteId'>, now: Date): Promise<{ feed: DisplayFeed; organisationIds: string[] }> {
  const organisations = await displayOrganisations(db, scope);
  const ids = organisations.map((organisation) => organisation.id);
  const rows = await db
    .selectFrom('replica_row')
    .select(['id', 'entity', 'organisation_id', 'data'])
    .where('organisation_id', 'in', ids)
    .where('entity', 'in', ['house_rules_version', 'house_rules_override'])
    .where('deleted', '=', 0)
    .execute();
  const versions = new Map<string, PublishedVersion[]>(ids.map((id) => [id, []]));
  const overrides = new Map<string, HouseRulesOverride[]>(ids.map((id) => [id, []]));
  for (const row of rows) {
    // A row that does not parse (from a newer client, say) is skipped, as on a PC.
    let data: unknown;
    try {
      data = JSON.parse(row.data);
    } catch {
      continue;
    }
    const fields = rowData.safeParse(data);
    if (!fields.success) continue;
    const candidate = { ...fields.data, id: row.id };
    if (row.entity === 'house_rules_version') {
      const parsed = publishedVersionSchema.safeParse(candidate);
      if (parsed.success) versions.get(row.organisation_id)?.push(parsed.data);
    } else {
      const parsed = overrideSchema.safeParse(candidate);
      if (parsed.success) overrides.get(row.organisation_id)?.push(parsed.data);
    }
  }
  const feed = organisations.map((organisation) => displaySnapshot(versions.get(organisation.id) ?? [], overrides.get(organisation.id) ?? [], scope.siteId, organisation.name, now));
  return { feed, organisationIds: ids };
}
