import { ContractFailure } from '../../../shared/contract/result.js';
import type { StaffIdentity } from '../../../shared/domain/staff.js';
import type { Handlers } from '../dispatcher.js';
import type { ChecklistService } from './checklist-service.js';

type ChecklistCalls = 'checklist.overview' | 'checklist.assess' | 'checklist.makeTask' | 'checklist.tasks' | 'checklist.completeTask';

/** An assessment and a task are answered for by a person: they carry who made them. */
function signedIn(staff: StaffIdentity | null): StaffIdentity {
  if (!staff) throw new ContractFailure('SIGN_IN_REQUIRED', 'sign in at this desk first: the checklist records who assessed it');
  return staff;
}

/** `changed` pushes a write soon, so the organisation's other PCs see it without waiting for the next round. */
export function checklistHandlers(checklist: ChecklistService, changed: () => void): Pick<Handlers, ChecklistCalls> {
  const after = <T>(value: T): T => (changed(), value);
  return {
    'checklist.overview': (_input, { staff }) => (signedIn(staff), checklist.overview()),
    'checklist.assess': (input, { staff }) => after(checklist.assess(input, signedIn(staff))),
    'checklist.makeTask': ({ assessmentId, questionKey }, { staff }) => after(checklist.makeTask(assessmentId, questionKey, signedIn(staff))),
    'checklist.tasks': (_input, { staff }) => (signedIn(staff), checklist.openTasks()),
    'checklist.completeTask': ({ taskId, note }, { staff }) => after(checklist.completeTask(taskId, note, signedIn(staff))),
  };
}
