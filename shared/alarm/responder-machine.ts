import type { AlarmLevel } from './alarm-message.js';

/**
 * What a colleague's PC does with an incoming alarm: a topmost window and a sound that
 * repeats until this person answers (or someone ends the alarm). It shows who else comes.
 */
export type ResponderPhase = 'alerting' | 'coming' | 'cannot_come' | 'cancelled' | 'resolved';
export type ResponderAnswer = 'coming' | 'cannot_come';

export interface ResponderState {
  alarmId: string;
  level: AlarmLevel;
  drill: boolean;
  from: { desk: string; floor: string; person: string; site: string };
  raisedAt: string;
  phase: ResponderPhase;
  /** Other responders' answers, by device, with the name people know them by. */
  others: Readonly<Record<string, { answer: ResponderAnswer; name: string }>>;
  step: number;
  /** The sender cancelled under duress: the alarm goes on as an emergency. */
  duress: boolean;
}

export type ResponderInput =
  | { type: 'answer'; answer: ResponderAnswer }
  | { type: 'other_answered'; by: string; name: string; answer: ResponderAnswer }
  | { type: 'escalated'; step: number }
  | { type: 'duress' }
  | { type: 'cancelled' }
  | { type: 'resolved' };

/** The sound plays while `alerting`; the window stays while the alarm is open. */
export type ResponderEffect = { type: 'sound'; on: boolean } | { type: 'send'; event: ResponderAnswer };

export function startResponder(state: Omit<ResponderState, 'phase' | 'others' | 'step' | 'duress'>): { state: ResponderState; effects: ResponderEffect[] } {
  return {
    state: { ...state, phase: 'alerting', others: {}, step: 0, duress: false },
    // Delivery is confirmed by the screen that shows the alarm, not here: a PC with no open screen reaches nobody.
    effects: [{ type: 'sound', on: true }],
  };
}

export const isEnded = (phase: ResponderPhase) => phase === 'cancelled' || phase === 'resolved';

export function responderStep(state: ResponderState, input: ResponderInput): { state: ResponderState; effects: ResponderEffect[] } {
  if (isEnded(state.phase)) return { state, effects: [] };
  switch (input.type) {
    case 'answer':
      return {
        state: { ...state, phase: input.answer },
        effects: [{ type: 'send', event: input.answer }, ...(state.phase === 'alerting' ? [{ type: 'sound', on: false } as const] : [])],
      };
    case 'other_answered':
      return { state: { ...state, others: { ...state.others, [input.by]: { answer: input.answer, name: input.name } } }, effects: [] };
    case 'escalated':
      return { state: { ...state, step: Math.max(state.step, input.step) }, effects: [] };
    case 'duress':
      // Whoever could not come is asked again: this is now an emergency.
      if (state.duress) return { state, effects: [] };
      return state.phase === 'cannot_come'
        ? { state: { ...state, level: 'emergency', duress: true, phase: 'alerting' }, effects: [{ type: 'sound', on: true }] }
        : { state: { ...state, level: 'emergency', duress: true }, effects: [] };
    case 'cancelled':
    case 'resolved':
      return {
        state: { ...state, phase: input.type },
        effects: state.phase === 'alerting' ? [{ type: 'sound', on: false }] : [],
      };
  }
}

/** Everyone on the way: the others who said so, and this person if they did. */
export function comingCount(state: ResponderState): number {
  return Object.values(state.others).filter((other) => other.answer === 'coming').length + (state.phase === 'coming' ? 1 : 0);
}
