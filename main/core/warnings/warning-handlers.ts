import { ContractFailure } from '../../../shared/contract/result.js';
import type { StaffIdentity } from '../../../shared/domain/staff.js';
import type { Handlers } from '../dispatcher.js';
import type { Scope } from '../sync/replica-store.js';
import type { WarningService } from './warning-service.js';

export interface WarningHandlerDeps {
  warnings: WarningService;
  scope: () => Scope | null;
  /** A change was queued: push it soon. */
  changed: () => void;
}

type WarningCalls = 'warnings.accessLog' | 'warnings.subjectAccess' | 'warnings.check' | 'warnings.create' | 'warnings.extend' | 'warnings.notify' | 'warnings.revoke' | 'warnings.list' | 'warnings.incomplete' | 'warnings.get' | 'warningPolicy.get' | 'warningPolicy.update';

/** Warnings are about people: every call is made by a person signed in at the desk. */
function signedIn(staff: StaffIdentity | null): StaffIdentity {
  if (!staff) throw new ContractFailure('SIGN_IN_REQUIRED', 'sign in at this desk first: warnings are looked up and decided by a person');
  return staff;
}

export function warningHandlers({ warnings, scope, changed }: WarningHandlerDeps): Pick<Handlers, WarningCalls> {
  const after = <T>(value: T): T => (changed(), value);
  const requireScope = () => {
    const current = scope();
    if (!current) throw new ContractFailure('CONFLICT', 'this PC has no organisation and site yet: an administrator sets them under Settings');
    return current;
  };
  return {
    // Lookups and views write a log entry too, so each call may have something to push.
    'warnings.check': ({ name, birth_date }, { staff }) => after(warnings.check(name, birth_date, signedIn(staff))),
    'warnings.create': (input, { staff }) => after(warnings.create(input, signedIn(staff))),
    'warnings.extend': ({ id, valid_until, term_reason }, { staff }) => after(warnings.extend(id, valid_until, term_reason, signedIn(staff))),
    'warnings.notify': ({ id, notification }, { staff }) => after(warnings.notify(id, notification, signedIn(staff))),
    'warnings.revoke': ({ id, reason }, { staff }) => after(warnings.revoke(id, reason, signedIn(staff))),
    'warnings.list': (_input, { staff }) => after(warnings.list(signedIn(staff))),
    'warnings.incomplete': (_input, { staff }) => (signedIn(staff), warnings.incomplete()),
    'warnings.get': ({ id }, { staff }) => after(warnings.get(id, signedIn(staff))),
    'warnings.accessLog': (_input, { staff }) => (signedIn(staff), warnings.accessLog()),
    'warnings.subjectAccess': ({ name, birth_date }, { staff }) => after(warnings.subjectAccess(name, birth_date, signedIn(staff))),
    'warningPolicy.get': () => warnings.policy(requireScope().organisationId),
    'warningPolicy.update': (policy, { staff }) => (signedIn(staff), after(warnings.setPolicy(policy))),
  };
}
