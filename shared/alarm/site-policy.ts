import { z } from 'zod';

/** What the server hands each PC about its site's alarm: escalation and the LAN key. */
export const sitePolicySchema = z.strictObject({
  /** Nobody coming after this many seconds: alert the next group. */
  escalation_after_s: z.number().int().min(5).max(600),
  /** How many groups the alarm can reach (group 1 at once, then one more per escalation). */
  groups: z.number().int().min(1).max(3),
  /** 32 random bytes, base64: signs LAN alarms and beacons at this site. */
  lan_key: z.base64().length(44),
});
export type SitePolicy = z.infer<typeof sitePolicySchema>;

export const sitePolicyUpdateSchema = sitePolicySchema.pick({ escalation_after_s: true, groups: true });
export type SitePolicyUpdate = z.infer<typeof sitePolicyUpdateSchema>;

export const DEFAULT_SITE_POLICY: SitePolicyUpdate = { escalation_after_s: 30, groups: 2 };
