import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import type { Role } from '../../shared/contract/roles.js';
import { secureWebPreferences } from './window-options.js';

/** A screen as the shell sees it (Electron's `Display`, only what the choice needs). */
export interface ShellScreen {
  id: number;
  bounds: Rectangle;
}

/**
 * Where the house rules go: the screen the administrator chose, if it is still attached;
 * otherwise the first screen that is not the counter's own (a second monitor facing the
 * waiting room); with one screen only, that one.
 */
export function displayScreenFor(screens: readonly ShellScreen[], primaryId: number, chosenId: number | null): ShellScreen | null {
  const chosen = chosenId === null ? undefined : screens.find((candidate) => candidate.id === chosenId);
  return chosen ?? screens.find((candidate) => candidate.id !== primaryId) ?? screens.find((candidate) => candidate.id === primaryId) ?? screens[0] ?? null;
}

/** The tray's list of screens to choose from: numbered as the OS numbers them, with their size, the counter's own marked. */
export function screenChoices(screens: readonly ShellScreen[], primaryId: number): { id: number; number: number; size: string; primary: boolean }[] {
  return screens.map((candidate, index) => ({ id: candidate.id, number: index + 1, size: `${candidate.bounds.width}×${candidate.bounds.height}`, primary: candidate.id === primaryId }));
}

/** Full screen, no frame, no menu: a kiosk the public cannot close or navigate away from. */
export function displayWindowOptions(preloadPath: string, bounds: Rectangle): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    title: 'Vangnet – huisregels',
    kiosk: true,
    fullscreen: true,
    frame: false,
    autoHideMenuBar: true,
    skipTaskbar: true,
    focusable: false,
    show: false,
    backgroundColor: '#000000',
    webPreferences: secureWebPreferences(preloadPath),
  };
}

/**
 * The role the core answers a window's calls with. The kiosk window is a display: whoever
 * is signed in at the desk, it opens the house rules and nothing else.
 */
export function transportRoleOf(senderId: number, displayWindowSenderId: number | null, shellRole: Role): Role {
  return displayWindowSenderId !== null && senderId === displayWindowSenderId ? 'display' : shellRole;
}
