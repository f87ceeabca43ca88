import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractFailure } from '../../../shared/contract/result.js';
import { newId } from '../../../shared/domain/ids.js';
import { DELETED_FIELD, type EntityName } from '../../../shared/sync/entities.js';
import { HybridLogicalClock, maxHlc, parseHlc, type HlcStamp } from '../../../shared/sync/hlc.js';
import { applyPatch, mergeRows, type RowState } from '../../../shared/sync/merge.js';
import { SYNC_SCHEMA_VERSION, type PulledRow, type PushResponse, type SyncOp } from '../../../shared/sync/protocol.js';
import { checkRowId } from '../../../shared/sync/row-ids.js';
import { checkPatch, isServerOwned } from '../../../shared/sync/validate-op.js';
import type { RowIndex } from './row-index.js';

/** The push body around its ops: `{"schema_version":1,"ops":[]}`. */
const ENVELOPE_BYTES = Buffer.byteLength(JSON.stringify({ schema_version: SYNC_SCHEMA_VERSION, ops: [] }));

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
  /** Rows written in the current transaction, by entity, for the indexes. */
  private readonly written = new Map<string, string[]>();
  private readonly indexedEntities: ReadonlySet<string>;

  constructor(
    private readonly write: Database,
    private readonly read: Database,
    private readonly deviceId: string,
    private readonly now: () => Date,
    private readonly indexes: readonly RowIndex[] = [],
  ) {
    this.indexedEntities = new Set(indexes.flatMap((index) => [...index.entities]));
    const last = write.prepare('SELECT last_hlc FROM sync_state WHERE id = 1').pluck().get() as string | null;
    this.clock = new HybridLogicalClock(deviceId, last, () => this.now().getTime());
    this.statements = {
      row: write.prepare<[string], StoredRow & { entity: string }>('SELECT entity, data, clocks FROM replica_row WHERE id = ?'),
      // Positional parameters: binding by name costs a lookup per value, which shows on a pull of 100k rows.
      upsert: write.prepare<[string, string, string, string, string, string, number, number | null]>(
        `INSERT INTO replica_row (id, entity, organisation_id, site_id, data, clocks, deleted, server_version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, clocks = excluded.clocks, deleted = excluded.deleted,
           server_version = coalesce(excluded.server_version, replica_row.server_version)`,
      ),
      /** A pulled row we do not have yet is taken as it is: one statement, no read first. */
      insertNew: write.prepare<[string, string, string, string, string, string, number, number]>(
        `INSERT INTO replica_row (id, entity, organisation_id, site_id, data, clocks, deleted, server_version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      ),
      nextSeq: write.prepare('UPDATE sync_state SET next_device_seq = next_device_seq + 1, last_hlc = ? WHERE id = 1 RETURNING next_device_seq - 1 AS seq'),
      outbox: write.prepare('INSERT INTO outbox (device_seq, op_id, entity, row_id, patch, hlc, base_hlc, schema_version, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      pendingSized: read.prepare('SELECT device_seq, op_id, entity, row_id, patch, hlc, base_hlc, schema_version, length(CAST(patch AS BLOB)) AS patch_bytes FROM outbox ORDER BY device_seq LIMIT ?'),
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
    this.transact(() => {
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
    });
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
    return this.pendingBatch(limit, Number.POSITIVE_INFINITY).ops;
  }

  /**
   * The oldest queued ops whose push body (`{"schema_version":…,"ops":[…]}` as JSON) stays within
   * `maxBytes`, measured in UTF-8 bytes, and that body's size. The first op always comes, however
   * large, so the caller decides what to do with an op that fits no batch.
   */
  pendingBatch(maxOps: number, maxBytes: number): { ops: SyncOp[]; bytes: number } {
    const ops: SyncOp[] = [];
    let bytes = ENVELOPE_BYTES;
    // Read lazily: with long narratives only a few ops fit, and reading the rest would cost more than the push.
    for (const row of this.statements.pendingSized.iterate(maxOps) as IterableIterator<Omit<SyncOp, 'patch'> & { patch: string; patch_bytes: number }>) {
      const { patch_bytes: patchBytes, ...stored } = row;
      // The patch is sent as stored (the same JSON text), so only the small rest is measured here.
      const size = Buffer.byteLength(JSON.stringify({ ...stored, patch: 0 })) - 1 + patchBytes + (ops.length > 0 ? 1 : 0);
      if (ops.length > 0 && bytes + size > maxBytes) break;
      ops.push({ ...stored, patch: JSON.parse(stored.patch) as Record<string, unknown> });
      bytes += size;
    }
    return { ops, bytes };
  }

  /**
   * An op the server cannot take at all (too large for any request, or malformed): it moves from
   * the outbox to the refused changes with its reason, as if the server had refused it, so the
   * ops after it still go. The local row keeps the change; the user sees the refusal.
   */
  refuse(op: SyncOp, code: string, message: string): void {
    this.write.transaction(() => {
      this.write
        .prepare('INSERT OR REPLACE INTO sync_rejection (op_id, entity, row_id, code, message, rejected_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(op.op_id, op.entity, op.row_id, code, message.slice(0, 1_000), this.now().toISOString());
      this.write.prepare('DELETE FROM outbox WHERE device_seq = ?').run(op.device_seq);
    })();
  }

  /** The refused changes, newest first, with the server's reason. */
  rejections(limit = 100): { op_id: string; entity: string; row_id: string; code: string; message: string; rejected_at: string }[] {
    return this.read.prepare('SELECT op_id, entity, row_id, code, message, rejected_at FROM sync_rejection ORDER BY rejected_at DESC, op_id LIMIT ?').all(limit) as ReturnType<ReplicaStore['rejections']>;
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
    this.transact(() => {
      for (const remote of rows) {
        seen?.add(remote.id);
        for (const clock of Object.values(remote.clocks.value)) if (newest === null || clock > newest) newest = clock;
        // Nothing local to merge with (the common case on a first sync): the insert stores the text as it came.
        const inserted = this.statements.insertNew.run(remote.id, remote.entity, remote.organisation_id, remote.site_id, remote.data.text, remote.clocks.text, remote.data.value[DELETED_FIELD] === true ? 1 : 0, remote.version);
        if (inserted.changes === 1) {
          this.noteWritten(remote.entity, remote.id);
          changed += 1;
          continue;
        }
        const stored = this.statements.row.get(remote.id);
        if (!stored) throw new Error(`row ${remote.id} is neither new nor stored`);
        const merged = mergeRows(parseRow(stored), { data: remote.data.value, clocks: remote.clocks.value }, remote.entity);
        if (merged.changed) {
          this.upsert(remote.id, remote.entity, { organisationId: remote.organisation_id, siteId: remote.site_id }, merged.next, remote.version);
          changed += 1;
        }
      }
      // Our next stamp must order after everything we have seen, or an edit made after
      // seeing a row could lose to the version it replaced.
      if (newest !== null) this.clock.observe(newest);
      this.write.prepare('UPDATE sync_state SET cursor = ?, epoch = ?, last_hlc = ? WHERE id = 1').run(cursor, epoch, this.clock.latest());
    });
    return changed;
  }

  /**
   * The server came back from a backup (a new epoch): what it acknowledged from us since that
   * backup is gone there, and nothing else would ever send it again. Every row holding a
   * field this device wrote is queued again, one op per distinct clock in ascending order, so
   * the server merges each field with the clock it had here and the oldest op (the row's first
   * write, with its required fields) arrives first. Other devices do the same for theirs.
   * Returns the number of ops queued.
   */
  requeueOwnWrites(): number {
    let queued = 0;
    this.write.transaction(() => {
      const rows = this.write.prepare('SELECT id, entity, data, clocks FROM replica_row ORDER BY id').all() as (StoredRow & { id: string; entity: string })[];
      for (const row of rows) {
        const check = checkPatch(row.entity, {});
        if (!check.ok || isServerOwned(check.entity)) continue;
        const state = parseRow(row);
        const stamps = Object.values(state.clocks);
        if (!stamps.some((stamp) => parseHlc(stamp).node === this.deviceId)) continue;
        let base: HlcStamp | null = null;
        for (const hlc of [...new Set(stamps)].sort()) {
          const patch = Object.fromEntries(Object.entries(state.clocks).filter(([, stamp]) => stamp === hlc).map(([field]) => [field, state.data[field]]));
          const { seq } = this.statements.nextSeq.get(this.clock.latest()) as { seq: number };
          this.statements.outbox.run(seq, newId(), row.entity, row.id, JSON.stringify(patch), hlc, base, SYNC_SCHEMA_VERSION, this.now().toISOString());
          base = hlc;
          queued += 1;
        }
      }
    })();
    return queued;
  }

  /** After a full re-sync: rows the server no longer has (and we have no pending change for) go. */
  dropUnseen(seen: ReadonlySet<string>): number {
    let dropped = 0;
    this.transact(() => {
      const rows = this.write.prepare('SELECT id, entity FROM replica_row').all() as { id: string; entity: string }[];
      const remove = this.write.prepare('DELETE FROM replica_row WHERE id = ?');
      for (const { id, entity } of rows) {
        if (!seen.has(id) && !this.statements.hasPendingFor.get(id)) {
          remove.run(id);
          this.noteWritten(entity, id);
          dropped += 1;
        }
      }
    });
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
    this.statements.upsert.run(id, entity, scope.organisationId, scope.siteId, JSON.stringify(state.data), JSON.stringify(state.clocks), state.data[DELETED_FIELD] === true ? 1 : 0, serverVersion);
    this.noteWritten(entity, id);
  }

  private noteWritten(entity: string, id: string): void {
    if (!this.indexedEntities.has(entity)) return;
    const ids = this.written.get(entity);
    if (ids) ids.push(id);
    else this.written.set(entity, [id]);
  }

  /** One write transaction; before it commits, the indexes hear of the rows it wrote. */
  private transact(work: () => void): void {
    this.write.transaction(() => {
      try {
        work();
        for (const [entity, ids] of this.written) {
          const list = JSON.stringify(ids);
          for (const index of this.indexes) if (index.entities.has(entity)) index.rowsWritten(entity, list);
        }
      } finally {
        this.written.clear();
      }
    })();
  }
}

function parseRow(row: StoredRow): RowState {
  return { data: JSON.parse(row.data) as RowState['data'], clocks: JSON.parse(row.clocks) as RowState['clocks'] };
}
