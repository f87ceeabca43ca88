import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { ipcChannels } from '../../shared/contract/api.js';
import { events } from '../../shared/contract/events.js';
import { fail } from '../../shared/contract/result.js';
import type { Role } from '../../shared/contract/roles.js';
import type { Core } from '../core/core.js';
import { isTrustedSenderUrl } from './navigation-policy.js';

export interface IpcDeps {
  ipcMain: IpcMain;
  core: Core;
  appEntryUrl: string;
  /** The transport's role for this window; the staff session at the desk decides the role a call runs with. */
  transportRole: (event: IpcMainInvokeEvent) => Role;
}

/** The transport session of one window's page: how the core tells its screens apart. */
export const ipcSession = (webContentsId: number) => `ipc:${webContentsId}`;

/** One invoke channel carries the whole contract; the core's dispatcher does the rest. */
export function registerContractIpc({ ipcMain, core, appEntryUrl, transportRole }: IpcDeps): void {
  ipcMain.handle(ipcChannels.invoke, (event, call: unknown, input: unknown) => {
    if (!isTrustedSenderUrl(event.senderFrame?.url, appEntryUrl)) {
      return fail('FORBIDDEN', 'IPC from a frame that is not Vangnet');
    }
    return core.dispatch({ role: transportRole(event), session: ipcSession(event.sender.id) }, call, input);
  });
}

export function forwardEvents(core: Core, windows: () => readonly BrowserWindow[], roleOf: (window: BrowserWindow) => Role): () => void {
  return core.bus.subscribe((event, payload) => {
    for (const window of windows()) {
      if (!window.isDestroyed() && events[event].roles.includes(roleOf(window))) {
        window.webContents.send(ipcChannels.event, event, payload);
      }
    }
  });
}
