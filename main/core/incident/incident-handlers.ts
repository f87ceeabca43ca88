import { ContractFailure } from '../../../shared/contract/result.js';
import type { StaffIdentity } from '../../../shared/domain/staff.js';
import type { Handlers } from '../dispatcher.js';
import type { EventBus } from '../event-bus.js';
import type { Scope } from '../sync/replica-store.js';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { alarmFacts } from './alarm-draft.js';
import type { FollowUpPolicyStore } from './follow-up-policy-store.js';
import type { IncidentQueries } from './incident-queries.js';
import type { IncidentService } from './incident-service.js';

export interface IncidentHandlerDeps {
  incidents: IncidentService;
  queries: IncidentQueries;
  policies: FollowUpPolicyStore;
  bus: EventBus;
  read: Database;
  scope: () => Scope | null;
  floorWord: () => string;
  now: () => Date;
}

type IncidentCalls = 'incident.quickLog' | 'incident.draftFromAlarm' | 'incident.get' | 'incident.list' | 'incident.update' | 'incident.submit' | 'incident.close' | 'incident.completeTask' | 'incident.worklist' | 'followUpPolicy.get' | 'followUpPolicy.update';

/** Incidents belong to a person: every call needs someone signed in at the desk. */
function signedIn(staff: StaffIdentity | null): StaffIdentity {
  if (!staff) throw new ContractFailure('SIGN_IN_REQUIRED', 'sign in at this desk first: incidents are reported by a person');
  return staff;
}

export function incidentHandlers({ incidents, queries, policies, bus, read, scope, floorWord, now }: IncidentHandlerDeps): Pick<Handlers, IncidentCalls> {
  const requireScope = () => {
    const current = scope();
    if (!current) throw new ContractFailure('CONFLICT', 'this PC has no organisation and site yet: an administrator sets them under Settings');
    return current;
  };
  /** After a change: tell the screens, and answer with the incident as it now is. */
  const changed = <T extends { id: string }>(incident: T): T => {
    bus.emit('incidents.changed', { id: incident.id });
    return incident;
  };
  return {
    'incident.quickLog': (input, { staff }) => changed(incidents.quickLog(input, signedIn(staff))),
    'incident.draftFromAlarm': ({ alarmId }, { staff }) => changed(incidents.draftFromAlarm(alarmFacts(read, requireScope().organisationId, alarmId, floorWord()), signedIn(staff))),
    'incident.get': ({ id }, { staff }) => incidents.get(id, signedIn(staff)),
    'incident.list': (_input, { staff }) => queries.list(requireScope().organisationId, signedIn(staff), now()),
    'incident.update': ({ id, patch }, { staff }) => changed(incidents.update(id, patch, signedIn(staff))),
    'incident.submit': ({ id }, { staff }) => changed(incidents.submit(id, signedIn(staff))),
    'incident.close': ({ id, reason }, { staff }) => changed(incidents.close(id, reason, signedIn(staff))),
    'incident.completeTask': ({ taskId, outcome, note }, { staff }) => changed(incidents.completeTask(taskId, outcome, note, signedIn(staff))),
    'incident.worklist': (_input, { staff }) => {
      signedIn(staff);
      return queries.worklist(requireScope().organisationId, now());
    },
    'followUpPolicy.get': () => policies.get(requireScope().organisationId),
    'followUpPolicy.update': (policy, { staff }) => {
      signedIn(staff);
      return policies.set(requireScope(), policy);
    },
  };
}
