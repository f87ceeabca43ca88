import { calls, type CallName } from '../../shared/contract/calls.js';
import type { Role } from '../../shared/contract/roles.js';
import { roleAtDesk } from '../../shared/domain/staff.js';
import { menuRoutes, type MenuRoute } from './routing.js';
import { useDeskSession } from './staff/use-desk-session.js';

/** The call each screen opens with: whoever may not make it does not see the screen. */
export const screenCalls: Readonly<Record<MenuRoute, CallName>> = {
  home: 'device.status',
  warnings: 'warnings.check',
  incidents: 'incident.list',
  worklist: 'incident.worklist',
  warningsAdmin: 'warnings.list',
  analytics: 'analytics.summary',
  checklist: 'checklist.overview',
  settings: 'settings.update',
  houseRules: 'houseRules.editor',
};
/** The public display's page (?view=display) and the one call it makes. */
export const displayPageCall: CallName = 'houseRules.display';

/** The contract's roles per call are the one source: the screens ask them, never a role list of their own. */
export const mayCall = (role: Role, call: CallName): boolean => calls[call].roles.includes(role);

export const menuFor = (role: Role): MenuRoute[] => menuRoutes.filter((name) => mayCall(role, screenCalls[name]));

/** The staff app runs on the operator's link, which is an administrator's until someone is on staff. */
const appTransportRole: Role = 'admin';

/** The role this desk's calls run with now, or null while the session is loading. */
export function useDeskRole(): Role | null {
  const session = useDeskSession();
  return session.state === 'ready' ? roleAtDesk(appTransportRole, session.value) : null;
}
