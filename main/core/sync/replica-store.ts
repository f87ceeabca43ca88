import type { Database } from 'better-sqlite3';
import { ContractFailure } from '../../../shared/contract/result.js';
import { newId } from '../../../shared/domain/ids.js';
import { DELETED_FIELD, type EntityName } from '../../../shared/sync/entities.js';
import { HybridLogicalClock, maxHlc, type HlcStamp } from '../../../shared/sync/hlc.js';
import { applyPatch, mergeRows, type RowState } from '../../../shared/sync/merge.js';
import { SYNC_SCHEMA_VERSION, type PulledRow, type PushResponse, type SyncOp } from '../../../shared/sync/protocol.js';
import { checkRowId } from '../../../shared/sync/row-ids.js';
import { checkPatch, isServerOwned } from '../../../shared/sync/validate-op.js';

interface StoredRow {
  data: string;
  clocks: string;
}

export interface Scope {
  organisationId: string;
  siteId: string;
}

interface SyncStateRow {
  last_hlc: string | null;
  next_device_seq: number;
  cursor: number;
  epoch: string | null;
  last_sync_at: string | null;
  last_error: string | null;
}

/**
 * The one place replicated data is written (docs/replication.md). Each write commits, in one
 * transaction, the row, its per-field clocks, the HLC and an outbox op, so a crash
 * can lose neither the row nor the op that tells the server about it.
 */
export class ReplicaStore {
  private readonly clock: HybridLogicalClock;
  private readonly statements;

  constructor(
    private readonly write: Database,
    private readonly read: Database,
    deviceId: string,
    private readonly now: () => Date,
  ) {
    const last = write.prepare('SELECT last_hlc FROM sync_state WHERE id = 1').pluck().get() as string | null;
    this.clock = new HybridLogicalClock(deviceId, last, () => this.now().getTime());
    this.statements = {
      row: write.prepare<[string], StoredRow & { entity: string }>('SELECT entity, data, clocks FROM replica_row WHERE id = ?'),
      upsert: write.prepare(
        `INSERT INTO replica_row (id, entity, organisation_id, site_id, data, clocks, deleted, server_version)
         VALUES (@id, @entity, @organisation_id, @site_id, @data, @clocks, @deleted, @server_version)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, clocks = excluded.clocks, deleted = excluded.deleted,
           server_version = coalesce(excluded.server_version, replica_row.server_version)`,
      ),
      nextSeq: write.prepare('UPDATE sync_state SET next_device_seq = next_device_seq + 1, last_hlc = ? WHERE id = 1 RETURNING next_device_seq - 1 AS seq'),
      outbox: write.prepare('INSERT INTO outbox (device_seq, op_id, entity, row_id, patch, hlc, base_hlc, schema_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      pending: read.prepare('SELECT device_seq, op_id, entity, row_id, patch, hlc, base_hlc, schema_version FROM outbox ORDER BY device_seq LIMIT ?'),
      hasPendingFor: write.prepare<[string], number>('SELECT 1 FROM outbox WHERE row_id = ? LIMIT 1'),
    };
  }

  /** Validates, merges and queues a local change. Returns the row id. */
  writeRow(entity: EntityName, rowId: string, rawPatch: Record<string, unknown>, scope: Scope): string {
    const check = checkPatch(entity, rawPatch);
    if (!check.ok) throw new ContractFailure('INVALID_INPUT', check.message);
    if (isServerOwned(check.entity)) throw new ContractFailure('FORBIDDEN', `${entity} rows are written by the server only`);
    const ids = checkRowId(entity, rowId, check.patch, scope.organisationId);
    if (!ids.ok) throw new ContractFailure('INVALID_INPUT', ids.message);
    this.write.transaction(() => {
      const stored = this.statements.row.get(rowId);
      if (stored && stored.entity !== entity) throw new ContractFailure('CONFLICT', `row ${rowId} is a ${stored.entity}, not a ${entity}`);
      const current = stored ? parseRow(stored) : null;
      const hlc = this.clock.now();
      const verdict = applyPatch(entity, current, check.patch, hlc);
      if (!verdict.ok) throw new ContractFailure(verdict.code === 'IMMUTABLE' ? 'CONFLICT' : 'INVALID_INPUT', verdict.message);
      this.upsert(rowId, entity, scope, verdict.next, null);
      const { seq } = this.statements.nextSeq.get(hlc) as { seq: number };
      const baseHlc = current ? Object.values(current.clocks).reduce(maxHlc) : null;
      this.statements.outbox.run(seq, newId(), entity, rowId, JSON.stringify(check.patch), hlc, baseHlc, SYNC_SCHEMA_VERSION, this.now().toISOString());
    })();
    return rowId;
  }

  /**
   * After a purge: queued ops that still carry a purged row's data are dropped (only its
   * tombstone travels on), and the WAL, which holds old page images, is checkpointed and
   * emptied; secure_delete has zeroed the freed space in the file itself.
   */
  scrubPurged(entity: EntityName): number {
    const dropped = this.write
      .prepare(`DELETE FROM outbox WHERE entity = ? AND row_id IN (SELECT id FROM replica_row WHERE entity = ? AND deleted = 1) AND json_extract(patch, '$.${DELETED_FIELD}') IS NOT 1`)
      .run(entity, entity).changes;
    this.write.pragma('wal_checkpoint(TRUNCATE)');
    return dropped;
  }

  /** Several writes in one durable commit: one disk flush for a burst, such as an alarm's answers. */
  together(work: () => void): void {
    this.write.transaction(work)();
  }

  pendingOps(limit: number): SyncOp[] {
    const rows = this.statements.pending.all(limit) as (Omit<SyncOp, 'patch'> & { patch: string })[];
    return rows.map((row) => ({ ...row, patch: JSON.parse(row.patch) as Record<string, unknown> }));
  }

  pendingCount(): number {
    return this.read.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
  }

  /** Drops what the server acknowledged (applied or refused) and keeps the refusals to show. */
  acknowledge(sent: readonly SyncOp[], response: PushResponse): void {
    const at = this.now().toISOString();
    const byId = new Map(sent.map((op) => [op.op_id, op]));
    this.write.transaction(() => {
      for (const rejection of response.rejected) {
        const op = byId.get(rejection.op_id);
        this.write
          .prepare('INSERT OR REPLACE INTO sync_rejection (op_id, entity, row_id, code, message, rejected_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(rejection.op_id, op?.entity ?? 'unknown', op?.row_id ?? 'unknown', rejection.code, rejection.message, at);
      }
      this.write.prepare('DELETE FROM outbox WHERE device_seq <= ?').run(response.acked_through);
    })();
  }

  /** Folds a page of server rows in, field by field. With `seen`, records ids for a full re-sync. */
  applyPulled(rows: readonly PulledRow[], cursor: number, epoch: string, seen?: Set<string>): number {
    let changed = 0;
    let newest: HlcStamp | null = null;
    this.write.transaction(() => {
      for (const remote of rows) {
        seen?.add(remote.id);
        for (const clock of Object.values(remote.clocks)) if (newest === null || clock > newest) newest = clock;
        const stored = this.statements.row.get(remote.id);
        if (!stored) {
          // Nothing local to merge with (the common case on a first sync): take the row as it is.
          this.upsert(remote.id, remote.entity, { organisationId: remote.organisation_id, siteId: remote.site_id }, remote, remote.version);
          changed += 1;
          continue;
        }
        const merged = mergeRows(parseRow(stored), { data: remote.data, clocks: remote.clocks }, remote.entity);
        if (merged.changed) {
          this.upsert(remote.id, remote.entity, { organisationId: remote.organisation_id, siteId: remote.site_id }, merged.next, remote.version);
          changed += 1;
        }
      }
      // Our next stamp must order after everything we have seen, or an edit made after
      // seeing a row could lose to the version it replaced.
      if (newest !== null) this.clock.observe(newest);
      this.write.prepare('UPDATE sync_state SET cursor = ?, epoch = ?, last_hlc = ? WHERE id = 1').run(cursor, epoch, this.clock.latest());
    })();
    return changed;
  }

  /** After a full re-sync: rows the server no longer has (and we have no pending change for) go. */
  dropUnseen(seen: ReadonlySet<string>): number {
    let dropped = 0;
    this.write.transaction(() => {
      const ids = this.write.prepare('SELECT id FROM replica_row').pluck().all() as string[];
      const remove = this.write.prepare('DELETE FROM replica_row WHERE id = ?');
      for (const id of ids) {
        if (!seen.has(id) && !this.statements.hasPendingFor.get(id)) {
          remove.run(id);
          dropped += 1;
        }
      }
    })();
    return dropped;
  }

  syncState(): SyncStateRow {
    return this.read.prepare('SELECT last_hlc, next_device_seq, cursor, epoch, last_sync_at, last_error FROM sync_state WHERE id = 1').get() as SyncStateRow;
  }

  recordOutcome(error: string | null): void {
    if (error === null) this.write.prepare('UPDATE sync_state SET last_sync_at = ?, last_error = NULL WHERE id = 1').run(this.now().toISOString());
    else this.write.prepare('UPDATE sync_state SET last_error = ? WHERE id = 1').run(error.slice(0, 500));
  }

  rejectionCount(): number {
    return this.read.prepare('SELECT count(*) FROM sync_rejection').pluck().get() as number;
  }

  private upsert(id: string, entity: string, scope: Scope, state: RowState, serverVersion: number | null): void {
    this.statements.upsert.run({
      id,
      entity,
      organisation_id: scope.organisationId,
      site_id: scope.siteId,
      data: JSON.stringify(state.data),
      clocks: JSON.stringify(state.clocks),
      deleted: state.data[DELETED_FIELD] === true ? 1 : 0,
      server_version: serverVersion,
    });
  }
}

function parseRow(row: StoredRow): RowState {
  return { data: JSON.parse(row.data) as RowState['data'], clocks: JSON.parse(row.clocks) as RowState['clocks'] };
}
