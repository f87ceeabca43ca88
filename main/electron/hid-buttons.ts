import fs from 'node:fs';
import { z } from 'zod';
import type { HidReport } from '../../shared/contract/hid.js';

/**
 * HID panic buttons and pedals (the kind that do not type a key combination). The shell
 * reads them through Chromium's WebHID in a hidden window of its own, not through a native
 * module: node-hid would have to be built for Electron's ABI on every release machine.
 * Everything that decides something is here, pure, so it can be tested without Electron.
 */

/** A USB id as a number (6790) or hex text ("0x1a86", "1a86"), as lsusb and Device Manager show it. */
const usbId = z.union([
  z.number().int().min(0).max(0xffff),
  z
    .string()
    .regex(/^(0x)?[0-9a-fA-F]{1,4}$/, { error: 'expected a 16-bit id such as 0x1a86' })
    .transform((text) => Number.parseInt(text.replace(/^0x/, ''), 16)),
]);
const byteValue = z.union([
  z.number().int().min(0).max(0xff),
  z
    .string()
    .regex(/^0x[0-9a-fA-F]{1,2}$/, { error: 'expected a byte such as 0x01' })
    .transform((text) => Number.parseInt(text.slice(2), 16)),
]);

const buttonSchema = z
  .strictObject({
    name: z.string().min(1).max(80),
    vendorId: usbId,
    productId: usbId,
    /** assist asks a colleague for help; emergency raises the emergency alarm. */
    level: z.enum(['assist', 'emergency']),
    /** Only reports with this id count; omitted: any report of the device. */
    reportId: z.number().int().min(0).max(0xff).optional(),
    /** Index into the report's data (WebHID leaves the report id out of the data). */
    byte: z.number().int().min(0).max(63),
    mask: byteValue.default(0xff),
    /** (data[byte] & mask) === value means pressed; omitted: every masked bit set. */
    value: byteValue.optional(),
    /** A new press within this time of the last one is contact bounce, not a second alarm. */
    debounceMs: z.number().int().min(0).max(5_000).default(50),
  })
  .transform(({ value, ...button }) => ({ ...button, value: value ?? button.mask }))
  .refine((button) => (button.value & ~button.mask) === 0, { error: 'value has bits outside mask: it could never match' });

const configSchema = z.array(buttonSchema).max(16);

export type HidButton = z.output<typeof buttonSchema>;

export type HidButtonConfig = { ok: true; buttons: HidButton[]; source: string | null } | { ok: false; error: string; source: string };

/**
 * The configured buttons, from VANGNET_HID_BUTTONS (JSON) or the JSON file named by
 * VANGNET_HID_BUTTONS_FILE. A bad configuration disables HID buttons with a message;
 * it never stops the shell, because the shortcut, header and tray still raise alarms.
 */
export function readHidButtonConfig(env: Readonly<Record<string, string | undefined>>, readFile: (file: string) => string = (file) => fs.readFileSync(file, 'utf8')): HidButtonConfig {
  const inline = env['VANGNET_HID_BUTTONS'];
  const file = env['VANGNET_HID_BUTTONS_FILE'];
  if (inline !== undefined && file !== undefined) return { ok: false, error: 'set VANGNET_HID_BUTTONS or VANGNET_HID_BUTTONS_FILE, not both', source: 'environment' };
  if (inline === undefined && file === undefined) return { ok: true, buttons: [], source: null };
  const source = inline !== undefined ? 'VANGNET_HID_BUTTONS' : (file as string);
  let text: string;
  try {
    text = inline ?? readFile(file as string);
  } catch (error) {
    return { ok: false, error: `cannot read ${source}: ${(error as Error).message}`, source };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `${source} is not JSON: ${(error as Error).message}`, source };
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) return { ok: false, error: `${source}: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(top)'}: ${issue.message}`).join('; ')}`, source };
  return { ok: true, buttons: parsed.data, source };
}

export interface HidDeviceIds {
  vendorId: number;
  productId: number;
}

export const buttonsForDevice = (device: HidDeviceIds, buttons: readonly HidButton[]): HidButton[] => buttons.filter((button) => button.vendorId === device.vendorId && button.productId === device.productId);

/**
 * setDevicePermissionHandler: HID access only to a configured button, and only for pages
 * loaded from the app's own files (origin file://; navigation never leaves them). Any other
 * device (a keyboard, a card reader, a dongle) stays closed.
 */
export function isHidDeviceAllowed(details: { deviceType: string; origin: string; device: { vendorId?: unknown; productId?: unknown } }, buttons: readonly HidButton[]): boolean {
  if (details.deviceType !== 'hid' || details.origin !== 'file://') return false;
  // Serial ports carry their ids as text; only a HID device's numbers can match.
  const { vendorId, productId } = details.device;
  if (typeof vendorId !== 'number' || typeof productId !== 'number') return false;
  return buttonsForDevice({ vendorId, productId }, buttons).length > 0;
}

/** setPermissionCheckHandler for 'hid': only with buttons configured, and only the hidden reader page asks. */
export function isHidPermissionAllowed(permission: string, requestingUrl: string, readerPageUrl: string, buttons: readonly HidButton[]): boolean {
  if (permission !== 'hid' || buttons.length === 0) return false;
  if (!URL.canParse(requestingUrl) || !URL.canParse(readerPageUrl)) return false;
  const from = new URL(requestingUrl);
  const reader = new URL(readerPageUrl);
  return from.protocol === 'file:' && from.protocol === reader.protocol && from.pathname === reader.pathname;
}

/** select-hid-device: pick the first configured button in the list; '' cancels the request. */
export function selectHidDevice(deviceList: readonly (HidDeviceIds & { deviceId: string })[], buttons: readonly HidButton[]): string {
  return deviceList.find((device) => buttonsForDevice(device, buttons).length > 0)?.deviceId ?? '';
}

/** Whether this report says the button is down; null when the report is not about this button. */
export function reportSaysPressed(report: Pick<HidReport, 'reportId' | 'data'>, button: HidButton): boolean | null {
  if (button.reportId !== undefined && report.reportId !== button.reportId) return null;
  const byte = report.data[button.byte];
  if (byte === undefined) return null;
  return (byte & button.mask) === button.value;
}

export interface HidButtonState {
  down: boolean;
  lastPressAt: number | null;
}

export const releasedButton: HidButtonState = { down: false, lastPressAt: null };

/**
 * Turns a stream of reports into presses: a press is the edge from up to down. A held button
 * (repeated "down" reports, as many devices send) raises once; a new edge within debounceMs
 * of the last press is contact bounce and raises nothing.
 */
export function hidButtonStep(state: HidButtonState, report: Pick<HidReport, 'reportId' | 'data' | 'atMs'>, button: HidButton): { state: HidButtonState; pressed: boolean } {
  const down = reportSaysPressed(report, button);
  if (down === null) return { state, pressed: false };
  if (!down) return { state: state.down ? { ...state, down: false } : state, pressed: false };
  if (state.down) return { state, pressed: false };
  const bounce = state.lastPressAt !== null && report.atMs - state.lastPressAt < button.debounceMs;
  return { state: { down: true, lastPressAt: bounce ? state.lastPressAt : report.atMs }, pressed: !bounce };
}

/**
 * Keeps the state of every configured button and says which alarm level each report raises.
 * The same button on two devices (two pedals of one model) counts apart, by device key.
 */
export class HidButtonDecoder {
  private readonly states = new Map<string, HidButtonState>();

  constructor(private readonly buttons: readonly HidButton[]) {}

  /** The levels to raise for this report (usually none; one per configured button that was pressed). */
  feed(report: HidReport, deviceKey: string): ('assist' | 'emergency')[] {
    const levels: ('assist' | 'emergency')[] = [];
    for (const [index, button] of this.buttons.entries()) {
      if (button.vendorId !== report.vendorId || button.productId !== report.productId) continue;
      const key = `${deviceKey}#${index}`;
      const step = hidButtonStep(this.states.get(key) ?? releasedButton, report, button);
      this.states.set(key, step.state);
      if (step.pressed) levels.push(button.level);
    }
    return levels;
  }

  /** A device went away: forget its state, so a button held while unplugged is not "down" forever. */
  forget(deviceKey: string): void {
    for (const key of [...this.states.keys()]) if (key.startsWith(`${deviceKey}#`)) this.states.delete(key);
  }
}
