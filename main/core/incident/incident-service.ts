import type { Database } from 'better-sqlite3-multiple-ciphers';
import { subDays } from 'date-fns';
import type { z } from 'zod';
import { ContractFailure } from '../../../shared/contract/result.js';
import { newId } from '../../../shared/domain/ids.js';
import type { AggressionForm, FollowUpKind } from '../../../shared/domain/incident.js';
import type { StaffIdentity } from '../../../shared/domain/staff.js';
import { planFollowUp, setAsideProblem } from '../../../shared/incident/deadlines.js';
import type { FollowUpTask, Incident, IncidentPatch, quickLogInputSchema } from '../../../shared/incident/incident-contract.js';
import { followUpTaskId } from '../../../shared/sync/row-ids.js';
import type { ReplicaStore, Scope } from '../sync/replica-store.js';
import type { FollowUpPolicyStore } from './follow-up-policy-store.js';
import { seesAll, type IncidentQueries } from './incident-queries.js';

const taskId = (incidentId: string, kind: FollowUpKind) => followUpTaskId(incidentId, kind);

/** A clock a minute or so fast must not make "now" a future date. */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export interface IncidentServiceDeps {
  replica: ReplicaStore;
  write: Database;
  queries: IncidentQueries;
  policies: FollowUpPolicyStore;
  scope: () => Scope | null;
  /** Where this desk is, to pre-fill "where". */
  deskLocation: () => { desk: string; floor: string; location: string };
  now: () => Date;
}

/**
 * Incidents and their VPT follow-up (docs/incidents.md). Every change is one transaction: the
 * incident row and its task rows are saved together or not at all.
 */
export class IncidentService {
  constructor(private readonly deps: IncidentServiceDeps) {}

  quickLog(input: z.output<typeof quickLogInputSchema>, staff: StaffIdentity): Incident {
    const scope = this.requireScope();
    const { desk, floor, location } = this.deps.deskLocation();
    const occurredAt = input.occurred_at ?? this.deps.now().toISOString();
    this.checkOccurredAt(occurredAt, scope);
    const id = newId();
    this.transaction(() => {
      this.deps.replica.writeRow('incident', id, {
        occurred_at: occurredAt,
        channel: input.channel,
        forms: input.forms,
        desk_name: desk,
        ...(floor ? { floor } : {}),
        location: input.location ?? location,
        status: 'open',
        reporter_id: staff.id,
        reporter_name: staff.displayName,
        ...(input.alarm_id ? { alarm_id: input.alarm_id } : {}),
      }, scope);
      this.planTasks(id, { occurred_at: occurredAt, forms: input.forms }, [], scope);
    });
    return this.get(id, staff);
  }

  /** A resolved alarm offers an incident: a draft with the time, the place, the people and the link. */
  draftFromAlarm(alarm: { alarmId: string; raisedAt: string; desk: string; floor: string; location: string; people: readonly string[] }, staff: StaffIdentity): Incident {
    const scope = this.requireScope();
    const existing = this.deps.queries.byAlarm(scope.organisationId, alarm.alarmId);
    if (existing) return this.get(existing, staff);
    const id = newId();
    this.deps.replica.writeRow('incident', id, {
      occurred_at: alarm.raisedAt,
      channel: 'counter',
      forms: ['other'],
      desk_name: alarm.desk,
      ...(alarm.floor ? { floor: alarm.floor } : {}),
      location: alarm.location,
      status: 'draft',
      reporter_id: staff.id,
      reporter_name: staff.displayName,
      alarm_id: alarm.alarmId,
      witnesses: alarm.people.join(', '),
    }, scope);
    return this.get(id, staff);
  }

  /** Autosave: any field, any time, by the reporter (while not closed) or a coordinator. */
  update(id: string, patch: IncidentPatch, staff: StaffIdentity): Incident {
    const scope = this.requireScope();
    const current = this.editable(id, staff);
    if (patch.occurred_at) this.checkOccurredAt(patch.occurred_at, scope);
    this.transaction(() => {
      if (Object.keys(patch).length > 0) this.deps.replica.writeRow('incident', id, patch, scope);
      const plannedFrom = patch.occurred_at !== undefined || patch.forms !== undefined || patch.damage_amount_cents !== undefined;
      if (current.status === 'open' && plannedFrom) this.planTasks(id, { ...current, ...patch }, current.tasks, scope);
    });
    return this.get(id, staff);
  }

  /** A draft becomes a report: its follow-up is planned from now on. */
  submit(id: string, staff: StaffIdentity): Incident {
    const scope = this.requireScope();
    const current = this.editable(id, staff);
    if (current.status !== 'draft') return current;
    this.checkOccurredAt(current.occurred_at, scope);
    this.transaction(() => {
      this.deps.replica.writeRow('incident', id, { status: 'open' }, scope);
      this.planTasks(id, current, current.tasks, scope);
    });
    return this.get(id, staff);
  }

  close(id: string, reason: string | undefined, staff: StaffIdentity): Incident {
    const scope = this.requireScope();
    const current = this.editable(id, staff);
    const openMandatory = current.tasks.filter((task) => task.mandatory && task.status === 'open');
    if (openMandatory.length > 0 && !reason?.trim()) {
      throw new ContractFailure('OPEN_MANDATORY_TASKS', `${openMandatory.length} mandatory follow-up task(s) still open (${openMandatory.map((task) => task.kind).join(', ')}): give a reason to close anyway`);
    }
    this.deps.replica.writeRow('incident', id, { status: 'closed', closed_by: staff.displayName, closed_at: this.deps.now().toISOString(), ...(reason?.trim() ? { close_reason: reason.trim() } : {}) }, scope);
    return this.get(id, staff);
  }

  completeTask(id: string, outcome: 'done' | 'not_needed', note: string | undefined, staff: StaffIdentity): Incident {
    const scope = this.requireScope();
    const task = this.deps.queries.task(scope.organisationId, id);
    if (!task) throw new ContractFailure('NOT_FOUND', `no follow-up task ${id}`);
    this.editable(task.incident_id, staff);
    const problem = setAsideProblem(task, outcome, note);
    if (problem) throw new ContractFailure('INVALID_INPUT', `note: ${problem} (a mandatory task is set aside only with a reason)`);
    this.deps.replica.writeRow('incident_task', id, { status: outcome, done_by: staff.displayName, done_by_id: staff.id, done_at: this.deps.now().toISOString(), ...(note?.trim() ? { note: note.trim() } : {}) }, scope);
    return this.get(task.incident_id, staff);
  }

  get(id: string, staff: StaffIdentity): Incident {
    const scope = this.requireScope();
    const row = this.deps.queries.row(scope.organisationId, id);
    // Someone else's incident is "not found" to a reporter: its existence is not theirs to know.
    if (!row || (!seesAll(staff) && row.reporter_id !== staff.id)) throw new ContractFailure('NOT_FOUND', `no incident ${id} for you`);
    return this.deps.queries.incident(row);
  }

  private editable(id: string, staff: StaffIdentity): Incident {
    const incident = this.get(id, staff);
    if (incident.status === 'closed') throw new ContractFailure('CONFLICT', 'this incident is closed; it can no longer be changed');
    return incident;
  }

  /**
   * Plans (or re-plans) the follow-up from the facts as they will be; tasks already done or
   * set aside keep their outcome. Runs inside the write transaction, so it reads nothing.
   */
  private planTasks(incidentId: string, facts: { occurred_at: string; forms: readonly AggressionForm[]; damage_amount_cents?: number | undefined }, tasks: readonly FollowUpTask[], scope: Scope): void {
    const policy = this.deps.policies.get(scope.organisationId);
    const existing = new Map(tasks.map((task) => [task.kind, task]));
    const plan = planFollowUp({ occurredAt: new Date(facts.occurred_at), forms: facts.forms, damageAmountCents: facts.damage_amount_cents ?? 0 }, policy);
    for (const planned of plan) {
      const task = existing.get(planned.kind);
      if (task && task.status !== 'open') continue;
      const dueAt = planned.dueAt.toISOString();
      if (task && task.due_at === dueAt && task.mandatory === planned.mandatory) continue;
      this.deps.replica.writeRow('incident_task', taskId(incidentId, planned.kind), task ? { due_at: dueAt, mandatory: planned.mandatory } : { incident_id: incidentId, kind: planned.kind, due_at: dueAt, mandatory: planned.mandatory, status: 'open' }, scope);
    }
  }

  /** Not in the future, and not further back than the organisation's policy allows (default a year). */
  private checkOccurredAt(iso: string, scope: Scope): void {
    const at = Date.parse(iso);
    const now = this.deps.now();
    if (at > now.getTime() + FUTURE_TOLERANCE_MS) throw new ContractFailure('INVALID_INPUT', 'occurred_at: in_the_future');
    const { max_age_days: maxAgeDays } = this.deps.policies.get(scope.organisationId);
    if (at < subDays(now, maxAgeDays).getTime()) throw new ContractFailure('INVALID_INPUT', `occurred_at: too_old (more than ${maxAgeDays} days ago)`);
  }

  private transaction(work: () => void): void {
    this.deps.write.transaction(work)();
  }

  private requireScope(): Scope {
    const scope = this.deps.scope();
    if (!scope) throw new ContractFailure('CONFLICT', 'this PC has no organisation and site yet: an administrator sets them under Settings');
    return scope;
  }
}
