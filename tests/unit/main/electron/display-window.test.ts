import { describe, expect, it } from 'vitest';
import { displayScreenFor, displayWindowOptions, screenChoices, transportRoleOf } from '../../../../main/electron/display-window.js';
import { secureWebPreferences } from '../../../../main/electron/window-options.js';

const counter = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } };
const waitingRoom = { id: 2, bounds: { x: 1920, y: 0, width: 1920, height: 1080 } };
const portrait = { id: 3, bounds: { x: 3840, y: 0, width: 1080, height: 1920 } };

describe('the house rules kiosk window', () => {
  it('goes to the chosen screen; without a choice, or when it is unplugged, to the first screen that is not the counter\'s', () => {
    expect(displayScreenFor([counter, waitingRoom, portrait], 1, 3)).toBe(portrait);
    expect(displayScreenFor([counter, waitingRoom, portrait], 1, null)).toBe(waitingRoom);
    expect(displayScreenFor([counter, waitingRoom], 1, 3)).toBe(waitingRoom);
    // One screen only: the counter's own (the administrator asked for it).
    expect(displayScreenFor([counter], 1, null)).toBe(counter);
    expect(displayScreenFor([], 1, null)).toBeNull();
  });

  it('is a full-screen kiosk on that screen, frameless, never taking focus from the counter, with the secure page settings', () => {
    const options = displayWindowOptions('/app/preload.js', waitingRoom.bounds);
    expect(options).toMatchObject({ ...waitingRoom.bounds, kiosk: true, fullscreen: true, frame: false, focusable: false, show: false, skipTaskbar: true });
    expect(options.webPreferences).toEqual(secureWebPreferences('/app/preload.js'));
  });

  it('lists the screens to choose from, numbered, with their size, the counter\'s own marked', () => {
    expect(screenChoices([counter, waitingRoom, portrait], 1)).toEqual([
      { id: 1, number: 1, size: '1920×1080', primary: true },
      { id: 2, number: 2, size: '1920×1080', primary: false },
      { id: 3, number: 3, size: '1080×1920', primary: false },
    ]);
  });

  it('its calls run as a display, whoever is signed in; every other window keeps the shell\'s role', () => {
    expect(transportRoleOf(42, 42, 'admin')).toBe('display');
    expect(transportRoleOf(7, 42, 'admin')).toBe('admin');
    expect(transportRoleOf(7, null, 'admin')).toBe('admin');
  });
});
