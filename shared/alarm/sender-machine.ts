import type { AlarmLevel } from './alarm-message.js';

/**
 * What the person who pressed the button sees, discreetly: delivered to N, who is coming,
 * escalated, resolved, or NOT DELIVERED when no path confirmed delivery in time.
 * Pure: timers are effects for a driver to run, so every timeout is testable.
 */
export interface SenderConfig {
  /** No delivery confirmed by then: show NOT DELIVERED with the fallback number (3 s). */
  deliveryDeadlineMs: number;
  /** Nobody coming by then: alert the next group. */
  escalationAfterMs: number;
  /** How many groups there are (the first is alerted at once). */
  groups: number;
}

export const defaultSenderConfig: SenderConfig = { deliveryDeadlineMs: 3_000, escalationAfterMs: 30_000, groups: 2 };

export type SenderPhase = 'sending' | 'delivered' | 'not_delivered' | 'cancelled' | 'resolved';
export type SenderTimer = 'delivery_deadline' | 'escalation';

export interface SenderState {
  alarmId: string;
  level: AlarmLevel;
  drill: boolean;
  phase: SenderPhase;
  deliveredTo: readonly string[];
  coming: readonly string[];
  cannotCome: readonly string[];
  /** Who each answering device is, as people know it: the signed-in person, else the desk. */
  names: Readonly<Record<string, string>>;
  /** Group now alerted; above 0 means escalated. */
  step: number;
  /**
   * Cancelled under duress: the sender's screen says "cancelled" while the alarm goes on
   * for responders as an emergency and escalation never stops.
   */
  duress: boolean;
}

export type SenderInput =
  | { type: 'delivered' | 'coming' | 'cannot_come'; by: string; name: string }
  | { type: 'timer'; timer: SenderTimer }
  | { type: 'cancel' }
  | { type: 'resolve' }
  | { type: 'duress' };

export type SenderEffect = { type: 'start_timer'; timer: SenderTimer; ms: number } | { type: 'stop_timer'; timer: SenderTimer } | { type: 'escalate'; step: number };

export interface SenderStep {
  state: SenderState;
  effects: SenderEffect[];
}

const terminal = (phase: SenderPhase) => phase === 'cancelled' || phase === 'resolved';
const withOne = (list: readonly string[], id: string) => (list.includes(id) ? list : [...list, id]);
const without = (list: readonly string[], id: string) => list.filter((item) => item !== id);

export function startSender(alarmId: string, level: AlarmLevel, drill: boolean, config: SenderConfig): SenderStep {
  return {
    state: { alarmId, level, drill, phase: 'sending', deliveredTo: [], coming: [], cannotCome: [], names: {}, step: 0, duress: false },
    effects: [
      { type: 'start_timer', timer: 'delivery_deadline', ms: config.deliveryDeadlineMs },
      { type: 'start_timer', timer: 'escalation', ms: config.escalationAfterMs },
    ],
  };
}

export function senderStep(state: SenderState, input: SenderInput, config: SenderConfig): SenderStep {
  if (terminal(state.phase)) return { state, effects: [] };
  switch (input.type) {
    case 'delivered':
    case 'coming':
    case 'cannot_come': {
      const firstDelivery = state.phase === 'sending' || state.phase === 'not_delivered';
      const next: SenderState = {
        ...state,
        phase: 'delivered',
        deliveredTo: withOne(state.deliveredTo, input.by),
        coming: input.type === 'coming' ? withOne(state.coming, input.by) : input.type === 'cannot_come' ? without(state.coming, input.by) : state.coming,
        cannotCome: input.type === 'cannot_come' ? withOne(state.cannotCome, input.by) : input.type === 'coming' ? without(state.cannotCome, input.by) : state.cannotCome,
        names: state.names[input.by] === input.name ? state.names : { ...state.names, [input.by]: input.name },
      };
      const effects: SenderEffect[] = firstDelivery ? [{ type: 'stop_timer', timer: 'delivery_deadline' }] : [];
      // Someone is on the way: no need to alert the next group (unless the sender is under duress).
      if (input.type === 'coming' && state.coming.length === 0 && !state.duress) effects.push({ type: 'stop_timer', timer: 'escalation' });
      return { state: next, effects };
    }
    case 'timer':
      if (input.timer === 'delivery_deadline') {
        return state.phase === 'sending' ? { state: { ...state, phase: 'not_delivered' }, effects: [] } : { state, effects: [] };
      }
      if ((state.coming.length > 0 && !state.duress) || state.step >= config.groups - 1) return { state, effects: [] };
      return escalate(state, config);
    case 'duress': {
      // Forced to cancel: the danger is greater, not over. Alert the next group now and keep going.
      const next: SenderState = { ...state, level: 'emergency', duress: true };
      return state.step >= config.groups - 1 ? { state: next, effects: [] } : escalate(next, config);
    }
    case 'cancel':
    case 'resolve':
      return {
        state: { ...state, phase: input.type === 'cancel' ? 'cancelled' : 'resolved' },
        effects: [
          { type: 'stop_timer', timer: 'delivery_deadline' },
          { type: 'stop_timer', timer: 'escalation' },
        ],
      };
  }
}

function escalate(state: SenderState, config: SenderConfig): SenderStep {
  return {
    state: { ...state, step: state.step + 1 },
    effects: [
      { type: 'escalate', step: state.step + 1 },
      { type: 'start_timer', timer: 'escalation', ms: config.escalationAfterMs },
    ],
  };
}

/**
 * What the sender's screen shows after a duress cancel: an ordinary cancel, frozen at that
 * moment, because the person who forced it may be watching the screen.
 */
export function duressCover(before: SenderState): SenderState {
  return { ...before, phase: 'cancelled' };
}
