import { DELETED_FIELD, entities, isEntityName, type EntityName } from './entities.js';
import { HLC_ZERO, type HlcStamp } from './hlc.js';

/** A replicated row's fields and, per field, the HLC of the write that set it. */
export interface RowState {
  data: Record<string, unknown>;
  clocks: Record<string, HlcStamp>;
}

export type PatchVerdict = { ok: true; next: RowState; changed: boolean } | { ok: false; code: 'IMMUTABLE' | 'MISSING_FIELDS'; message: string };

/** Applies one op's patch under the entity's merge rule. The same function runs on server and client. */
export function applyPatch(entity: EntityName, current: RowState | null, patch: Record<string, unknown>, hlc: HlcStamp): PatchVerdict {
  const definition = entities[entity];
  // A purge may reach a replica (or the server) that never saw the row: it needs nothing else.
  const purgeOnly = definition.merge === 'revocable' && patch[DELETED_FIELD] === true;
  if (!current && !purgeOnly) {
    const missing = definition.requiredOnInsert.filter((field) => !(field in patch));
    if (missing.length > 0) return { ok: false, code: 'MISSING_FIELDS', message: `a new ${entity} needs ${missing.join(', ')}` };
  }
  if (definition.merge === 'append-only' && current) {
    return sameFields(current, patch) ? { ok: true, next: current, changed: false } : { ok: false, code: 'IMMUTABLE', message: `${entity} rows are append-only` };
  }
  const next: RowState = { data: { ...current?.data }, clocks: { ...current?.clocks } };
  let changed = false;
  for (const [field, value] of Object.entries(patch)) {
    if (hlc > (next.clocks[field] ?? HLC_ZERO)) {
      next.data[field] = value;
      next.clocks[field] = hlc;
      changed = true;
    }
  }
  const settled = settle(entity, next);
  // Under `revocable`, an edit that reaches a purged row changes nothing once settled.
  return { ok: true, next: settled, changed: changed && (definition.merge !== 'revocable' || !current || JSON.stringify(settled) !== JSON.stringify(current)) };
}

/** Folds a row from another replica into ours, field by field: a join, so order never matters. */
export function mergeRows(local: RowState | null, remote: RowState, entity: EntityName | string): { next: RowState; changed: boolean } {
  if (!local) return { next: settle(entity, { data: { ...remote.data }, clocks: { ...remote.clocks } }), changed: true };
  const next: RowState = { data: { ...local.data }, clocks: { ...local.clocks } };
  let changed = false;
  for (const [field, clock] of Object.entries(remote.clocks)) {
    if (clock > (next.clocks[field] ?? HLC_ZERO)) {
      next.data[field] = remote.data[field];
      next.clocks[field] = clock;
      changed = true;
    }
  }
  const settled = settle(entity, next);
  // Only a purged row can settle back to what it was; other rows skip the comparison.
  return { next: settled, changed: changed && (settled === next || JSON.stringify(settled) !== JSON.stringify(local)) };
}

/**
 * Under `revocable`, a purged row keeps only its tombstone: whatever field a late or
 * offline edit brings, with whatever clock, is dropped again, so personal data never
 * comes back. The revocation itself is a field no patch can clear (its only value is
 * true), so a revoked warning stays revoked whatever edit wins elsewhere.
 */
function settle(entity: EntityName | string, row: RowState): RowState {
  if (!isEntityName(entity) || entities[entity].merge !== 'revocable' || row.data[DELETED_FIELD] !== true) return row;
  const clock = row.clocks[DELETED_FIELD];
  return { data: { [DELETED_FIELD]: true }, clocks: clock ? { [DELETED_FIELD]: clock } : {} };
}

function sameFields(current: RowState, patch: Record<string, unknown>): boolean {
  return Object.entries(patch).every(([field, value]) => JSON.stringify(current.data[field]) === JSON.stringify(value));
}
