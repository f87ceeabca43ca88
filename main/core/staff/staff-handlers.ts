import type { Handlers } from '../dispatcher.js';
import type { EventBus } from '../event-bus.js';
import type { StaffService } from './staff-service.js';

type StaffCalls = 'session.current' | 'session.signIn' | 'session.signOut' | 'staff.list' | 'staff.create' | 'staff.update';

export function staffHandlers(staff: StaffService, bus: EventBus): Pick<Handlers, StaffCalls> {
  const sessionChanged = <T>(value: T): T => {
    bus.emit('session.changed', staff.session());
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
