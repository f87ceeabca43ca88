import type { AlarmLevel } from './alarm-message.js';

/**
 * What a colleague's PC does with an incoming alarm: a topmost window and a sound that
 * repeats until this person answers (or someone ends the alarm). It shows who else comes.
 */
export type ResponderPhase = 'alerting' | 'coming' | 'cannot_come' | 'cancelled' | 'resolved';

export interface ResponderState {
  alarmId: string;
  level: AlarmLevel;
  drill: boolean;
  from: { desk: string; floor: string; person: string; site: string };
  raisedAt: string;
  phase: ResponderPhase;
  /** Other responders' answers, by device. */
  others: Readonly<Record<string, 'coming' | 'cannot_come'>>;
  step: number;
}

export type ResponderInput =
  | { type: 'answer'; answer: 'coming' | 'cannot_come' }
  | { type: 'other_answered'; by: string; answer: 'coming' | 'cannot_come' }
  | { type: 'escalated'; step: number }
  | { type: 'cancelled' }
  | { type: 'resolved' };

/** The sound plays while `alerting`; the window stays while the alarm is open. */
export type ResponderEffect = { type: 'sound'; on: boolean } | { type: 'send'; event: 'delivered' | 'coming' | 'cannot_come' } | { type: 'close_window' };

export function startResponder(state: Omit<ResponderState, 'phase' | 'others' | 'step'>): { state: ResponderState; effects: ResponderEffect[] } {
  return {
    state: { ...state, phase: 'alerting', others: {}, step: 0 },
    // Tell the sender at once that this PC has it: that is what "delivered to N" counts.
    effects: [{ type: 'send', event: 'delivered' }, { type: 'sound', on: true }],
  };
}

export function responderStep(state: ResponderState, input: ResponderInput): { state: ResponderState; effects: ResponderEffect[] } {
  const ended = state.phase === 'cancelled' || state.phase === 'resolved';
  if (ended) return { state, effects: [] };
  switch (input.type) {
    case 'answer':
      return {
        state: { ...state, phase: input.answer },
        effects: [{ type: 'send', event: input.answer }, ...(state.phase === 'alerting' ? [{ type: 'sound', on: false } as const] : [])],
      };
    case 'other_answered':
      return { state: { ...state, others: { ...state.others, [input.by]: input.answer } }, effects: [] };
    case 'escalated':
      return { state: { ...state, step: Math.max(state.step, input.step) }, effects: [] };
    case 'cancelled':
    case 'resolved':
      return {
        state: { ...state, phase: input.type },
        effects: [...(state.phase === 'alerting' ? [{ type: 'sound', on: false } as const] : []), { type: 'close_window' }],
      };
  }
}

export function comingCount(state: ResponderState): number {
  return Object.values(state.others).filter((answer) => answer === 'coming').length + (state.phase === 'coming' ? 1 : 0);
}
