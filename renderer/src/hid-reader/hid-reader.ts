import type { HidReaderBridge } from '../../../shared/contract/hid.js';

// The page of the shell's hidden HID reader window (not part of the app's UI). Chromium's
// WebHID returns only the devices the shell granted (the configured buttons); this page opens
// them and hands every input report to the shell, which decides what is a press.

// WebHID is not in TypeScript's DOM library: the little this page uses.
interface HidDevice extends EventTarget {
  readonly vendorId: number;
  readonly productId: number;
  readonly opened: boolean;
  open(): Promise<void>;
}
interface HidInputReportEvent extends Event {
  readonly device: HidDevice;
  readonly reportId: number;
  readonly data: DataView;
}
interface HidConnectionEvent extends Event {
  readonly device: HidDevice;
}
interface Hid extends EventTarget {
  getDevices(): Promise<HidDevice[]>;
}

const bridge = (window as unknown as { vangnetHid?: HidReaderBridge }).vangnetHid;
const hid = (navigator as Navigator & { hid?: Hid }).hid;
const keys = new WeakMap<HidDevice, string>();
let nextKey = 1;

function keyOf(device: HidDevice): string {
  let key = keys.get(device);
  if (!key) {
    key = `hid-${nextKey++}`;
    keys.set(device, key);
  }
  return key;
}

async function listen(device: HidDevice): Promise<void> {
  if (!bridge) return;
  const key = keyOf(device);
  if (!device.opened) {
    await device.open();
    device.addEventListener('inputreport', (event) => {
      const { reportId, data } = event as HidInputReportEvent;
      bridge.report({ vendorId: device.vendorId, productId: device.productId, reportId, data: Array.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)), atMs: performance.now() }, key);
    });
  }
}

if (bridge && hid) {
  hid.addEventListener('connect', (event) => void listen((event as HidConnectionEvent).device).catch(() => undefined));
  hid.addEventListener('disconnect', (event) => bridge.lost(keyOf((event as HidConnectionEvent).device)));
  // A device that cannot be opened (held by another program) is skipped; the shell logs what is missing.
  void hid.getDevices().then((devices) => Promise.allSettled(devices.map(listen)));
}
