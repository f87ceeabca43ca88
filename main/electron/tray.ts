import { Menu, Tray, nativeImage } from 'electron';

export interface TrayActions {
  iconPath: string;
  label: (key: 'open' | 'quit' | 'assist' | 'emergency' | 'mini' | 'display' | 'displayScreen') => string;
  /** The screens to put the house rules on, already labelled (see `screenChoices`). */
  screens: readonly { id: number; label: string }[];
  displayScreenId: number | null;
  onDisplayScreen: (id: number) => void;
  miniButton: boolean;
  onMiniButton: (shown: boolean) => void;
  /** The house rules, full screen on a screen facing the public. */
  displayWindow: boolean;
  onDisplayWindow: (shown: boolean) => void;
  onOpen: () => void;
  onQuit: () => void;
  onAlarm: (level: 'assist' | 'emergency') => void;
}

/** Vangnet keeps running in the tray: closing the window must not switch the alarm off. */
export function createTray({ iconPath, label, miniButton, onMiniButton, displayWindow, onDisplayWindow, screens, displayScreenId, onDisplayScreen, onOpen, onQuit, onAlarm }: TrayActions): Tray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.setToolTip('Vangnet');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: label('assist'), click: () => onAlarm('assist') },
      { label: label('emergency'), click: () => onAlarm('emergency') },
      { label: label('mini'), type: 'checkbox', checked: miniButton, click: (item) => onMiniButton(item.checked) },
      { label: label('display'), type: 'checkbox', checked: displayWindow, click: (item) => onDisplayWindow(item.checked) },
      { label: label('displayScreen'), submenu: screens.map((choice) => ({ label: choice.label, type: 'radio' as const, checked: choice.id === displayScreenId, click: () => onDisplayScreen(choice.id) })) },
      { type: 'separator' },
      { label: label('open'), click: onOpen },
      { type: 'separator' },
      { label: label('quit'), click: onQuit },
    ]),
  );
  tray.on('click', onOpen);
  return tray;
}
