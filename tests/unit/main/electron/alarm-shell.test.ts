import { describe, expect, it } from 'vitest';
import { checkAlarmShortcut, defaultAlarmShortcuts } from '../../../../shared/alarm/shortcut.js';
import { alarmWindowAction } from '../../../../main/electron/alarm-window.js';
import { secureWebPreferences } from '../../../../main/electron/window-options.js';

describe('alarm shortcut (USB buttons and foot pedals send one)', () => {
  it('accepts the defaults and common pedal combinations', () => {
    for (const accelerator of [...Object.values(defaultAlarmShortcuts), 'Control+Shift+F12', 'Alt+Pause', 'CommandOrControl+Alt+num5']) {
      expect(checkAlarmShortcut(accelerator)).toEqual({ ok: true, accelerator });
    }
  });
  it.each([
    ['H', 'a global alarm shortcut needs at least one modifier'],
    ['F9', 'a global alarm shortcut needs at least one modifier'],
    ['Control+', 'empty part'],
    ['Hyper+H', 'unknown modifier in Hyper+H'],
    ['Control+Control+H', 'a modifier is repeated'],
    ['Control+Alt+ä', 'unknown key ä'],
  ])('refuses %s', (accelerator, reason) => {
    expect(checkAlarmShortcut(accelerator)).toEqual({ ok: false, reason });
  });
});

describe('responder window', () => {
  it('comes to the front while alerting, lets go when the alarm ends', () => {
    expect(alarmWindowAction({ phase: 'alerting' })).toBe('take_focus');
    expect(alarmWindowAction({ phase: 'coming' })).toBe('none');
    expect(alarmWindowAction({ phase: 'resolved' })).toBe('release');
    expect(alarmWindowAction({ phase: 'cancelled' })).toBe('release');
  });
  it('may play the alarm sound without a click', () => {
    expect(secureWebPreferences('/p.cjs').autoplayPolicy).toBe('no-user-gesture-required');
  });
});
