import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { newId } from '../../../shared/domain/ids.js';
import type { StaffIdentity } from '../../../shared/domain/staff.js';
import { accessEntrySchema, CHAIN_START, chainPayload, type AccessAction, type AccessEntry } from '../../../shared/warnings/access-log.js';
import type { ReplicaStore, Scope } from '../sync/replica-store.js';

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * This PC's chain of the warnings access log (shared/warnings/access-log.ts). An entry is
 * written through the replica store like any row, so it replicates, and in the caller's
 * transaction when it records a change, so a change never goes unlogged.
 */
export class AccessLog {
  constructor(
    private readonly replica: ReplicaStore,
    /** The write handle: the head must include entries committed a moment ago in this process. */
    private readonly read: Database,
    private readonly deviceId: () => string,
    private readonly desk: () => string,
    private readonly now: () => Date,
  ) {}

  append(scope: Scope, staff: StaffIdentity, action: AccessAction, about: { warning_id?: string; query_hash?: string | null; result?: 'hit' | 'no_hit' } = {}): void {
    const deviceId = this.deviceId();
    const head = this.read
      .prepare("SELECT json_extract(data, '$.seq') AS seq, json_extract(data, '$.hash') AS hash FROM replica_row WHERE entity = 'warning_access' AND json_extract(data, '$.device_id') = ? ORDER BY json_extract(data, '$.seq') DESC LIMIT 1")
      .get(deviceId) as { seq: number; hash: string } | undefined;
    const entry: Omit<AccessEntry, 'hash'> = {
      device_id: deviceId,
      seq: (head?.seq ?? 0) + 1,
      prev_hash: head?.hash ?? CHAIN_START,
      at: this.now().toISOString(),
      actor_id: staff.id,
      actor: staff.displayName,
      desk: this.desk().slice(0, 80),
      action,
      warning_id: about.warning_id ?? null,
      query_hash: about.query_hash ?? null,
      result: about.result ?? null,
    };
    this.replica.writeRow('warning_access', newId(), { ...entry, hash: sha256Hex(chainPayload(entry)) }, scope);
  }

  /** The organisation's log, newest first. */
  entries(organisationId: string, limit = 1_000): AccessEntry[] {
    const rows = this.read.prepare("SELECT data FROM warning_access WHERE organisation_id = ? ORDER BY json_extract(data, '$.at') DESC, json_extract(data, '$.seq') DESC LIMIT ?").pluck().all(organisationId, limit) as string[];
    return rows.flatMap((data) => {
      const parsed = accessEntrySchema.safeParse(JSON.parse(data));
      return parsed.success ? [parsed.data] : [];
    });
  }
}
