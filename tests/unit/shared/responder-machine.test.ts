import { describe, expect, it } from 'vitest';
import { comingCount, responderStep, startResponder, type ResponderInput, type ResponderState } from '../../../shared/alarm/responder-machine.js';

const start = () => startResponder({ alarmId: 'a', level: 'emergency', drill: false, from: { desk: 'Balie 3', floor: '1', person: 'J. de Vries', site: 'Stadskantoor' }, raisedAt: '2026-11-28T10:00:00.000Z' });
const run = (state: ResponderState, ...inputs: ResponderInput[]) => inputs.reduce<{ state: ResponderState; effects: unknown[] }>((acc, input) => {
  const next = responderStep(acc.state, input);
  return { state: next.state, effects: [...acc.effects, ...next.effects] };
}, { state, effects: [] });

describe('responder state machine', () => {
  it('confirms delivery and sounds at once', () => {
    expect(start().effects).toEqual([{ type: 'send', event: 'delivered' }, { type: 'sound', on: true }]);
  });

  it('keeps sounding until this person answers, then tells the sender', () => {
    const { state } = start();
    const heard = run(state, { type: 'other_answered', by: 'pc-9', answer: 'coming' });
    expect(heard.effects).toEqual([]); // someone else coming does not silence this PC
    const answered = run(heard.state, { type: 'answer', answer: 'coming' });
    expect(answered.effects).toEqual([{ type: 'send', event: 'coming' }, { type: 'sound', on: false }]);
    expect(comingCount(answered.state)).toBe(2);
  });

  it('can change from coming to cannot come without sounding again', () => {
    const { state } = start();
    const result = run(state, { type: 'answer', answer: 'coming' }, { type: 'answer', answer: 'cannot_come' });
    expect(result.state.phase).toBe('cannot_come');
    expect(result.effects).toEqual([{ type: 'send', event: 'coming' }, { type: 'sound', on: false }, { type: 'send', event: 'cannot_come' }]);
  });

  it('silences and closes when the alarm is cancelled or resolved, and ignores anything after', () => {
    const { state } = start();
    const cancelled = run(state, { type: 'cancelled' });
    expect(cancelled.effects).toEqual([{ type: 'sound', on: false }, { type: 'close_window' }]);
    expect(run(cancelled.state, { type: 'answer', answer: 'coming' }).effects).toEqual([]);
    const resolved = run(start().state, { type: 'answer', answer: 'coming' }, { type: 'resolved' });
    expect(resolved.state.phase).toBe('resolved');
    expect(resolved.effects.at(-1)).toEqual({ type: 'close_window' });
  });

  it('records escalation steps, never going back', () => {
    const { state } = start();
    expect(run(state, { type: 'escalated', step: 2 }, { type: 'escalated', step: 1 }).state.step).toBe(2);
  });
});
