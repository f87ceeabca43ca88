import { ContractFailure } from '../../../shared/contract/result.js';
import type { Handlers } from '../dispatcher.js';
import type { EventBus } from '../event-bus.js';
import type { FeedbackService } from './feedback-service.js';
import type { IncidentService } from './incident-service.js';

type FeedbackCalls = 'feedback.unread' | 'feedback.markRead' | 'incident.answerAftercare';

/** `changed` pushes a write soon: the read time and the answers matter at the other desks. */
export function feedbackHandlers(feedback: FeedbackService, incidents: IncidentService, bus: EventBus, changed: () => void): Pick<Handlers, FeedbackCalls> {
  return {
    // Nobody signed in has no feedback waiting: the notice asks after each sign-in.
    'feedback.unread': (_input, { staff }) => (staff ? feedback.unread(staff) : []),
    'feedback.markRead': ({ taskId }, { staff }) => {
      if (!staff) throw new ContractFailure('SIGN_IN_REQUIRED', 'sign in at this desk first: feedback is read by its reporter');
      const read = feedback.markRead(taskId, staff);
      changed();
      return read;
    },
    'incident.answerAftercare': ({ id, offered, wanted }, { staff }) => {
      if (!staff) throw new ContractFailure('SIGN_IN_REQUIRED', 'sign in at this desk first: only the reporter answers on aftercare');
      feedback.answerAftercare(id, offered, wanted, staff);
      changed();
      bus.emit('incidents.changed', { id });
      return incidents.get(id, staff);
    },
  };
}
