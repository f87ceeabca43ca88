import { Menu, Tray, nativeImage } from 'electron';

export interface TrayActions {
  iconPath: string;
  label: (key: 'open' | 'quit' | 'assist' | 'emergency' | 'mini') => string;
  miniButton: boolean;
  onMiniButton: (shown: boolean) => void;
  onOpen: () => void;
  onQuit: () => void;
  onAlarm: (level: 'assist' | 'emergency') => void;
}

/** Vangnet keeps running in the tray: closing the window must not switch the alarm off. */
export function createTray({ iconPath, label, miniButton, onMiniButton, onOpen, onQuit, onAlarm }: TrayActions): Tray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.setToolTip('Vangnet');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: label('assist'), click: () => onAlarm('assist') },
      { label: label('emergency'), click: () => onAlarm('emergency') },
      { label: label('mini'), type: 'checkbox', checked: miniButton, click: (item) => onMiniButton(item.checked) },
      { type: 'separator' },
      { label: label('open'), click: onOpen },
      { type: 'separator' },
      { label: label('quit'), click: onQuit },
    ]),
  );
  tray.on('click', onOpen);
  return tray;
}
