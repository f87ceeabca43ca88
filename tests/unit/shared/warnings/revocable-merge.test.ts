import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPatch, mergeRows, type RowState } from '../../../../shared/sync/merge.js';

const hlc = (ms: number, device: string) => `${String(ms).padStart(15, '0')}-0000-${device}`;
const insert = { subject_name: 'Karin Smit', measure_kind: 'building_ban', reason_category: 'threat', decided_by: 'C', contact: 'T 1', valid_from: '2026-12-01', valid_until: '2027-01-01', match: ['0'.repeat(32)] };

type Op = { kind: 'edit'; field: 'valid_until' | 'subject_name' | 'contact'; value: string } | { kind: 'revoke' } | { kind: 'purge' };
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('edit' as const), field: fc.constantFrom('valid_until' as const, 'subject_name' as const, 'contact' as const), value: fc.constantFrom('2027-02-01', 'Karin Smid', 'T 2') }),
  fc.constant({ kind: 'revoke' as const }),
  fc.constant({ kind: 'purge' as const }),
);
const patchOf = (op: Op): Record<string, unknown> => (op.kind === 'edit' ? { [op.field]: op.value } : op.kind === 'revoke' ? { revoked: true, revoked_at: '2026-12-02T10:00:00.000Z' } : { _deleted: true });

describe('revocable merge rule', () => {
  it('replicas that saw the same writes in any order agree; a revocation stays, a purge leaves no personal data (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ op: opArb, at: fc.integer({ min: 2, max: 50 }), replica: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 12 }), (writes, gossip) => {
        // Each replica starts from the insert, then makes its own writes locally.
        const start = applyPatch('visitor_warning', null, insert, hlc(1, 'dev0'));
        if (!start.ok) throw new Error(start.message);
        const replicas: RowState[] = [start.next, start.next, start.next];
        writes.forEach(({ op, at, replica }, i) => {
          const verdict = applyPatch('visitor_warning', replicas[replica] ?? null, patchOf(op), hlc(at * 100 + i, `dev${replica}`));
          if (!verdict.ok) throw new Error(verdict.message);
          replicas[replica] = verdict.next;
        });
        // Random partial gossip, then everyone hears everyone (any order must end the same).
        gossip.forEach((from, i) => {
          const to = (from + 1 + (i % 2)) % 3;
          replicas[to] = mergeRows(replicas[to] ?? null, replicas[from] as RowState, 'visitor_warning').next;
        });
        for (let round = 0; round < 2; round += 1) for (let a = 0; a < 3; a += 1) for (let b = 0; b < 3; b += 1) replicas[a] = mergeRows(replicas[a] ?? null, replicas[b] as RowState, 'visitor_warning').next;
        const [first, ...rest] = replicas.map((row) => JSON.stringify(row));
        rest.forEach((other) => expect(other).toBe(first));
        const final = replicas[0] as RowState;
        if (writes.some((w) => w.op.kind === 'purge')) expect(final.data).toEqual({ _deleted: true });
        else if (writes.some((w) => w.op.kind === 'revoke')) expect(final.data['revoked']).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });

  it('a purge reaches a replica that never saw the row, and a late edit does not bring the name back', () => {
    const purged = applyPatch('visitor_warning', null, { _deleted: true }, hlc(10, 'a'));
    expect(purged).toMatchObject({ ok: true, next: { data: { _deleted: true } } });
    if (!purged.ok) return;
    const late = applyPatch('visitor_warning', purged.next, { subject_name: 'Karin Smit' }, hlc(99, 'b'));
    expect(late).toMatchObject({ ok: true, changed: false, next: { data: { _deleted: true } } });
    expect(mergeRows(purged.next, { data: insert, clocks: Object.fromEntries(Object.keys(insert).map((k) => [k, hlc(99, 'b')])) }, 'visitor_warning')).toEqual({ next: purged.next, changed: false });
  });
});
