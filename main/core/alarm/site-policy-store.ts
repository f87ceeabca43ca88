import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { SiteAudience } from '../../../shared/alarm/audience.js';
import { defaultSenderConfig, type SenderConfig } from '../../../shared/alarm/sender-machine.js';
import { sitePolicySchema, type SitePolicy } from '../../../shared/alarm/site-policy.js';
import { sql } from '../db/sql.js';

/** The last alarm policy the server gave for a site, kept so it works while the server is down. */
export class SitePolicyStore {
  constructor(
    private readonly write: Database,
    private readonly read: Database,
    private readonly now: () => Date,
  ) {}

  get(siteId: string): SitePolicy | null {
    const query = sql`SELECT policy FROM site_alarm_policy WHERE site_id = ${siteId}`;
    const text = this.read.prepare(query.text).pluck().get(...query.params);
    if (typeof text !== 'string') return null;
    try {
      const parsed = sitePolicySchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  save(siteId: string, policy: SitePolicy): void {
    const query = sql`
      INSERT INTO site_alarm_policy (site_id, policy, fetched_at)
      VALUES (${siteId}, ${JSON.stringify(sitePolicySchema.parse(policy))}, ${this.now().toISOString()})
      ON CONFLICT (site_id) DO UPDATE SET policy = excluded.policy, fetched_at = excluded.fetched_at`;
    this.write.prepare(query.text).run(...query.params);
  }

  /**
   * This PC's organisation and the site's alarm-sharing agreements, for the per-alarm
   * audience rule; null until the server has given a policy for the site.
   */
  audience(siteId: string): SiteAudience | null {
    const policy = this.get(siteId);
    return policy ? { organisationId: policy.signing_key.organisation_id, agreements: policy.agreements } : null;
  }

  /** The sender's timing for this site; the 3 s delivery deadline is fixed by design. */
  senderConfig(siteId: string | null): SenderConfig {
    const policy = siteId ? this.get(siteId) : null;
    if (!policy) return defaultSenderConfig;
    return { deliveryDeadlineMs: defaultSenderConfig.deliveryDeadlineMs, escalationAfterMs: policy.escalation_after_s * 1000, groups: policy.groups };
  }
}
