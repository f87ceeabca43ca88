import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, globalShortcut, ipcMain, powerMonitor, screen, session } from 'electron';
import electronUpdater from 'electron-updater';
import type { ResponderStatus } from '../../shared/alarm/alarm-contract.js';
import { ipcChannels } from '../../shared/contract/api.js';
import type { CallOutput } from '../../shared/contract/calls.js';
import { defaultLocale, resources } from '../../shared/i18n/index.js';
import { resolveDataDir } from '../core/config.js';
import { openCore, type Core } from '../core/core.js';
import { DEFAULT_LAN_NETWORK } from '../core/alarm/lan-manager.js';
import { createLogger } from '../core/logger.js';
import { checkAlarmShortcut } from '../../shared/alarm/shortcut.js';
import { alarmShortcutsOf, isLocked } from '../../shared/deployment/machine-config.js';
import { loadMachineConfig } from '../core/config/machine-config-file.js';
import { alarmWindowAction, applyAlarmWindowAction } from './alarm-window.js';
import { hardenApp } from './hardening.js';
import { isHidPermissionAllowed, readHidButtonConfig } from './hid-buttons.js';
import { hidReaderWindowOptions, startHidButtons } from './hid-reader-window.js';
import { legacySafeStorageCredential, shellStoreKey } from './safe-storage-vault.js';
import { forwardEvents, ipcSession, registerContractIpc } from './ipc.js';
import { createTray } from './tray.js';
import type { UpdateStatus } from '../../shared/updates/update-status.js';
import { UpdateController } from './update-controller.js';
import { alarmBusy } from './update-policy.js';
import { mainWindowOptions } from './window-options.js';
import { miniWindowBounds, miniWindowOptions, readShellPreferences, writeShellPreferences } from './mini-window.js';
import { displayScreenFor, displayWindowOptions, screenChoices, transportRoleOf } from './display-window.js';

// The shell is thin on purpose: it wires Electron to the core and decides nothing itself.
const appRoot = app.getAppPath();
// Layout of out/app (see scripts/build-electron.mjs): electron/, renderer/, resources/.
const rendererEntry = path.join(appRoot, 'renderer', 'index.html');
const appEntryUrl = pathToFileURL(rendererEntry).href;
const preloadPath = path.join(appRoot, 'electron', 'preload.cjs');
const hidReaderPage = path.join(appRoot, 'electron', 'hid-reader.html');
const hidPreloadPath = path.join(appRoot, 'electron', 'hid-preload.cjs');
const iconPath = path.join(appRoot, 'resources', 'icon.png');
const logger = createLogger('vangnet-shell');

let mainWindow: BrowserWindow | null = null;
let miniWindow: BrowserWindow | null = null;
/** The house rules, full screen on a screen facing the public (a kiosk window). */
let displayWindow: BrowserWindow | null = null;
let quitting = false;

function showMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = new BrowserWindow(mainWindowOptions(preloadPath));
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    // Closing hides: the alarm must keep listening until someone really quits.
    mainWindow.on('close', (event) => {
      if (!quitting) {
        event.preventDefault();
        mainWindow?.hide();
      }
    });
    void mainWindow.loadFile(rendererEntry);
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** The house rules page as a kiosk window on the chosen screen; the same renderer, in its `?view=display` form. */
function setDisplayWindow(shown: boolean, chosenScreenId: number | null): void {
  if (!shown) {
    displayWindow?.destroy();
    displayWindow = null;
    return;
  }
  if (displayWindow && !displayWindow.isDestroyed()) return;
  const target = displayScreenFor(screen.getAllDisplays(), screen.getPrimaryDisplay().id, chosenScreenId);
  if (!target) return;
  displayWindow = new BrowserWindow(displayWindowOptions(preloadPath, target.bounds));
  displayWindow.once('ready-to-show', () => displayWindow?.showInactive());
  void displayWindow.loadFile(rendererEntry, { query: { view: 'display' } });
}

/** The optional always-on-top mini button: the same renderer, in its `?view=mini` form. */
function setMiniWindow(shown: boolean): void {
  if (!shown) {
    miniWindow?.destroy();
    miniWindow = null;
    return;
  }
  if (miniWindow && !miniWindow.isDestroyed()) return;
  miniWindow = new BrowserWindow(miniWindowOptions(preloadPath, miniWindowBounds(screen.getPrimaryDisplay().workArea)));
  miniWindow.setAlwaysOnTop(true, 'floating');
  miniWindow.setVisibleOnAllWorkspaces(true);
  miniWindow.once('ready-to-show', () => miniWindow?.showInactive());
  void miniWindow.loadFile(rendererEntry, { query: { view: 'mini' } });
}

// What IT deployed for this PC (docs/deployment.md); a bad file is logged and the defaults apply.
const machineConfig = loadMachineConfig(logger, process.platform, process.env);

const dataDir = () => resolveDataDir({ explicit: app.getPath('userData'), env: process.env, platform: process.platform, homeDir: os.homedir() }).dir;

/** Set once the core is open and the PC has an id; null also when IT configured no update server. */
let updateController: UpdateController | null = null;
const updateStatus = (): UpdateStatus => (updateController ? updateController.snapshot(app.getVersion()) : { kind: 'not-configured', currentVersion: app.getVersion() });

function openCoreOrExplain(): Core | null {
  try {
    const dir = dataDir();
    // The desktop app is what counters run: the LAN path is always on, keyed by the server.
    return openCore({ dataDir: dir, storeKey: shellStoreKey(dir), logger, legacyCredential: legacySafeStorageCredential(dir), lan: DEFAULT_LAN_NETWORK, machineConfig, updateStatus });
  } catch (error) {
    dialog.showErrorBox('Vangnet', `Vangnet cannot open its local store:\n\n${(error as Error).message}`);
    return null;
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  // HID buttons (docs/hardware-buttons.md): a bad configuration disables them, never the shell.
  const hidConfig = readHidButtonConfig(process.env);
  if (!hidConfig.ok) logger.error({ source: hidConfig.source, reason: hidConfig.error }, 'HID alarm buttons disabled: bad configuration');
  const hidButtons = hidConfig.ok ? hidConfig.buttons : [];
  const hidReaderUrl = pathToFileURL(hidReaderPage).href;
  hardenApp(app, session.defaultSession, appEntryUrl, (permission, url) => isHidPermissionAllowed(permission, url, hidReaderUrl, hidButtons));
  const core = openCoreOrExplain();
  if (!core) {
    app.exit(1);
    return;
  }
  const shell = { role: 'admin', session: 'shell' } as const;
  registerContractIpc({ ipcMain, core, appEntryUrl, transportRole: (event) => transportRoleOf(event.sender.id, displayWindow?.isDestroyed() === false ? displayWindow.webContents.id : null, shell.role) });
  // A window whose page is gone (destroyed, crashed) can show no alarm: it stops counting as a screen at once.
  app.on('web-contents-created', (_event, contents) => {
    const screen = ipcSession(contents.id);
    contents.on('render-process-gone', () => core.alarms.screenGone(screen));
    contents.on('destroyed', () => core.alarms.screenGone(screen));
  });
  forwardEvents(
    core,
    () => [mainWindow, miniWindow, displayWindow].filter((window): window is BrowserWindow => window !== null),
    (window) => (window === displayWindow ? 'display' : shell.role),
  );
  const raise = (level: 'assist' | 'emergency') => void core.dispatch({ role: 'counter', session: 'shell' }, 'alarm.raise', { level, drill: false });
  core.bus.subscribe((event, payload) => {
    if (event !== 'alarm.responder') return;
    showMainWindow();
    if (mainWindow) applyAlarmWindowAction(mainWindow, alarmWindowAction(payload as ResponderStatus));
  });
  for (const [level, accelerator] of Object.entries(alarmShortcutsOf(machineConfig)) as ['assist' | 'emergency', string][]) {
    // What IT locked wins over a per-user environment setting.
    const checked = checkAlarmShortcut((isLocked(machineConfig, 'alarmShortcuts') ? undefined : process.env[`VANGNET_SHORTCUT_${level.toUpperCase()}`]) ?? accelerator);
    if (!checked.ok || !globalShortcut.register(checked.accelerator, () => raise(level))) {
      logger.error({ level, accelerator, reason: checked.ok ? 'taken by another program' : checked.reason }, 'alarm shortcut not registered');
    }
  }
  if (machineConfig.startAtLogin !== undefined) app.setLoginItemSettings({ openAtLogin: machineConfig.startAtLogin });
  startHidButtons({
    session: session.defaultSession,
    ipcMain,
    buttons: hidButtons,
    openWindow: () => {
      const window = new BrowserWindow(hidReaderWindowOptions(hidPreloadPath));
      void window.loadFile(hidReaderPage);
      return window;
    },
    raise,
    logger,
  });
  const deviceStatus = await core.dispatch(shell, 'device.status', {}).then((status) => (status.ok ? (status.value as CallOutput<'device.status'>) : null));
  const locale = deviceStatus?.locale ?? defaultLocale;
  const preferences = readShellPreferences(dataDir());
  setMiniWindow(preferences.miniButton);
  setDisplayWindow(preferences.displayWindow, preferences.displayScreenId);
  const tray = createTray({
    iconPath,
    label: (key) => resources[locale].translation.tray[key],
    miniButton: preferences.miniButton,
    onMiniButton: (shown) => {
      preferences.miniButton = shown;
      writeShellPreferences(dataDir(), preferences);
      setMiniWindow(shown);
    },
    displayWindow: preferences.displayWindow,
    onDisplayWindow: (shown) => {
      preferences.displayWindow = shown;
      writeShellPreferences(dataDir(), preferences);
      setDisplayWindow(shown, preferences.displayScreenId);
    },
    screens: screenChoices(screen.getAllDisplays(), screen.getPrimaryDisplay().id).map((choice) => ({
      id: choice.id,
      label: resources[locale].translation.tray.screenLabel.replace('{{number}}', String(choice.number)).replace('{{size}}', choice.size) + (choice.primary ? ` – ${resources[locale].translation.tray.primaryScreen}` : ''),
    })),
    displayScreenId: preferences.displayScreenId,
    onDisplayScreen: (id) => {
      preferences.displayScreenId = id;
      writeShellPreferences(dataDir(), preferences);
      // Moved at once when it is showing.
      setDisplayWindow(false, id);
      setDisplayWindow(preferences.displayWindow, id);
    },
    onOpen: showMainWindow,
    onAlarm: raise,
    onQuit: () => {
      quitting = true;
      app.quit();
    },
  });
  // Updates (docs/deployment.md): decided in update-policy.ts, never during an alarm.
  const updates = deviceStatus
    ? UpdateController.create({
        updater: electronUpdater.autoUpdater,
        config: machineConfig,
        deviceId: deviceStatus.deviceId,
        busy: () => alarmBusy(core.alarms.active(null)),
        idleSeconds: () => powerMonitor.getSystemIdleTime(),
        now: Date.now,
        logger,
        onStatus: (key) => tray.setUpdateLine(key ? resources[locale].translation.tray.update[key] : null),
      })
    : null;
  updateController = updates;
  const updateTimer = updates ? setInterval(() => void updates.tick().catch((error: unknown) => logger.error({ reason: (error as Error).message }, 'updates: step failed')), 60_000) : null;
  if (updates) core.bus.subscribe((event) => {
    if (event === 'alarm.sender' || event === 'alarm.responder') updates.alarmChanged();
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // Let the sync engine finish its round and the store close cleanly before exiting.
    event.preventDefault();
    ipcMain.removeHandler(ipcChannels.invoke);
    if (updateTimer) clearInterval(updateTimer);
    globalShortcut.unregisterAll();
    void core.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
  showMainWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showMainWindow);
  app.on('window-all-closed', () => {
    /* stay in the tray */
  });
  void start();
}
