import { Menu, Tray, nativeImage } from 'electron';

export interface TrayActions {
  iconPath: string;
  label: (key: 'open' | 'quit') => string;
  onOpen: () => void;
  onQuit: () => void;
}

/** Vangnet keeps running in the tray: closing the window must not switch the alarm off. */
export function createTray({ iconPath, label, onOpen, onQuit }: TrayActions): Tray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.setToolTip('Vangnet');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: label('open'), click: onOpen },
      { type: 'separator' },
      { label: label('quit'), click: onQuit },
    ]),
  );
  tray.on('click', onOpen);
  return tray;
}
