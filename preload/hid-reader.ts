import { contextBridge, ipcRenderer } from 'electron';
import { hidIpcChannels, type HidReaderBridge } from '../shared/contract/hid.js';

// Preload of the hidden HID reader window only: it passes raw reports on and decides nothing.
const bridge: HidReaderBridge = {
  report: (report, deviceKey) => ipcRenderer.send(hidIpcChannels.report, report, deviceKey),
  lost: (deviceKey) => ipcRenderer.send(hidIpcChannels.lost, deviceKey),
};

contextBridge.exposeInMainWorld('vangnetHid', bridge);
