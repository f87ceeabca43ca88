import type { Database } from 'better-sqlite3';
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
    const query = sql`SELECT escalation_after_s, groups, lan_key FROM site_alarm_policy WHERE site_id = ${siteId}`;
    const row: unknown = this.read.prepare(query.text).get(...query.params);
    const parsed = sitePolicySchema.safeParse(row);
    return parsed.success ? parsed.data : null;
  }

  save(siteId: string, policy: SitePolicy): void {
    const query = sql`
      INSERT INTO site_alarm_policy (site_id, escalation_after_s, groups, lan_key, fetched_at)
      VALUES (${siteId}, ${policy.escalation_after_s}, ${policy.groups}, ${policy.lan_key}, ${this.now().toISOString()})
      ON CONFLICT (site_id) DO UPDATE SET escalation_after_s = excluded.escalation_after_s, groups = excluded.groups,
                                          lan_key = excluded.lan_key, fetched_at = excluded.fetched_at`;
    this.write.prepare(query.text).run(...query.params);
  }

  /** The sender's timing for this site; the 3 s delivery deadline is fixed by design. */
  senderConfig(siteId: string | null): SenderConfig {
    const policy = siteId ? this.get(siteId) : null;
    if (!policy) return defaultSenderConfig;
    return { deliveryDeadlineMs: defaultSenderConfig.deliveryDeadlineMs, escalationAfterMs: policy.escalation_after_s * 1000, groups: policy.groups };
  }
}
