import type { Kysely, Transaction } from 'kysely';
import { DELETED_FIELD } from '../../../shared/sync/entities.js';
import { clampFuture } from '../../../shared/sync/hlc.js';
import { applyPatch, type RowState } from '../../../shared/sync/merge.js';
import type { PushRequest, PushResponse } from '../../../shared/sync/protocol.js';
import type { ServerDatabase } from '../db/schema.js';
import type { DeviceScope } from '../tenancy/devices.js';
import { checkOp } from '../../../shared/sync/validate-op.js';
import { checkRowId, organisationRowEntities } from '../../../shared/sync/row-ids.js';
import { idSchema } from '../../../shared/domain/ids.js';
import { projectionsFor, writeVersioned, type WarningSecret } from '../warnings/projection.js';
import { checkLink, type AccessEntry } from '../../../shared/warnings/access-log.js';
import { DEFAULT_WARNING_POLICY, termProblem, warningPolicySchema, type FieldProblem, type WarningPolicy } from '../../../shared/warnings/warning.js';
import { sha256Hex } from '../warnings/chain.js';

interface StoredRow extends RowState {
  entity: string;
  organisationId: string;
  siteId: string;
  dirty: boolean;
}

type Rejection = PushResponse['rejected'][number];
const CHUNK = 100;

export interface PushOutcome {
  response: PushResponse;
  /** Organisations whose devices should pull: poked after commit. */
  changedOrganisations: string[];
  applied: number;
}

/**
 * One batch, one transaction: dedupe by op_id, authorise against the device's scope,
 * merge each field by HLC, number changed rows, acknowledge through the last device_seq.
 */
export async function pushBatch(db: Kysely<ServerDatabase>, device: DeviceScope, request: PushRequest, now: Date, warningSecret?: WarningSecret): Promise<PushOutcome> {
  return db.transaction().execute(async (trx) => {
    // Taking this row lock first serialises pushes across instances: versions are handed
    // out in commit order, so a pull can never pass a row that commits later.
    const state = await trx.updateTable('server_state').set((eb) => ({ version: eb.ref('version') })).where('id', '=', 1).returning('version').executeTakeFirstOrThrow();
    const seen = await alreadyApplied(trx, request.ops.map((op) => op.op_id));
    const rows = await loadRows(trx, [...new Set(request.ops.flatMap((op) => [op.row_id, ...parentIds(op)]))]);
    const rejected: Rejection[] = [];
    const heads = new Map<string, ChainHead | null>();
    const policies = new Map<string, WarningPolicy>();
    const appliedOps: ServerDatabase['applied_op'][] = [];
    const at = now.toISOString();

    for (const op of request.ops) {
      const earlier = seen.get(op.op_id);
      if (earlier) {
        // A retry of the same op (same device, same seq) is a no-op; any other reuse of its
        // id is refused out loud, so a later op never vanishes behind an acknowledgement.
        if (earlier.deviceId !== device.deviceId || earlier.deviceSeq !== op.device_seq) {
          rejected.push({ op_id: op.op_id, code: 'OP_ID_CLASH', message: 'this op id was used before for another op; a new op needs a new id' });
        }
        continue;
      }
      seen.set(op.op_id, { deviceId: device.deviceId, deviceSeq: op.device_seq });
      const reject = (code: Rejection['code'], message: string) => {
        rejected.push({ op_id: op.op_id, code, message });
        appliedOps.push({ op_id: op.op_id, device_id: device.deviceId, device_seq: op.device_seq, status: 'rejected', reason: code, applied_at: at });
      };
      const check = checkOp(op);
      if (!check.ok) {
        reject(check.code, check.message);
        continue;
      }
      const ids = checkRowId(check.entity, op.row_id, check.patch, device.organisationId);
      if (!ids.ok) {
        reject(ids.code, ids.message);
        continue;
      }
      const parent = ids.parent ? rows.get(ids.parent.id) : undefined;
      if (ids.parent && (parent?.entity !== ids.parent.entity || parent.organisationId !== device.organisationId)) {
        reject('FORBIDDEN_SCOPE', `this row derives its id from a ${ids.parent.entity} of another organisation, or from none`);
        continue;
      }
      const stored = rows.get(op.row_id);
      // A row whose id derives from this organisation (its own id, or one of its incidents) is
      // its own: a copy another organisation wrote first is a squat and is replaced, not obeyed.
      const derivedOwn = ids.parent !== null || (organisationRowEntities.has(check.entity) && op.row_id === device.organisationId);
      const squatted = stored !== undefined && stored.organisationId !== device.organisationId && derivedOwn && stored.entity === check.entity;
      const current = squatted ? undefined : stored;
      if (current && (current.organisationId !== device.organisationId || current.entity !== check.entity)) {
        reject('FORBIDDEN_SCOPE', 'this row belongs to another scope or entity');
        continue;
      }
      if (check.entity === 'warning_access' && !current) {
        // The access log is tamper-evident: an entry must be the pusher's own and follow its last one.
        const entry = check.patch as AccessEntry;
        if (entry.device_id !== device.deviceId) {
          reject('FORBIDDEN_SCOPE', 'an access log entry belongs to the device that pushes it');
          continue;
        }
        const problem = checkLink(entry, await chainHead(trx, heads, device.deviceId), sha256Hex);
        if (problem) {
          reject('BROKEN_CHAIN', `access log entry ${problem.seq} of this device breaks its chain (${problem.problem}); it was refused`);
          continue;
        }
        heads.set(device.deviceId, { seq: entry.seq, hash: entry.hash, dirty: true });
      }
      const verdict = applyPatch(check.entity, current ?? null, check.patch, clampFuture(op.hlc, now.getTime()));
      if (!verdict.ok) {
        reject(verdict.code, verdict.message);
        continue;
      }
      if (check.entity === 'visitor_warning' && verdict.changed && ['valid_from', 'valid_until', 'term_reason'].some((field) => field in check.patch)) {
        // The term cap is the organisation's rule, not the PC's: a tampered PC cannot push a longer warning.
        const problem = await warningTermProblem(trx, policies, device.organisationId, verdict.next.data);
        if (problem) {
          reject('INVALID_VALUE', `visitor_warning.${problem.field}: ${problem.message}`);
          continue;
        }
      }
      if (verdict.changed || squatted) {
        rows.set(op.row_id, { ...verdict.next, entity: check.entity, organisationId: device.organisationId, siteId: current?.siteId ?? device.siteId, dirty: true });
      }
      appliedOps.push({ op_id: op.op_id, device_id: device.deviceId, device_seq: op.device_seq, status: 'applied', reason: null, applied_at: at });
    }

    for (const [deviceId, head] of heads) {
      if (head?.dirty) await trx.insertInto('warning_access_head').values({ device_id: deviceId, seq: head.seq, hash: head.hash }).onConflict((oc) => oc.column('device_id').doUpdateSet({ seq: head.seq, hash: head.hash })).execute();
    }
    let version = state.version;
    const dirty = [...rows.entries()].filter(([, row]) => row.dirty);
    const values = dirty.map(([id, row]) => ({
      id,
      entity: row.entity,
      organisation_id: row.organisationId,
      site_id: row.siteId,
      data: JSON.stringify(row.data),
      clocks: JSON.stringify(row.clocks),
      deleted: row.data[DELETED_FIELD] === true ? 1 : 0,
      version: (version += 1),
      updated_at: at,
    }));
    for (let i = 0; i < values.length; i += CHUNK) {
      await trx
        .insertInto('replica_row')
        .values(values.slice(i, i + CHUNK))
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({ organisation_id: eb.ref('excluded.organisation_id'), site_id: eb.ref('excluded.site_id'), data: eb.ref('excluded.data'), clocks: eb.ref('excluded.clocks'), deleted: eb.ref('excluded.deleted'), version: eb.ref('excluded.version'), updated_at: eb.ref('excluded.updated_at') })),
        )
        .execute();
    }
    for (let i = 0; i < appliedOps.length; i += CHUNK) await trx.insertInto('applied_op').values(appliedOps.slice(i, i + CHUNK)).execute();
    if (version !== state.version) await trx.updateTable('server_state').set({ version }).where('id', '=', 1).execute();
    // Partners see a changed warning in the same commit, as hashes only (server/src/warnings/projection.ts).
    const warnings = dirty.filter(([, row]) => row.entity === 'visitor_warning').map(([id, row]) => ({ id, organisationId: row.organisationId, siteId: row.siteId, data: row.data, clocks: row.clocks }));
    const partners = warningSecret && warnings.length > 0 ? await writeVersioned(trx, await projectionsFor(trx, warningSecret, warnings, now), now) : [];

    const lastSeq = request.ops.at(-1)?.device_seq ?? 0;
    const { acked_seq: previouslyAcked } = await trx.selectFrom('device').select('acked_seq').where('id', '=', device.deviceId).executeTakeFirstOrThrow();
    const ackedThrough = Math.max(Number(previouslyAcked), lastSeq);
    await trx.updateTable('device').set({ acked_seq: ackedThrough, last_seen_at: at }).where('id', '=', device.deviceId).execute();
    return {
      response: { acked_through: ackedThrough, rejected, server_time: at },
      changedOrganisations: values.length > 0 ? [device.organisationId, ...partners.filter((id) => id !== device.organisationId)] : [],
      applied: appliedOps.filter((op) => op.status === 'applied').length,
    };
  });
}

/** The shared term rule on the merged row; a purged or revoked row has no term left to check. */
async function warningTermProblem(trx: Transaction<ServerDatabase>, policies: Map<string, WarningPolicy>, organisationId: string, data: Record<string, unknown>): Promise<FieldProblem | null> {
  if (data[DELETED_FIELD] === true || data['revoked'] === true) return null;
  const from = data['valid_from'];
  const until = data['valid_until'];
  if (typeof from !== 'string' || typeof until !== 'string') return null;
  let policy = policies.get(organisationId);
  if (!policy) {
    const row = await trx.selectFrom('replica_row').select('data').where('id', '=', organisationId).where('entity', '=', 'warning_policy').executeTakeFirst();
    const parsed = warningPolicySchema.safeParse({ ...DEFAULT_WARNING_POLICY, ...(row ? (JSON.parse(row.data) as object) : {}) });
    policy = parsed.success ? parsed.data : DEFAULT_WARNING_POLICY;
    policies.set(organisationId, policy);
  }
  const termReason = typeof data['term_reason'] === 'string' ? data['term_reason'] : undefined;
  return termProblem(from, until, termReason, policy);
}

interface ChainHead {
  seq: number;
  hash: string;
  dirty: boolean;
}

async function chainHead(trx: Transaction<ServerDatabase>, heads: Map<string, ChainHead | null>, deviceId: string): Promise<ChainHead | null> {
  if (!heads.has(deviceId)) {
    const row = await trx.selectFrom('warning_access_head').select(['seq', 'hash']).where('device_id', '=', deviceId).executeTakeFirst();
    heads.set(deviceId, row ? { seq: Number(row.seq), hash: row.hash, dirty: false } : null);
  }
  return heads.get(deviceId) ?? null;
}

/** Op ids already recorded, with the device and seq that used them. */
async function alreadyApplied(trx: Transaction<ServerDatabase>, opIds: string[]): Promise<Map<string, { deviceId: string; deviceSeq: number }>> {
  const found = new Map<string, { deviceId: string; deviceSeq: number }>();
  for (let i = 0; i < opIds.length; i += CHUNK) {
    const rows = await trx.selectFrom('applied_op').select(['op_id', 'device_id', 'device_seq']).where('op_id', 'in', opIds.slice(i, i + CHUNK)).execute();
    rows.forEach((row) => found.set(row.op_id, { deviceId: row.device_id, deviceSeq: Number(row.device_seq) }));
  }
  return found;
}

/** The row a task's id derives from (its incident or assessment), loaded with the batch so its owner can be checked. */
function parentIds(op: PushRequest['ops'][number]): string[] {
  const parentId = op.entity === 'incident_task' ? op.patch['incident_id'] : op.entity === 'checklist_task' ? op.patch['assessment_id'] : undefined;
  return typeof parentId === 'string' && idSchema.safeParse(parentId).success ? [parentId] : [];
}

async function loadRows(trx: Transaction<ServerDatabase>, ids: string[]): Promise<Map<string, StoredRow>> {
  const rows = new Map<string, StoredRow>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const found = await trx.selectFrom('replica_row').select(['id', 'entity', 'organisation_id', 'site_id', 'data', 'clocks']).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
    for (const row of found) {
      rows.set(row.id, { entity: row.entity, organisationId: row.organisation_id, siteId: row.site_id, data: JSON.parse(row.data) as RowState['data'], clocks: JSON.parse(row.clocks) as RowState['clocks'], dirty: false });
    }
  }
  return rows;
}
