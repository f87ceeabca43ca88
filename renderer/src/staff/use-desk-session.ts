import type { DeskSession } from '../../../shared/domain/staff.js';
import type { Loadable } from '../api/api-context.js';
import { useCall } from '../api/use-call.js';

/** Who is signed in at this desk; follows sign-ins and sign-outs from any window or tab. */
export function useDeskSession(): Loadable<DeskSession> {
  return useCall('session.current', {}, ['session.changed']).result;
}
