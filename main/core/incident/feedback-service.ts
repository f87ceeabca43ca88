import type { Database } from 'better-sqlite3-multiple-ciphers';
import { ContractFailure } from '../../../shared/contract/result.js';
import type { StaffIdentity } from '../../../shared/domain/staff.js';
import { feedbackNoticeSchema, type FeedbackNotice } from '../../../shared/incident/feedback.js';
import { sql } from '../db/sql.js';
import type { ReplicaStore, Scope } from '../sync/replica-store.js';
import { readRow, type IncidentQueries } from './incident-queries.js';

export interface FeedbackServiceDeps {
  replica: ReplicaStore;
  read: Database;
  queries: IncidentQueries;
  scope: () => Scope | null;
  now: () => Date;
}

/**
 * The coordinator's feedback reaching the reporter (docs/checklist.md): a done feedback task
 * with a note is theirs to read once, at whichever desk they sign in next; reading it writes
 * read_at, which replicates like any field of the task.
 */
export class FeedbackService {
  constructor(private readonly deps: FeedbackServiceDeps) {}

  /** Feedback on the staff member's own incidents that they have not read yet, oldest first. */
  unread(staff: StaffIdentity): FeedbackNotice[] {
    const scope = this.requireScope();
    const query = sql`
      SELECT t.id AS task_id, t.data AS task_data, i.id AS incident_id, i.data AS incident_data
        FROM incident i JOIN incident_task t ON t.incident_id = i.id
       WHERE i.organisation_id = ${scope.organisationId} AND i.reporter_id = ${staff.id}
         AND t.kind = 'feedback_reporter' AND t.status = 'done'
         AND json_extract(t.data, '$.read_at') IS NULL
         AND trim(coalesce(json_extract(t.data, '$.note'), '')) <> ''
       ORDER BY json_extract(t.data, '$.done_at'), t.id`;
    const rows = this.deps.read.prepare(query.text).all(...query.params) as { task_id: string; task_data: string; incident_id: string; incident_data: string }[];
    return rows.flatMap((row) => {
      // A row this version cannot read is left for the incident screen to name; it is not a notice.
      const task = readRow(feedbackNoticeSchema.pick({ note: true, done_by: true, done_at: true }), row.task_data, {});
      const incident = readRow(feedbackNoticeSchema.pick({ occurred_at: true, forms: true }), row.incident_data, {});
      if (!task.ok || !incident.ok) return [];
      return [{ task_id: row.task_id, incident_id: row.incident_id, ...incident.value, ...task.value }];
    });
  }

  /** Only the reporter reads their feedback; reading it twice keeps the first time. */
  markRead(taskId: string, staff: StaffIdentity): { read_at: string } {
    const scope = this.requireScope();
    const task = this.deps.queries.task(scope.organisationId, taskId);
    if (!task || task.kind !== 'feedback_reporter') throw new ContractFailure('NOT_FOUND', `no feedback ${taskId}`);
    const incident = this.deps.queries.row(scope.organisationId, task.incident_id);
    // Someone else's feedback is "not found": it is the reporter's to read.
    if (!incident || incident.reporter_id !== staff.id) throw new ContractFailure('NOT_FOUND', `no feedback ${taskId} for you`);
    if (task.status !== 'done') throw new ContractFailure('CONFLICT', 'this feedback has not been given yet');
    if (task.read_at) return { read_at: task.read_at };
    const readAt = this.deps.now().toISOString();
    this.deps.replica.writeRow('incident_task', taskId, { read_at: readAt }, scope);
    return { read_at: readAt };
  }

  /** The reporter's own answers on aftercare; they may give them whether or not the incident is closed. */
  answerAftercare(incidentId: string, offered: boolean, wanted: boolean, staff: StaffIdentity): void {
    const scope = this.requireScope();
    const incident = this.deps.queries.row(scope.organisationId, incidentId);
    if (!incident || incident.reporter_id !== staff.id) throw new ContractFailure('NOT_FOUND', `no incident ${incidentId} of yours: only the reporter answers on aftercare`);
    if (incident.status === 'draft') throw new ContractFailure('CONFLICT', 'submit the report first: aftercare follows a report');
    this.deps.replica.writeRow('incident', incidentId, { aftercare_offered: offered, aftercare_wanted: wanted, aftercare_answered_at: this.deps.now().toISOString() }, scope);
  }

  private requireScope(): Scope {
    const scope = this.deps.scope();
    if (!scope) throw new ContractFailure('CONFLICT', 'this PC has no organisation and site yet: an administrator sets them under Settings');
    return scope;
  }
}
