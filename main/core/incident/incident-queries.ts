import type { Database } from 'better-sqlite3';
import { addDays } from 'date-fns';
import { followUpTaskSchema, incidentSchema, incidentSummarySchema, type FollowUpTask, type Incident, type IncidentSummary, type WorklistItem } from '../../../shared/incident/incident-contract.js';
import type { StaffIdentity } from '../../../shared/domain/staff.js';
import { sql, type SqlQuery } from '../db/sql.js';

/** A coordinator (or administrator) sees the organisation's incidents; anyone else only their own. */
export const seesAll = (staff: StaffIdentity) => staff.role === 'coordinator' || staff.role === 'admin';

const DUE_SOON_DAYS = 2;

interface IncidentRow {
  id: string;
  site_id: string;
  data: string;
  reporter_id: string | null;
  status: string;
}

/** Reads incidents and their follow-up from the replicated rows, filtered by who is asking. */
export class IncidentQueries {
  constructor(
    private readonly read: Database,
    private readonly siteName: (siteId: string) => string,
  ) {}

  row(organisationId: string, id: string): IncidentRow | undefined {
    return this.get<IncidentRow>(sql`SELECT id, site_id, data, reporter_id, status FROM incident WHERE id = ${id} AND organisation_id = ${organisationId}`);
  }

  byAlarm(organisationId: string, alarmId: string): string | undefined {
    return this.get<{ id: string }>(sql`SELECT id FROM incident WHERE organisation_id = ${organisationId} AND alarm_id = ${alarmId} LIMIT 1`)?.id;
  }

  incident(row: IncidentRow): Incident {
    return incidentSchema.parse({ ...(JSON.parse(row.data) as object), id: row.id, site_name: this.siteName(row.site_id), tasks: this.tasks(row.id) });
  }

  tasks(incidentId: string): FollowUpTask[] {
    const rows = this.all<{ id: string; data: string }>(sql`SELECT id, data FROM incident_task WHERE incident_id = ${incidentId} ORDER BY due_at, kind`);
    return rows.map((row) => followUpTaskSchema.parse({ ...(JSON.parse(row.data) as object), id: row.id }));
  }

  task(organisationId: string, taskId: string): (FollowUpTask & { organisationId: string }) | undefined {
    const row = this.get<{ id: string; data: string }>(sql`SELECT id, data FROM incident_task WHERE id = ${taskId} AND organisation_id = ${organisationId}`);
    return row ? { ...followUpTaskSchema.parse({ ...(JSON.parse(row.data) as object), id: row.id }), organisationId } : undefined;
  }

  list(organisationId: string, staff: StaffIdentity, now: Date): IncidentSummary[] {
    const mine = seesAll(staff) ? null : staff.id;
    const rows = this.all<IncidentRow & { open_tasks: number; overdue_tasks: number }>(sql`
      SELECT i.id, i.site_id, i.data, i.reporter_id, i.status,
             (SELECT count(*) FROM incident_task t WHERE t.incident_id = i.id AND t.status = 'open') AS open_tasks,
             (SELECT count(*) FROM incident_task t WHERE t.incident_id = i.id AND t.status = 'open' AND t.due_at < ${now.toISOString()}) AS overdue_tasks
        FROM incident i
       WHERE i.organisation_id = ${organisationId} AND (${mine} IS NULL OR i.reporter_id = ${mine})
       ORDER BY i.occurred_at DESC
       LIMIT 1000`);
    return rows.map((row) => this.summary(row, row.open_tasks, row.overdue_tasks));
  }

  /** Open follow-up of incidents that are not closed, most urgent first. */
  worklist(organisationId: string, now: Date): WorklistItem[] {
    const rows = this.all<IncidentRow & { task_id: string; task_data: string }>(sql`
      SELECT i.id, i.site_id, i.data, i.reporter_id, i.status, t.id AS task_id, t.data AS task_data
        FROM incident_task t JOIN incident i ON i.id = t.incident_id
       WHERE t.organisation_id = ${organisationId} AND t.status = 'open' AND i.status = 'open'
       ORDER BY t.due_at, i.occurred_at`);
    const soon = addDays(now, DUE_SOON_DAYS).toISOString();
    return rows.map((row) => {
      const task = followUpTaskSchema.parse({ ...(JSON.parse(row.task_data) as object), id: row.task_id });
      const urgency = task.due_at < now.toISOString() ? 'overdue' : task.due_at <= soon ? 'due_soon' : 'later';
      return { task, incident: this.summary(row, 0, 0), urgency };
    });
  }

  private summary(row: IncidentRow, openTasks: number, overdueTasks: number): IncidentSummary {
    const data = JSON.parse(row.data) as Record<string, unknown>;
    return incidentSummarySchema.parse({ id: row.id, status: data['status'], occurred_at: data['occurred_at'], forms: data['forms'], location: data['location'] ?? data['desk_name'], reporter_name: data['reporter_name'], open_tasks: openTasks, overdue_tasks: overdueTasks });
  }

  private get<T>(query: SqlQuery): T | undefined {
    return this.read.prepare(query.text).get(...query.params) as T | undefined;
  }

  private all<T>(query: SqlQuery): T[] {
    return this.read.prepare(query.text).all(...query.params) as T[];
  }
}
