import type { Handlers } from '../dispatcher.js';
import type { DeskSession } from '../../../shared/domain/staff.js';
import type { StaffService } from './staff-service.js';

type StaffCalls = 'session.current' | 'session.signIn' | 'session.signOut' | 'staff.list' | 'staff.create' | 'staff.update';

/** `onSessionChanged` hears every change of who is signed in, or of their role. */
export function staffHandlers(staff: StaffService, onSessionChanged: (session: DeskSession) => void): Pick<Handlers, StaffCalls> {
  const sessionChanged = <T>(value: T): T => {
    onSessionChanged(staff.session());
    return value;
  };
  return {
    'session.current': () => staff.session(),
    'session.signIn': ({ staffId, pin }) => sessionChanged(staff.signIn(staffId, pin)),
    'session.signOut': () => sessionChanged(staff.signOut()),
    'staff.list': () => staff.list(),
    // The first member of staff ends set-up mode: every screen must learn its new role.
    'staff.create': (input) => sessionChanged(staff.create(input)),
    'staff.update': ({ id, ...changes }) => sessionChanged(staff.update(id, changes)),
  };
}
