import type { BrowserWindow, BrowserWindowConstructorOptions, IpcMain, IpcMainEvent, Session } from 'electron';
import { hidDeviceKeySchema, hidIpcChannels, hidReportSchema } from '../../shared/contract/hid.js';
import type { Logger } from '../core/logger.js';
import { HidButtonDecoder, isHidDeviceAllowed, selectHidDevice, type HidButton } from './hid-buttons.js';
import { secureWebPreferences } from './window-options.js';

/** Never shown, never focused; it must not be throttled while hidden, or presses arrive late. */
export function hidReaderWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    show: false,
    focusable: false,
    skipTaskbar: true,
    width: 1,
    height: 1,
    webPreferences: { ...secureWebPreferences(preloadPath), backgroundThrottling: false },
  };
}

export interface HidReaderDeps {
  session: Session;
  ipcMain: IpcMain;
  buttons: readonly HidButton[];
  /** Opens the hidden reader window (loads electron/hid-reader.html with its preload). */
  openWindow: () => BrowserWindow;
  raise: (level: 'assist' | 'emergency') => void;
  logger: Logger;
}

/**
 * Wires HID buttons: device access for the configured ids only, the hidden reader window,
 * and reports (from that window only) through the decoder to the same raise as the shortcut.
 */
export function startHidButtons({ session, ipcMain, buttons, openWindow, raise, logger }: HidReaderDeps): void {
  if (buttons.length === 0) return;
  session.setDevicePermissionHandler((details) => isHidDeviceAllowed(details, buttons));
  session.on('select-hid-device', (event, details, callback) => {
    event.preventDefault();
    callback(selectHidDevice(details.deviceList, buttons));
  });
  const decoder = new HidButtonDecoder(buttons);
  const window = openWindow();
  const fromReader = (event: IpcMainEvent) => !window.isDestroyed() && event.sender === window.webContents;
  ipcMain.on(hidIpcChannels.report, (event, report: unknown, deviceKey: unknown) => {
    if (!fromReader(event)) return;
    const parsedReport = hidReportSchema.safeParse(report);
    const parsedKey = hidDeviceKeySchema.safeParse(deviceKey);
    if (!parsedReport.success || !parsedKey.success) return;
    for (const level of decoder.feed(parsedReport.data, parsedKey.data)) {
      logger.info({ level, vendorId: parsedReport.data.vendorId, productId: parsedReport.data.productId }, 'HID alarm button pressed');
      raise(level);
    }
  });
  ipcMain.on(hidIpcChannels.lost, (event, deviceKey: unknown) => {
    const parsedKey = hidDeviceKeySchema.safeParse(deviceKey);
    if (fromReader(event) && parsedKey.success) decoder.forget(parsedKey.data);
  });
  logger.info({ buttons: buttons.map(({ name, vendorId, productId, level }) => ({ name, vendorId, productId, level })) }, 'HID alarm buttons configured');
}
