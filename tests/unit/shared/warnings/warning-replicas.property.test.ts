import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkPatch } from '../../../../shared/sync/validate-op.js';
import { HybridLogicalClock, type HlcStamp } from '../../../../shared/sync/hlc.js';
import { applyPatch, mergeRows, type RowState } from '../../../../shared/sync/merge.js';
import { purgeDue, warningState } from '../../../../shared/warnings/warning.js';

/**
 * Warnings on three PCs and the server, driven the way sync drives them: a PC writes with
 * `applyPatch` and queues the op; a push hands the server some of a PC's queued ops in order
 * (the server applies each with `applyPatch`, and a retried push may bring an op twice); a pull
 * folds the server's rows into the PC with `mergeRows`. Edits, revocations and expiries (a PC's
 * purge once the last day has passed) come in random order with random delivery. After every
 * step no replica shows a revoked warning again or holds personal data of a purged one; once
 * everything is delivered, all agree. Seeded, so a failure replays (VANGNET_FUZZ_SEED).
 */
const PCS = 3;
const IDS = ['w0', 'w1', 'w2'] as const;
type Id = (typeof IDS)[number];
const entity = 'visitor_warning';
/** PCs whose clocks disagree, so a later edit can carry an earlier stamp. */
const SKEW_MS = [0, 40, -30];
const insert = (id: Id) => ({ subject_name: `Karin Smit ${id}`, measure_kind: 'building_ban', reason_category: 'threat', decided_by: 'C', contact: 'T 1', valid_from: '2026-12-01', valid_until: '2026-12-10', match: ['0'.repeat(32)] });

type Action =
  | { kind: 'create'; pc: number; id: Id }
  | { kind: 'edit'; pc: number; id: Id; field: 'valid_until' | 'subject_name' | 'contact'; value: string }
  | { kind: 'revoke'; pc: number; id: Id }
  | { kind: 'expire'; pc: number; days: number }
  | { kind: 'push'; pc: number; count: number; retry: boolean }
  | { kind: 'pull'; pc: number };
const pc = fc.integer({ min: 0, max: PCS - 1 });
const id = fc.constantFrom(...IDS);
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), pc, id }),
  fc.oneof(
    fc.record({ kind: fc.constant('edit' as const), pc, id, field: fc.constant('valid_until' as const), value: fc.constantFrom('2026-12-20', '2027-01-15') }),
    fc.record({ kind: fc.constant('edit' as const), pc, id, field: fc.constant('subject_name' as const), value: fc.constantFrom('Karin Smid', 'K. Smit') }),
    fc.record({ kind: fc.constant('edit' as const), pc, id, field: fc.constant('contact' as const), value: fc.constantFrom('T 2', 'T 3') }),
  ),
  fc.record({ kind: fc.constant('revoke' as const), pc, id }),
  fc.record({ kind: fc.constant('expire' as const), pc, days: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('push' as const), pc, count: fc.integer({ min: 1, max: 4 }), retry: fc.boolean() }),
  fc.record({ kind: fc.constant('pull' as const), pc }),
);

interface Op {
  opId: number;
  id: Id;
  patch: Record<string, unknown>;
  hlc: HlcStamp;
}
interface Pc {
  rows: Map<Id, RowState>;
  outbox: Op[];
  clock: HybridLogicalClock;
  /** This PC's calendar: an expiry moves it on, and a purge follows when a warning's last day is behind. */
  day: Date;
}

const hasPersonalData = (row: RowState) => 'subject_name' in row.data || 'contact' in row.data;
const isPurged = (row: RowState | undefined) => row?.data['_deleted'] === true;

function run(actions: Action[]) {
  let wall = 1_000;
  const pcs: Pc[] = Array.from({ length: PCS }, (_, i) => ({ rows: new Map(), outbox: [], clock: new HybridLogicalClock(`dev${i}`, null, () => wall + (SKEW_MS[i] ?? 0)), day: new Date('2026-12-01T10:00:00Z') }));
  const server = new Map<Id, RowState>();
  const applied = new Set<number>();
  const created = new Set<Id>();
  // What each replica has once seen: a revocation or a purge must never be undone there.
  const seenRevoked = new Set<string>();
  const seenPurged = new Set<string>();
  let nextOp = 0;

  const write = (p: Pc, rowId: Id, patch: Record<string, unknown>) => {
    // The client refuses what the server refuses (no clearing a revocation); the model writes only valid patches.
    expect(checkPatch(entity, patch).ok).toBe(true);
    const hlc = p.clock.now();
    const verdict = applyPatch(entity, p.rows.get(rowId) ?? null, patch, hlc);
    if (!verdict.ok) throw new Error(verdict.message);
    p.rows.set(rowId, verdict.next);
    p.outbox.push({ opId: nextOp++, id: rowId, patch, hlc });
  };
  const receive = (p: Pc) => {
    for (const [rowId, remote] of server) {
      p.clock.observe(Object.values(remote.clocks).reduce((a, b) => (a > b ? a : b)));
      p.rows.set(rowId, mergeRows(p.rows.get(rowId) ?? null, remote, entity).next);
    }
    // A pulled tombstone takes queued ops' data with it (only the tombstone travels on).
    p.outbox = p.outbox.filter((op) => !isPurged(p.rows.get(op.id)) || op.patch['_deleted'] === true);
  };
  const invariants = () => {
    const replicas: [string, Map<Id, RowState>][] = [['server', server], ...pcs.map((p, i) => [`pc${i}`, p.rows] as [string, Map<Id, RowState>])];
    for (const [name, rows] of replicas) {
      for (const [rowId, row] of rows) {
        const key = `${name}/${rowId}`;
        if (isPurged(row)) seenPurged.add(key);
        else if (row.data['revoked'] === true) seenRevoked.add(key);
        if (seenPurged.has(key)) {
          expect(row.data).toEqual({ _deleted: true });
          expect(hasPersonalData(row)).toBe(false);
        } else if (seenRevoked.has(key)) {
          // Revoked stays revoked: never shown at a desk again, whatever edit arrived since.
          expect(row.data['revoked']).toBe(true);
          expect(warningState(row.data as { valid_from: string; valid_until: string; revoked?: boolean }, '2026-12-05')).toBe('revoked');
        }
      }
    }
  };

  for (const action of actions) {
    wall += 7;
    const p = pcs[action.pc] as Pc;
    const row = 'id' in action ? p.rows.get(action.id) : undefined;
    switch (action.kind) {
      case 'create':
        if (created.has(action.id)) break;
        created.add(action.id);
        write(p, action.id, insert(action.id));
        break;
      case 'edit':
        if (row && !isPurged(row) && row.data['revoked'] !== true) write(p, action.id, { [action.field]: action.value });
        break;
      case 'revoke':
        if (row && !isPurged(row) && row.data['revoked'] !== true) write(p, action.id, { revoked: true, revoked_at: p.day.toISOString() });
        break;
      case 'expire':
        p.day = new Date(p.day.getTime() + action.days * 86_400_000);
        for (const [rowId, current] of p.rows) if (!isPurged(current) && purgeDue(current.data, 0, p.day)) write(p, rowId, { _deleted: true });
        break;
      case 'push': {
        const sent = p.outbox.slice(0, action.count);
        for (const op of sent) {
          if (applied.has(op.opId)) continue; // the server keeps op ids: a retried push changes nothing
          const verdict = applyPatch(entity, server.get(op.id) ?? null, op.patch, op.hlc);
          if (!verdict.ok) throw new Error(verdict.message);
          server.set(op.id, verdict.next);
          applied.add(op.opId);
        }
        // A lost answer: the PC sends the same ops again next time.
        if (!action.retry) p.outbox = p.outbox.slice(sent.length);
        break;
      }
      case 'pull':
        receive(p);
        break;
    }
    invariants();
  }

  // Everyone comes online: every queue is pushed (twice, as a retry would), everyone pulls.
  for (let round = 0; round < 2; round += 1) {
    for (const p of pcs) {
      for (const op of p.outbox) {
        if (applied.has(op.opId)) continue;
        const verdict = applyPatch(entity, server.get(op.id) ?? null, op.patch, op.hlc);
        if (!verdict.ok) throw new Error(verdict.message);
        server.set(op.id, verdict.next);
        applied.add(op.opId);
      }
      p.outbox = [];
    }
    pcs.forEach(receive);
    invariants();
  }
  const serverRows = JSON.stringify([...server].sort());
  for (const p of pcs) expect(JSON.stringify([...p.rows].sort())).toBe(serverRows);
}

const seed = process.env['VANGNET_FUZZ_SEED'] ? Number(process.env['VANGNET_FUZZ_SEED']) : 20261201;
const numRuns = Number(process.env['VANGNET_FUZZ_RUNS'] ?? 600);

describe('visitor warnings on several replicas and the server (property)', () => {
  it('with random edits, revocations, expiries and delivery, every replica converges; no revoked warning reappears, no purged one keeps data', () => {
    fc.assert(fc.property(fc.array(actionArb, { minLength: 5, maxLength: 60 }), run), { seed, numRuns });
  }, 30_000);
});
