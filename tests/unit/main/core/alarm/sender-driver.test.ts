import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SenderDriver } from '../../../../../main/core/alarm/sender-driver.js';
import type { SenderStatus } from '../../../../../shared/alarm/alarm-contract.js';

const config = { deliveryDeadlineMs: 3_000, escalationAfterMs: 20_000, groups: 3 };
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function sender() {
  const states: SenderStatus[] = [];
  const escalations: number[] = [];
  const driver = new SenderDriver('a', 'assist', false, config, (state) => states.push(state), (step) => escalations.push(step));
  return { driver, states, escalations };
}

describe('sender state machine under fake timers', () => {
  it('shows NOT DELIVERED at exactly 3 s when no path confirms delivery', () => {
    const { driver } = sender();
    vi.advanceTimersByTime(2_999);
    expect(driver.state.phase).toBe('sending');
    vi.advanceTimersByTime(1);
    expect(driver.state.phase).toBe('not_delivered');
  });

  it('a confirmation before 3 s means delivered, and the deadline never fires', () => {
    const { driver } = sender();
    vi.advanceTimersByTime(800);
    driver.feed({ type: 'delivered', by: 'pc-2', name: 'pc-2' });
    driver.feed({ type: 'delivered', by: 'pc-3', name: 'pc-3' });
    driver.feed({ type: 'delivered', by: 'pc-2', name: 'pc-2' });
    vi.advanceTimersByTime(5_000);
    expect(driver.state).toMatchObject({ phase: 'delivered', deliveredTo: ['pc-2', 'pc-3'] });
  });

  it('a late confirmation turns NOT DELIVERED into delivered', () => {
    const { driver } = sender();
    vi.advanceTimersByTime(3_000);
    driver.feed({ type: 'delivered', by: 'pc-2', name: 'pc-2' });
    expect(driver.state.phase).toBe('delivered');
  });

  it('escalates group by group while nobody is coming, and stops at the last group', () => {
    const { driver, escalations } = sender();
    driver.feed({ type: 'delivered', by: 'pc-2', name: 'pc-2' });
    driver.feed({ type: 'cannot_come', by: 'pc-2', name: 'pc-2' });
    vi.advanceTimersByTime(20_000);
    expect(escalations).toEqual([1]);
    vi.advanceTimersByTime(20_000);
    expect(escalations).toEqual([1, 2]);
    vi.advanceTimersByTime(60_000);
    expect(escalations).toEqual([1, 2]);
    expect(driver.state.step).toBe(2);
  });

  it('someone coming stops the escalation; changing their mind is recorded', () => {
    const { driver, escalations } = sender();
    vi.advanceTimersByTime(10_000);
    driver.feed({ type: 'coming', by: 'pc-4', name: 'pc-4' });
    vi.advanceTimersByTime(60_000);
    expect(escalations).toEqual([]);
    driver.feed({ type: 'cannot_come', by: 'pc-4', name: 'pc-4' });
    expect(driver.state).toMatchObject({ coming: [], cannotCome: ['pc-4'], deliveredTo: ['pc-4'] });
  });

  it('cancel and resolve end it: no more timers, no more changes', () => {
    const { driver, escalations } = sender();
    driver.feed({ type: 'cancel' });
    vi.advanceTimersByTime(120_000);
    expect(driver.state.phase).toBe('cancelled');
    expect(escalations).toEqual([]);
    driver.feed({ type: 'coming', by: 'pc-2', name: 'pc-2' });
    expect(driver.state.phase).toBe('cancelled');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('under duress the screen shows an ordinary cancel once while the alarm goes on and escalates past someone coming', () => {
    const { driver, states, escalations } = sender();
    driver.feed({ type: 'delivered', by: 'pc-2', name: 'Piet' });
    driver.feed({ type: 'coming', by: 'pc-2', name: 'Piet' });
    const shownBefore = states.length;
    driver.feed({ type: 'duress' });
    expect(states.slice(shownBefore)).toEqual([expect.objectContaining({ phase: 'cancelled', level: 'assist', step: 0 })]);
    // The truth underneath: an emergency, escalated at once to the next group, and again after T.
    expect(driver.state).toMatchObject({ phase: 'delivered', level: 'emergency', duress: true, step: 1 });
    expect(escalations).toEqual([1]);
    vi.advanceTimersByTime(20_000);
    expect(escalations).toEqual([1, 2]);
    driver.feed({ type: 'coming', by: 'pc-3', name: 'Jan' });
    driver.setPac('delivered');
    // Nothing after the cover reaches the screen: not the answers, not the alarm centre.
    expect(states.slice(shownBefore)).toHaveLength(1);
    expect(driver.status).toMatchObject({ phase: 'cancelled', pac: 'none', coming: ['pc-2'] });
  });

  it('names who is coming, as people know them', () => {
    const { driver } = sender();
    driver.feed({ type: 'coming', by: 'pc-2', name: 'Piet' });
    driver.feed({ type: 'delivered', by: 'pc-3', name: 'Balie 4' });
    expect(driver.status).toMatchObject({ coming: ['pc-2'], deliveredTo: ['pc-2', 'pc-3'], names: { 'pc-2': 'Piet', 'pc-3': 'Balie 4' } });
  });
});
