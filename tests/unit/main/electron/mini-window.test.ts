import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINI_SIZE, miniWindowBounds, miniWindowOptions, readShellPreferences, writeShellPreferences } from '../../../../main/electron/mini-window.js';
import { secureWebPreferences } from '../../../../main/electron/window-options.js';
import { tempDir } from '../../../support/temp-dir.js';

describe('always-on-top mini alarm button', () => {
  it('sits at the bottom right of the work area, on whichever display and offset', () => {
    expect(miniWindowBounds({ x: 0, y: 0, width: 1920, height: 1040 })).toEqual({ x: 1920 - MINI_SIZE.width - 16, y: 1040 - MINI_SIZE.height - 16, ...MINI_SIZE });
    expect(miniWindowBounds({ x: -1280, y: 200, width: 1280, height: 984 })).toMatchObject({ x: -16 - MINI_SIZE.width, y: 200 + 984 - MINI_SIZE.height - 16 });
  });

  it('stays on top without a frame or a taskbar entry, never takes focus, and keeps the secure preferences', () => {
    const options = miniWindowOptions('/app/preload.cjs', { x: 1, y: 2, width: 3, height: 4 });
    expect(options).toMatchObject({ x: 1, y: 2, width: 3, height: 4, frame: false, alwaysOnTop: true, focusable: false, skipTaskbar: true, resizable: false, show: false });
    expect(options.webPreferences).toEqual(secureWebPreferences('/app/preload.cjs'));
  });

  it('is off until chosen; the choice survives a restart, and a damaged file means off, not a crash', () => {
    const dir = tempDir();
    expect(readShellPreferences(dir)).toEqual({ miniButton: false, displayWindow: false, displayScreenId: null });
    writeShellPreferences(dir, { miniButton: true, displayWindow: true, displayScreenId: 7 });
    expect(readShellPreferences(dir)).toEqual({ miniButton: true, displayWindow: true, displayScreenId: 7 });
    // A file from before the display window keeps its choice; the new fields take their defaults.
    fs.writeFileSync(path.join(dir, 'shell-preferences.json'), '{"miniButton": true}');
    expect(readShellPreferences(dir)).toEqual({ miniButton: true, displayWindow: false, displayScreenId: null });
    expect(fs.statSync(path.join(dir, 'shell-preferences.json')).mode & 0o777).toBe(0o600);
    for (const damaged of ['{"miniButton": "yes"}', 'not json', '']) {
      fs.writeFileSync(path.join(dir, 'shell-preferences.json'), damaged);
      expect(readShellPreferences(dir)).toEqual({ miniButton: false, displayWindow: false, displayScreenId: null });
    }
  });
});
