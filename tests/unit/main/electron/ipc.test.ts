import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { ipcChannels } from '../../../../shared/contract/api.js';
import { registerContractIpc } from '../../../../main/electron/ipc.js';
import { openTestCore } from '../../../support/core.js';

const entry = 'file:///app/dist/renderer/index.html';
type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

/** Records what the shell registers on ipcMain, so the handler can be driven as Electron would. */
function recordingIpcMain() {
  const handlers = new Map<string, InvokeHandler>();
  const ipcMain = { handle: (channel: string, handler: InvokeHandler) => handlers.set(channel, handler) } as unknown as IpcMain;
  return { ipcMain, handlers };
}

const eventFrom = (url: string | undefined) => ({ senderFrame: url === undefined ? null : { url }, sender: { id: 1 } }) as unknown as IpcMainInvokeEvent;

describe('contract over IPC', () => {
  it('registers exactly one invoke channel', () => {
    const { ipcMain, handlers } = recordingIpcMain();
    registerContractIpc({ ipcMain, core: openTestCore(), appEntryUrl: entry, transportRole: () => 'admin' });
    expect([...handlers.keys()]).toEqual([ipcChannels.invoke]);
  });

  it('dispatches calls from our own page to the core', async () => {
    const { ipcMain, handlers } = recordingIpcMain();
    registerContractIpc({ ipcMain, core: openTestCore(), appEntryUrl: entry, transportRole: () => 'admin' });
    const result = await handlers.get(ipcChannels.invoke)?.(eventFrom(`${entry}#/`), 'device.status', {});
    expect(result).toMatchObject({ ok: true, value: { connection: 'unconfigured' } });
  });

  it('refuses calls from any other frame, before the core sees them', async () => {
    const { ipcMain, handlers } = recordingIpcMain();
    const core = openTestCore();
    registerContractIpc({ ipcMain, core, appEntryUrl: entry, transportRole: () => 'admin' });
    const handler = handlers.get(ipcChannels.invoke);
    for (const url of ['https://evil.example/', undefined]) {
      expect(await handler?.(eventFrom(url), 'settings.update', { organisationName: 'x', siteName: 'x', deskName: 'x', floor: '', serverUrl: '' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(core.store.read.prepare('SELECT count(*) FROM desk').pluck().get()).toBe(0);
  });

  it('passes the window role to the dispatcher', async () => {
    const { ipcMain, handlers } = recordingIpcMain();
    registerContractIpc({ ipcMain, core: openTestCore(), appEntryUrl: entry, transportRole: () => 'display' });
    expect(await handlers.get(ipcChannels.invoke)?.(eventFrom(entry), 'device.status', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
