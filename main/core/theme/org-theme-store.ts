import type { Database } from 'better-sqlite3-multiple-ciphers';
import { DEFAULT_ORG_THEME, orgThemeSchema, type OrgTheme } from '../../../shared/theme/org-theme.js';
import { sql } from '../db/sql.js';
import type { ReplicaStore, Scope } from '../sync/replica-store.js';

/** The organisation's logo and colours: replicated, so every desk of it looks the same. */
export class OrgThemeStore {
  constructor(
    private readonly replica: ReplicaStore,
    private readonly read: Database,
  ) {}

  get(organisationId: string | null): OrgTheme {
    if (!organisationId) return DEFAULT_ORG_THEME;
    const query = sql`SELECT data FROM org_theme WHERE organisation_id = ${organisationId}`;
    const data = this.read.prepare(query.text).pluck().get(...query.params) as string | undefined;
    // A row that fails today's checks (a newer version's, or damaged) shows the neutral theme, not half of it.
    const parsed = orgThemeSchema.safeParse({ ...DEFAULT_ORG_THEME, ...(data ? (JSON.parse(data) as object) : {}) });
    return parsed.success ? parsed.data : DEFAULT_ORG_THEME;
  }

  set(scope: Scope, theme: OrgTheme): OrgTheme {
    this.replica.writeRow('org_theme', scope.organisationId, theme, scope);
    return this.get(scope.organisationId);
  }
}
