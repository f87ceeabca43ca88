import type { Database } from 'better-sqlite3-multiple-ciphers';
import { DEFAULT_FOLLOW_UP_POLICY, followUpPolicySchema, type FollowUpPolicy } from '../../../shared/incident/follow-up-policy.js';
import { sql } from '../db/sql.js';
import type { ReplicaStore, Scope } from '../sync/replica-store.js';

/** The organisation's follow-up deadlines: replicated, so every PC plans the same tasks. */
export class FollowUpPolicyStore {
  constructor(
    private readonly replica: ReplicaStore,
    private readonly read: Database,
  ) {}

  get(organisationId: string): FollowUpPolicy {
    const query = sql`SELECT data FROM follow_up_policy WHERE organisation_id = ${organisationId}`;
    const data = this.read.prepare(query.text).pluck().get(...query.params) as string | undefined;
    // A row written by a newer version may lack nothing we need; a partial one falls back field by field.
    const parsed = followUpPolicySchema.safeParse({ ...DEFAULT_FOLLOW_UP_POLICY, ...(data ? (JSON.parse(data) as object) : {}) });
    return parsed.success ? parsed.data : DEFAULT_FOLLOW_UP_POLICY;
  }

  set(scope: Scope, policy: FollowUpPolicy): FollowUpPolicy {
    this.replica.writeRow('follow_up_policy', scope.organisationId, policy, scope);
    return this.get(scope.organisationId);
  }
}
