import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { VangnetApi } from '../shared/contract/api.js';
import { ipcChannels } from '../shared/contract/api.js';
import type { CallName } from '../shared/contract/calls.js';
import { isEventName } from '../shared/contract/events.js';
import { createListenerRegistry } from '../shared/contract/listener-registry.js';
import type { Result } from '../shared/contract/result.js';

const registry = createListenerRegistry();

// One ipcRenderer listener for all events; the renderer never touches ipcRenderer itself.
ipcRenderer.on(ipcChannels.event, (_event: IpcRendererEvent, name: unknown, payload: unknown) => {
  if (isEventName(name)) registry.emit(name, payload);
});

const api: VangnetApi = {
  invoke: (call: CallName, input: unknown) => ipcRenderer.invoke(ipcChannels.invoke, call, input) as Promise<Result<never>>,
  on: registry.on,
  off: registry.off,
};

contextBridge.exposeInMainWorld('vangnet', api);
