import type { BrowserWindow, IpcMain, Session } from 'electron';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../main/core/logger.js';
import { readHidButtonConfig } from '../../../../main/electron/hid-buttons.js';
import { hidReaderWindowOptions, startHidButtons } from '../../../../main/electron/hid-reader-window.js';
import { hidIpcChannels } from '../../../../shared/contract/hid.js';
import { secureWebPreferences } from '../../../../main/electron/window-options.js';

describe('hidden HID reader window', () => {
  it('is never shown or focused, keeps every security preference, and is not throttled while hidden', () => {
    const options = hidReaderWindowOptions('/app/electron/hid-preload.cjs');
    expect(options).toMatchObject({ show: false, focusable: false, skipTaskbar: true });
    expect(options.webPreferences).toEqual({ ...secureWebPreferences('/app/electron/hid-preload.cjs'), backgroundThrottling: false });
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
  });
});

describe('startHidButtons wires the decisions into Electron', () => {
  type Fn = (...args: never[]) => unknown;
  const buttons = (() => {
    const config = readHidButtonConfig({ VANGNET_HID_BUTTONS: JSON.stringify([{ name: 'pedaal', vendorId: '0x1a86', productId: '0xe026', level: 'emergency', byte: 0, mask: '0x01' }]) });
    if (!config.ok) throw new Error(config.error);
    return config.buttons;
  })();

  function wire(configured = buttons) {
    const hooks: Record<string, Fn> = {};
    const session = { setDevicePermissionHandler: (fn: Fn) => (hooks['device'] = fn), on: (name: string, fn: Fn) => (hooks[name] = fn) } as unknown as Session;
    const ipcMain = { on: (channel: string, fn: Fn) => (hooks[channel] = fn) } as unknown as IpcMain;
    const readerContents = {};
    let opened = 0;
    const window = { webContents: readerContents, isDestroyed: () => false } as unknown as BrowserWindow;
    const raised: string[] = [];
    startHidButtons({ session, ipcMain, buttons: configured, openWindow: () => (opened++, window), raise: (level) => raised.push(level), logger: silentLogger() });
    const send = (sender: unknown, data: number[], atMs: number, key: unknown = 'hid-1') =>
      (hooks[hidIpcChannels.report] as (e: unknown, r: unknown, k: unknown) => void)({ sender }, { vendorId: 0x1a86, productId: 0xe026, reportId: 0, data, atMs }, key);
    return { hooks, readerContents, raised, send, opened: () => opened };
  }

  it('raises the configured level once per press, only for reports from the reader window', () => {
    const { readerContents, raised, send } = wire();
    send(readerContents, [1], 0);
    send(readerContents, [1], 10); // held
    send({}, [0], 20); // another window: ignored, so the button is still down here
    send({}, [1], 500);
    send(readerContents, [0], 600);
    send(readerContents, [1], 700);
    send(readerContents, [1], 800, '../../etc'); // not a device key
    expect(raised).toEqual(['emergency', 'emergency']);
  });

  it('grants the configured device and picks it in the chooser; with no buttons it wires nothing', () => {
    const { hooks } = wire();
    expect((hooks['device'] as (d: unknown) => boolean)({ deviceType: 'hid', origin: 'file://', device: { vendorId: 0x1a86, productId: 0xe026 } })).toBe(true);
    let chosen: string | null | undefined;
    (hooks['select-hid-device'] as (e: unknown, d: unknown, cb: (id: string) => void) => void)({ preventDefault: () => undefined }, { deviceList: [{ deviceId: 'x', vendorId: 1, productId: 2 }, { deviceId: 'p', vendorId: 0x1a86, productId: 0xe026 }] }, (id) => (chosen = id));
    expect(chosen).toBe('p');
    const none = wire([]);
    expect(none.opened()).toBe(0);
    expect(Object.keys(none.hooks)).toEqual([]);
  });
});
