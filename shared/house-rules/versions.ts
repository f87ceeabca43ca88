import { z } from 'zod';
import { houseRulesContentSchema, overrideMessagesSchema } from './content.js';

export const publishedVersionSchema = z.object({
  id: z.uuid(),
  content: houseRulesContentSchema,
  starts_at: z.iso.datetime(),
  published_at: z.iso.datetime(),
  published_by: z.string().max(120),
  /** Null: every site of the organisation. */
  for_site_id: z.uuid().nullable(),
});
export type PublishedVersion = z.infer<typeof publishedVersionSchema>;

export const overrideSchema = z.object({
  id: z.uuid(),
  messages: overrideMessagesSchema,
  starts_at: z.iso.datetime(),
  ends_at: z.iso.datetime(),
  set_at: z.iso.datetime(),
  for_site_id: z.uuid().nullable(),
});
export type HouseRulesOverride = z.infer<typeof overrideSchema>;

const appliesTo = (siteId: string | null) => (row: { for_site_id: string | null }) => row.for_site_id === null || row.for_site_id === siteId;

/** Later publication first; the id (a UUIDv7, time-ordered) settles a tie in the same millisecond. */
const newestPublished = (a: PublishedVersion, b: PublishedVersion) => b.published_at.localeCompare(a.published_at) || b.id.localeCompare(a.id);

/**
 * The version a display shows now: of those for this site (or for all sites) whose start
 * has come, the one published last. A site's own version beats one for all sites, since a
 * coordinator made it for that building on purpose.
 */
export function currentVersion(versions: readonly PublishedVersion[], siteId: string | null, now: Date): PublishedVersion | null {
  const started = versions.filter(appliesTo(siteId)).filter((version) => Date.parse(version.starts_at) <= now.getTime());
  const ownSite = started.filter((version) => version.for_site_id !== null).sort(newestPublished);
  const allSites = started.filter((version) => version.for_site_id === null).sort(newestPublished);
  return ownSite[0] ?? allSites[0] ?? null;
}

export type VersionState = 'current' | 'scheduled' | 'superseded';

/** Every version with what it is now, newest publication first: the history the editor shows. */
export function versionHistory(versions: readonly PublishedVersion[], siteId: string | null, now: Date): { version: PublishedVersion; state: VersionState }[] {
  const current = currentVersion(versions, siteId, now);
  return [...versions].sort(newestPublished).map((version) => ({
    version,
    state: version.id === current?.id ? 'current' : Date.parse(version.starts_at) > now.getTime() ? 'scheduled' : 'superseded',
  }));
}

/** The override showing now: the one set last among those running for this site. */
export function currentOverride(overrides: readonly HouseRulesOverride[], siteId: string | null, now: Date): HouseRulesOverride | null {
  const at = now.getTime();
  const running = overrides.filter(appliesTo(siteId)).filter((override) => Date.parse(override.starts_at) <= at && at < Date.parse(override.ends_at));
  return running.sort((a, b) => b.set_at.localeCompare(a.set_at) || b.id.localeCompare(a.id))[0] ?? null;
}

/** When what a display shows may next change by the clock alone (a scheduled start, an override's start or end). */
export function nextChangeAt(versions: readonly PublishedVersion[], overrides: readonly HouseRulesOverride[], siteId: string | null, now: Date): string | null {
  const at = now.getTime();
  const moments = [
    ...versions.filter(appliesTo(siteId)).map((version) => version.starts_at),
    ...overrides.filter(appliesTo(siteId)).flatMap((override) => [override.starts_at, override.ends_at]),
  ].filter((moment) => Date.parse(moment) > at);
  return moments.sort()[0] ?? null;
}
