/**
 * USB push-buttons and foot pedals send a key combination; the administrator sets which.
 * A global shortcut must have a modifier, or typing would raise alarms.
 */
const MODIFIERS = new Set(['Control', 'Ctrl', 'Alt', 'Shift', 'Super', 'Meta', 'CommandOrControl', 'CmdOrCtrl', 'Command', 'Cmd', 'AltGr', 'Option']);
const KEY = /^([A-Z0-9]|F([1-9]|1[0-9]|2[0-4])|Space|Tab|Enter|Escape|Insert|Delete|Home|End|PageUp|PageDown|Up|Down|Left|Right|Pause|ScrollLock|num[0-9])$/;

export const defaultAlarmShortcuts = { assist: 'Control+Alt+H', emergency: 'Control+Alt+N' } as const;

export type ShortcutCheck = { ok: true; accelerator: string } | { ok: false; reason: string };

export function checkAlarmShortcut(accelerator: string): ShortcutCheck {
  const parts = accelerator.split('+').map((part) => part.trim());
  if (parts.some((part) => part === '')) return { ok: false, reason: 'empty part' };
  const key = parts.at(-1) ?? '';
  const modifiers = parts.slice(0, -1);
  if (modifiers.length === 0) return { ok: false, reason: 'a global alarm shortcut needs at least one modifier' };
  if (!modifiers.every((modifier) => MODIFIERS.has(modifier))) return { ok: false, reason: `unknown modifier in ${accelerator}` };
  if (new Set(modifiers).size !== modifiers.length) return { ok: false, reason: 'a modifier is repeated' };
  if (!KEY.test(key)) return { ok: false, reason: `unknown key ${key}` };
  return { ok: true, accelerator: parts.join('+') };
}
