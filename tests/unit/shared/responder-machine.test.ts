import { describe, expect, it } from 'vitest';
import { comingCount, responderStep, startResponder, type ResponderInput, type ResponderState } from '../../../shared/alarm/responder-machine.js';

const start = () => startResponder({ alarmId: 'a', level: 'emergency', drill: false, from: { desk: 'Balie 3', floor: '1', person: 'J. de Vries', site: 'Stadskantoor' }, raisedAt: '2026-11-28T10:00:00.000Z' });
const run = (state: ResponderState, ...inputs: ResponderInput[]) => inputs.reduce<{ state: ResponderState; effects: unknown[] }>((acc, input) => {
  const next = responderStep(acc.state, input);
  return { state: next.state, effects: [...acc.effects, ...next.effects] };
}, { state, effects: [] });

describe('responder state machine', () => {
  it('sounds at once, and leaves "delivered" to the screen that shows it', () => {
    expect(start().effects).toEqual([{ type: 'sound', on: true }]);
  });

  it('keeps sounding until this person answers, then tells the sender', () => {
    const { state } = start();
    const heard = run(state, { type: 'other_answered', by: 'pc-9', name: 'Piet', answer: 'coming' });
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
    expect(cancelled.effects).toEqual([{ type: 'sound', on: false }]);
    expect(run(cancelled.state, { type: 'answer', answer: 'coming' }).effects).toEqual([]);
    const resolved = run(start().state, { type: 'answer', answer: 'coming' }, { type: 'resolved' });
    expect(resolved.state.phase).toBe('resolved');
    expect(resolved.effects).toEqual([{ type: 'send', event: 'coming' }, { type: 'sound', on: false }]);
  });

  it('records escalation steps, never going back', () => {
    const { state } = start();
    expect(run(state, { type: 'escalated', step: 2 }, { type: 'escalated', step: 1 }).state.step).toBe(2);
  });

  it('keeps who else answered, by name, and never counts this person among the others', () => {
    const answered = run(start().state, { type: 'answer', answer: 'coming' }, { type: 'other_answered', by: 'pc-9', name: 'Piet', answer: 'coming' }, { type: 'other_answered', by: 'pc-7', name: 'Balie 2', answer: 'cannot_come' });
    expect(answered.state.others).toEqual({ 'pc-9': { answer: 'coming', name: 'Piet' }, 'pc-7': { answer: 'cannot_come', name: 'Balie 2' } });
    expect(comingCount(answered.state)).toBe(2);
  });

  it('duress turns the alarm into an emergency and asks again whoever could not come', () => {
    const couldNot = run(start().state, { type: 'answer', answer: 'cannot_come' }, { type: 'duress' });
    expect(couldNot.state).toMatchObject({ level: 'emergency', duress: true, phase: 'alerting' });
    expect(couldNot.effects.at(-1)).toEqual({ type: 'sound', on: true });
    const coming = run(start().state, { type: 'answer', answer: 'coming' }, { type: 'duress' });
    expect(coming.state).toMatchObject({ level: 'emergency', duress: true, phase: 'coming' });
    expect(run(coming.state, { type: 'duress' }).effects).toEqual([]);
  });
});
