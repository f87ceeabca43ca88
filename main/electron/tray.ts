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

export interface VangnetTray {
  /** A line at the top of the menu and in the tooltip saying where an update stands (null: none). */
  setUpdateLine(text: string | null): void;
}

/** Vangnet keeps running in the tray: closing the window must not switch the alarm off. */
export function createTray({ iconPath, label, miniButton, onMiniButton, displayWindow, onDisplayWindow, screens, displayScreenId, onDisplayScreen, onOpen, onQuit, onAlarm }: TrayActions): VangnetTray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  // The menu is rebuilt when the update line changes, so it keeps what was ticked since.
  const state = { miniButton, displayWindow, displayScreenId, updateLine: null as string | null };
  const render = () => {
    tray.setToolTip(state.updateLine ? `Vangnet – ${state.updateLine}` : 'Vangnet');
    tray.setContextMenu(
      Menu.buildFromTemplate([
        ...(state.updateLine ? [{ label: state.updateLine, enabled: false }, { type: 'separator' as const }] : []),
        { label: label('assist'), click: () => onAlarm('assist') },
        { label: label('emergency'), click: () => onAlarm('emergency') },
        { label: label('mini'), type: 'checkbox', checked: state.miniButton, click: (item) => onMiniButton((state.miniButton = item.checked)) },
        { label: label('display'), type: 'checkbox', checked: state.displayWindow, click: (item) => onDisplayWindow((state.displayWindow = item.checked)) },
        { label: label('displayScreen'), submenu: screens.map((choice) => ({ label: choice.label, type: 'radio' as const, checked: choice.id === state.displayScreenId, click: () => onDisplayScreen((state.displayScreenId = choice.id)) })) },
        { type: 'separator' },
        { label: label('open'), click: onOpen },
        { type: 'separator' },
        { label: label('quit'), click: onQuit },
      ]),
    );
  };
  render();
  tray.on('click', onOpen);
  return {
    setUpdateLine: (text) => {
      if (text === state.updateLine) return;
      state.updateLine = text;
      render();
    },
  };
}
