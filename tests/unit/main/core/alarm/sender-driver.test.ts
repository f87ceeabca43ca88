import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SenderDriver } from '../../../../../main/core/alarm/sender-driver.js';
import type { SenderState } from '../../../../../shared/alarm/sender-machine.js';

const config = { deliveryDeadlineMs: 3_000, escalationAfterMs: 20_000, groups: 3 };
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function sender() {
  const states: SenderState[] = [];
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
    driver.feed({ type: 'delivered', by: 'pc-2' });
    driver.feed({ type: 'delivered', by: 'pc-3' });
    driver.feed({ type: 'delivered', by: 'pc-2' });
    vi.advanceTimersByTime(5_000);
    expect(driver.state).toMatchObject({ phase: 'delivered', deliveredTo: ['pc-2', 'pc-3'] });
  });

  it('a late confirmation turns NOT DELIVERED into delivered', () => {
    const { driver } = sender();
    vi.advanceTimersByTime(3_000);
    driver.feed({ type: 'delivered', by: 'pc-2' });
    expect(driver.state.phase).toBe('delivered');
  });

  it('escalates group by group while nobody is coming, and stops at the last group', () => {
    const { driver, escalations } = sender();
    driver.feed({ type: 'delivered', by: 'pc-2' });
    driver.feed({ type: 'cannot_come', by: 'pc-2' });
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
    driver.feed({ type: 'coming', by: 'pc-4' });
    vi.advanceTimersByTime(60_000);
    expect(escalations).toEqual([]);
    driver.feed({ type: 'cannot_come', by: 'pc-4' });
    expect(driver.state).toMatchObject({ coming: [], cannotCome: ['pc-4'], deliveredTo: ['pc-4'] });
  });

  it('cancel and resolve end it: no more timers, no more changes', () => {
    const { driver, escalations } = sender();
    driver.feed({ type: 'cancel' });
    vi.advanceTimersByTime(120_000);
    expect(driver.state.phase).toBe('cancelled');
    expect(escalations).toEqual([]);
    driver.feed({ type: 'coming', by: 'pc-2' });
    expect(driver.state.phase).toBe('cancelled');
    expect(vi.getTimerCount()).toBe(0);
  });
});
