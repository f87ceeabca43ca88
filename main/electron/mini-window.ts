import fs from 'node:fs';
import path from 'node:path';
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { z } from 'zod';
import { secureWebPreferences } from './window-options.js';

export const MINI_SIZE = { width: 440, height: 56 } as const;
const MARGIN = 16;

/** Bottom right of the work area (above the taskbar), where it covers least of the case system. */
export function miniWindowBounds(workArea: Rectangle): Rectangle {
  return { x: workArea.x + workArea.width - MINI_SIZE.width - MARGIN, y: workArea.y + workArea.height - MINI_SIZE.height - MARGIN, ...MINI_SIZE };
}

/**
 * Small, frameless and above other windows, but never taking focus from the application
 * the counter works in: a click raises the alarm without the visitor seeing a window jump.
 */
export function miniWindowOptions(preloadPath: string, bounds: Rectangle): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    title: 'Vangnet',
    frame: false,
    resizable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    focusable: false,
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

/** A file from an older version lacks the display fields: they default, the rest is kept. */
const preferencesSchema = z.object({ miniButton: z.boolean(), displayWindow: z.boolean().default(false), displayScreenId: z.number().int().nullable().default(null) });
export type ShellPreferences = z.infer<typeof preferencesSchema>;

/** The shell's own choices (kept beside the store); a missing or damaged file means the defaults. */
export function readShellPreferences(dataDir: string): ShellPreferences {
  try {
    const parsed = preferencesSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dataDir, 'shell-preferences.json'), 'utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    /* no file yet, or not JSON: the defaults below */
  }
  return { miniButton: false, displayWindow: false, displayScreenId: null };
}

export function writeShellPreferences(dataDir: string, preferences: ShellPreferences): void {
  const file = path.join(dataDir, 'shell-preferences.json');
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(preferences), { mode: 0o600 });
  fs.renameSync(`${file}.tmp`, file);
}
