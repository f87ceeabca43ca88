import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
import { ContractFailure } from '../../../shared/contract/result.js';
import {
  followUpTaskSchema,
  incidentSchema,
  type FollowUpTask,
  type Incident,
  type IncidentListItem,
  type WorklistItem,
} from '../../../shared/incident/incident-contract.js';
import type { StaffIdentity } from '../../../shared/domain/staff.js';
import { taskUrgency } from '../../../shared/incident/deadlines.js';
import { sql, type SqlQuery } from '../db/sql.js';

/** A coordinator (or administrator) sees the organisation's incidents; anyone else only their own. */
export const seesAll = (staff: StaffIdentity) => staff.role === 'coordinator' || staff.role === 'admin';


type Readout<T> = { ok: true; value: T } | { ok: false; problem: string };

/**
 * Reads one replicated row through its schema. A row this version cannot read (a control
 * character an old server let through, a field of the wrong type, JSON that does not parse)
 * is reported with what is wrong, never with its content, instead of throwing.
 */
export function readRow<S extends z.ZodType>(schema: S, data: string, extra: Record<string, unknown>): Readout<z.output<S>> {
  let fields: unknown;
  try {
    fields = JSON.parse(data);
  } catch {
    return { ok: false, problem: 'the stored JSON does not parse' };
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return { ok: false, problem: 'the stored row is not an object' };
  const parsed = schema.safeParse({ ...fields, ...extra });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problem: parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(row)'}: ${issue.message}`).join('; ') };
}

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

  /** The full record; a row that cannot be read is DAMAGED_RECORD, with its id. */
  incident(row: IncidentRow): Incident {
    const { tasks, damaged } = this.readTasks(row.id);
    const read = readRow(incidentSchema, row.data, { id: row.id, site_name: this.siteName(row.site_id), tasks, ...(damaged.length > 0 ? { damaged_tasks: damaged } : {}) });
    if (!read.ok) throw new ContractFailure('DAMAGED_RECORD', `incident ${row.id} cannot be read: ${read.problem}`);
    return read.value;
  }

  tasks(incidentId: string): FollowUpTask[] {
    return this.readTasks(incidentId).tasks;
  }

  /** The incident's follow-up; tasks that cannot be read are named by id, not allowed to hide the rest. */
  private readTasks(incidentId: string): { tasks: FollowUpTask[]; damaged: string[] } {
    const rows = this.all<{ id: string; data: string }>(sql`SELECT id, data FROM incident_task WHERE incident_id = ${incidentId} ORDER BY due_at, kind`);
    const tasks: FollowUpTask[] = [];
    const damaged: string[] = [];
    for (const row of rows) {
      const read = readRow(followUpTaskSchema, row.data, { id: row.id });
      if (read.ok) tasks.push(read.value);
      else damaged.push(row.id);
    }
    return { tasks, damaged };
  }

  task(organisationId: string, taskId: string): (FollowUpTask & { organisationId: string }) | undefined {
    const row = this.get<{ id: string; data: string }>(sql`SELECT id, data FROM incident_task WHERE id = ${taskId} AND organisation_id = ${organisationId}`);
    if (!row) return undefined;
    const read = readRow(followUpTaskSchema, row.data, { id: row.id });
    if (!read.ok) throw new ContractFailure('DAMAGED_RECORD', `follow-up task ${row.id} cannot be read: ${read.problem}`);
    return { ...read.value, organisationId };
  }

  list(organisationId: string, staff: StaffIdentity, now: Date): IncidentListItem[] {
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
    const items: WorklistItem[] = [];
    for (const row of rows) {
      // A task that cannot be read has no deadline to sort by; its incident's record names it.
      const task = readRow(followUpTaskSchema, row.task_data, { id: row.task_id });
      if (!task.ok) continue;
      items.push({ task: task.value, incident: this.summary(row, 0, 0), urgency: taskUrgency(task.value.due_at, now) });
    }
    return items;
  }

  /** A list line; a row that cannot be read (as incident.get would read it) still has its line, marked damaged with its id. */
  private summary(row: IncidentRow, openTasks: number, overdueTasks: number): IncidentListItem {
    const read = readRow(incidentSchema, row.data, { id: row.id, site_name: '', tasks: [] });
    if (!read.ok) return { id: row.id, damaged: true, problem: read.problem };
    const incident = read.value;
    // The list shows the place, or the desk when no place was given.
    const location = incident.location ?? incident.desk_name;
    return {
      id: row.id,
      status: incident.status,
      occurred_at: incident.occurred_at,
      forms: incident.forms,
      ...(location !== undefined ? { location } : {}),
      ...(incident.reporter_name !== undefined ? { reporter_name: incident.reporter_name } : {}),
      open_tasks: openTasks,
      overdue_tasks: overdueTasks,
    };
  }

  private get<T>(query: SqlQuery): T | undefined {
    return this.read.prepare(query.text).get(...query.params) as T | undefined;
  }

  private all<T>(query: SqlQuery): T[] {
    return this.read.prepare(query.text).all(...query.params) as T[];
  }
}
