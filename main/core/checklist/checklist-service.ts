import { TZDate } from '@date-fns/tz';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { format } from 'date-fns';
import type { z } from 'zod';
import {
  assessmentSchema,
  checklistTaskSchema,
  type Assessment,
  type ChecklistOverview,
  type ChecklistTask,
  type SaveAssessmentInput,
} from '../../../shared/checklist/checklist-contract.js';
import { questionKeys, type QuestionKey } from '../../../shared/checklist/questions.js';
import { checklistItems, checklistTrend } from '../../../shared/checklist/trend.js';
import { ContractFailure } from '../../../shared/contract/result.js';
import { newId } from '../../../shared/domain/ids.js';
import type { StaffIdentity } from '../../../shared/domain/staff.js';
import { ZONE } from '../../../shared/incident/deadlines.js';
import { checklistTaskId } from '../../../shared/sync/row-ids.js';
import { sql, type SqlQuery } from '../db/sql.js';
import { readRow } from '../incident/incident-queries.js';
import type { ReplicaStore, Scope } from '../sync/replica-store.js';

export interface ChecklistServiceDeps {
  replica: ReplicaStore;
  read: Database;
  scope: () => Scope | null;
  now: () => Date;
}

/**
 * The guide's 3.3 self-assessment (docs/checklist.md): each assessment is a dated,
 * append-only record of the organisation, so the history is the trend; an open item can be
 * taken onto the worklist as a task that points back at its question.
 */
export class ChecklistService {
  constructor(private readonly deps: ChecklistServiceDeps) {}

  overview(): ChecklistOverview {
    const organisationId = this.requireScope().organisationId;
    const { values: assessments, damaged } = this.readAll(assessmentSchema, sql`SELECT id, data FROM checklist_assessment WHERE organisation_id = ${organisationId} ORDER BY assessed_on DESC, assessed_at DESC`);
    const { values: tasks, damaged: damagedTasks } = this.readAll(checklistTaskSchema, sql`SELECT id, data FROM checklist_task WHERE organisation_id = ${organisationId}`);
    return { assessments, items: checklistItems(assessments, tasks), trend: checklistTrend(assessments), damaged: [...damaged, ...damagedTasks] };
  }

  /** A new dated record; earlier ones are never changed. The date is a Dutch calendar day, not after today. */
  assess(input: SaveAssessmentInput, staff: StaffIdentity): ChecklistOverview {
    const scope = this.requireScope();
    const today = format(new TZDate(this.deps.now(), ZONE), 'yyyy-MM-dd');
    if (input.assessed_on > today) throw new ContractFailure('INVALID_INPUT', 'assessed_on: in_the_future');
    this.deps.replica.writeRow('checklist_assessment', newId(), {
      assessed_on: input.assessed_on,
      assessed_at: this.deps.now().toISOString(),
      assessed_by: staff.displayName,
      assessed_by_id: staff.id,
      answers: input.answers,
    }, scope);
    return this.overview();
  }

  /** One click: an open item becomes a task with the answer's owner and note; a second click finds the same task. */
  makeTask(assessmentId: string, questionKey: QuestionKey, staff: StaffIdentity): ChecklistTask {
    const scope = this.requireScope();
    const assessment = this.assessment(scope.organisationId, assessmentId);
    const answer = assessment.answers[questionKey];
    if (answer?.answer === 'yes') throw new ContractFailure('CONFLICT', `${questionKey} was answered yes on ${assessment.assessed_on}: there is nothing open to do`);
    const id = checklistTaskId(assessmentId, questionKey);
    const existing = this.task(scope.organisationId, id);
    if (existing) return existing;
    this.deps.replica.writeRow('checklist_task', id, {
      assessment_id: assessmentId,
      question_key: questionKey,
      owner: answer?.owner ?? '',
      note: answer?.note ?? '',
      status: 'open',
      created_at: this.deps.now().toISOString(),
      created_by: staff.displayName,
    }, scope);
    return this.requireTask(scope.organisationId, id);
  }

  /** The worklist's checklist items: open tasks, oldest first, then in the guide's order. */
  openTasks(): ChecklistTask[] {
    const organisationId = this.requireScope().organisationId;
    const tasks = this.readAll(checklistTaskSchema, sql`SELECT id, data FROM checklist_task WHERE organisation_id = ${organisationId} AND status = 'open'`).values;
    return tasks.sort((a, b) => a.created_at.localeCompare(b.created_at) || questionKeys.indexOf(a.question_key) - questionKeys.indexOf(b.question_key));
  }

  completeTask(taskId: string, note: string | undefined, staff: StaffIdentity): ChecklistTask {
    const scope = this.requireScope();
    const task = this.requireTask(scope.organisationId, taskId);
    if (task.status === 'done') return task;
    this.deps.replica.writeRow('checklist_task', taskId, { status: 'done', done_at: this.deps.now().toISOString(), done_by: staff.displayName, ...(note?.trim() ? { done_note: note.trim() } : {}) }, scope);
    return this.requireTask(scope.organisationId, taskId);
  }

  private assessment(organisationId: string, id: string): Assessment {
    const row = this.row(sql`SELECT id, data FROM checklist_assessment WHERE id = ${id} AND organisation_id = ${organisationId}`);
    if (!row) throw new ContractFailure('NOT_FOUND', `no checklist assessment ${id}`);
    const read = readRow(assessmentSchema, row.data, { id: row.id });
    if (!read.ok) throw new ContractFailure('DAMAGED_RECORD', `checklist assessment ${id} cannot be read: ${read.problem}`);
    return read.value;
  }

  private task(organisationId: string, id: string): ChecklistTask | undefined {
    const row = this.row(sql`SELECT id, data FROM checklist_task WHERE id = ${id} AND organisation_id = ${organisationId}`);
    if (!row) return undefined;
    const read = readRow(checklistTaskSchema, row.data, { id: row.id });
    if (!read.ok) throw new ContractFailure('DAMAGED_RECORD', `checklist task ${id} cannot be read: ${read.problem}`);
    return read.value;
  }

  private requireTask(organisationId: string, id: string): ChecklistTask {
    const task = this.task(organisationId, id);
    if (!task) throw new ContractFailure('NOT_FOUND', `no checklist task ${id}`);
    return task;
  }

  /** Rows this version cannot read are named by id, never allowed to hide the rest. */
  private readAll<S extends z.ZodType>(schema: S, query: SqlQuery): { values: z.output<S>[]; damaged: string[] } {
    const rows = this.deps.read.prepare(query.text).all(...query.params) as { id: string; data: string }[];
    const values: z.output<S>[] = [];
    const damaged: string[] = [];
    for (const row of rows) {
      const read = readRow(schema, row.data, { id: row.id });
      if (read.ok) values.push(read.value);
      else damaged.push(row.id);
    }
    return { values, damaged };
  }

  private row(query: SqlQuery): { id: string; data: string } | undefined {
    return this.deps.read.prepare(query.text).get(...query.params) as { id: string; data: string } | undefined;
  }

  private requireScope(): Scope {
    const scope = this.deps.scope();
    if (!scope) throw new ContractFailure('CONFLICT', 'this PC has no organisation and site yet: an administrator sets them under Settings');
    return scope;
  }
}
