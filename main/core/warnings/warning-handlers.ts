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

type WarningCalls = 'warnings.check' | 'warnings.create' | 'warnings.extend' | 'warnings.notify' | 'warnings.revoke' | 'warnings.list' | 'warnings.get' | 'warningPolicy.get' | 'warningPolicy.update';

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
    'warnings.check': ({ name, birth_date }, { staff }) => (signedIn(staff), warnings.check(name, birth_date)),
    'warnings.create': (input, { staff }) => after(warnings.create(input, signedIn(staff))),
    'warnings.extend': ({ id, valid_until, term_reason }, { staff }) => (signedIn(staff), after(warnings.extend(id, valid_until, term_reason))),
    'warnings.notify': ({ id, notification }, { staff }) => (signedIn(staff), after(warnings.notify(id, notification))),
    'warnings.revoke': ({ id, reason }, { staff }) => after(warnings.revoke(id, reason, signedIn(staff))),
    'warnings.list': (_input, { staff }) => (signedIn(staff), warnings.list()),
    'warnings.get': ({ id }, { staff }) => (signedIn(staff), warnings.get(id)),
    'warningPolicy.get': () => warnings.policy(requireScope().organisationId),
    'warningPolicy.update': (policy, { staff }) => (signedIn(staff), after(warnings.setPolicy(policy))),
  };
}
