import { describe, expect, it } from 'vitest';
import { calls, type CallName } from '../../../shared/contract/calls.js';
import { roles } from '../../../shared/contract/roles.js';
import { roleAtDesk } from '../../../shared/domain/staff.js';
import { displayPageCall, mayCall, menuFor, screenCalls } from '../../../renderer/src/access.js';
import { menuRoutes } from '../../../renderer/src/routing.js';

describe('what each role sees comes from the contract’s roles per call', () => {
  it('a screen is shown exactly when its role may make the call the screen opens with', () => {
    for (const role of roles) {
      for (const screen of menuRoutes) expect(menuFor(role).includes(screen)).toBe(calls[screenCalls[screen]].roles.includes(role));
    }
  });

  it('counter staff see no settings, worklist or house rules editor; they do see incidents and the visitor check', () => {
    expect(menuFor('counter')).toEqual(['home', 'warnings', 'incidents']);
    expect(mayCall('counter', 'staff.create')).toBe(false);
    expect(mayCall('counter', 'settings.update')).toBe(false);
    expect(mayCall('counter', 'incident.completeTask')).toBe(false);
  });

  it('a coordinator gets the worklist, the warnings, the analytics, the checklist and the house rules, not the settings; an administrator gets everything', () => {
    expect(menuFor('coordinator')).toEqual(['home', 'warnings', 'incidents', 'worklist', 'warningsAdmin', 'analytics', 'checklist', 'houseRules']);
    expect(menuFor('admin')).toEqual([...menuRoutes]);
  });

  it('a display sees nothing but the house rules page', () => {
    expect(menuFor('display')).toEqual([]);
    expect(mayCall('display', displayPageCall)).toBe(true);
    const displayCalls = (Object.keys(calls) as CallName[]).filter((call) => mayCall('display', call));
    expect(displayCalls).toEqual([displayPageCall]);
  });

  it('the desk role: signed-in person, set-up mode keeps the transport role, otherwise counter; a display stays a display', () => {
    const coordinator = { id: '0190d5d8-6a3b-7c4e-8f00-000000000001', displayName: 'C', role: 'coordinator' as const };
    expect(roleAtDesk('admin', { staff: coordinator, setupMode: false })).toBe('coordinator');
    expect(roleAtDesk('admin', { staff: null, setupMode: true })).toBe('admin');
    expect(roleAtDesk('admin', { staff: null, setupMode: false })).toBe('counter');
    expect(roleAtDesk('display', { staff: coordinator, setupMode: false })).toBe('display');
  });
});
