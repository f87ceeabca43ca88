import { v5 as uuidv5 } from 'uuid';
import type { OpRejectionCode } from './protocol.js';

/** Task ids derive from (incident, kind): two PCs planning the same follow-up write one row, not two. */
const TASK_NAMESPACE = '5b0c3f1e-7a4d-4e8a-9f61-2d7c8b9e0a11';
export const followUpTaskId = (incidentId: string, kind: string): string => uuidv5(`${incidentId}/${kind}`, TASK_NAMESPACE);

/** A checklist task's id derives from (assessment, question): a second click, on any PC, is the same task. */
const CHECKLIST_TASK_NAMESPACE = '9e3d1a0c-52b7-4c8e-a1f4-6b2e7d90c3a5';
export const checklistTaskId = (assessmentId: string, questionKey: string): string => uuidv5(`${assessmentId}/${questionKey}`, CHECKLIST_TASK_NAMESPACE);

/** A row whose id derives from another row's id belongs to that row's organisation, so the server must look it up. */
export interface ParentRow {
  readonly entity: 'incident' | 'checklist_assessment';
  readonly id: string;
}

export type RowIdCheck = { ok: true; parent: ParentRow | null } | { ok: false; code: OpRejectionCode; message: string };

/**
 * Ids that derive from another id can be computed by anyone who learns that id (an
 * organisation id travels in every LAN datagram), so they are checked against the writer's
 * organisation; otherwise a neighbour could take the row first and lock its owner out.
 * Client and server both run this.
 */
/** One row per organisation, whose id is the organisation's own. */
export const organisationRowEntities: ReadonlySet<string> = new Set(['follow_up_policy', 'org_theme']);

export function checkRowId(entity: string, rowId: string, patch: Readonly<Record<string, unknown>>, organisationId: string): RowIdCheck {
  if (organisationRowEntities.has(entity)) {
    return rowId === organisationId ? { ok: true, parent: null } : { ok: false, code: 'FORBIDDEN_SCOPE', message: `a ${entity} row has its own organisation id` };
  }
  if (entity === 'incident_task') {
    const incidentId = patch['incident_id'];
    const kind = patch['kind'];
    if (incidentId === undefined && kind === undefined) return { ok: true, parent: null };
    // The id is made from these two, so they are written together, once, and must match it.
    if (typeof incidentId !== 'string' || typeof kind !== 'string' || followUpTaskId(incidentId, kind) !== rowId) {
      return { ok: false, code: 'FORBIDDEN_SCOPE', message: 'a follow-up task id derives from its incident and kind' };
    }
    return { ok: true, parent: { entity: 'incident', id: incidentId } };
  }
  if (entity === 'checklist_task') {
    const assessmentId = patch['assessment_id'];
    const questionKey = patch['question_key'];
    if (assessmentId === undefined && questionKey === undefined) return { ok: true, parent: null };
    if (typeof assessmentId !== 'string' || typeof questionKey !== 'string' || checklistTaskId(assessmentId, questionKey) !== rowId) {
      return { ok: false, code: 'FORBIDDEN_SCOPE', message: 'a checklist task id derives from its assessment and question' };
    }
    return { ok: true, parent: { entity: 'checklist_assessment', id: assessmentId } };
  }
  return { ok: true, parent: null };
}
