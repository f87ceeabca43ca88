import { describe, expect, it } from 'vitest';
import { HidButtonDecoder, hidButtonStep, isHidDeviceAllowed, isHidPermissionAllowed, readHidButtonConfig, releasedButton, reportSaysPressed, selectHidDevice, type HidButton } from '../../../../main/electron/hid-buttons.js';

const pedal = { name: 'Voetpedaal balie 3', vendorId: '0x1a86', productId: '0xe026', level: 'emergency', byte: 0, mask: '0x01' };
const configured = (json: unknown): HidButton[] => {
  const config = readHidButtonConfig({ VANGNET_HID_BUTTONS: JSON.stringify(json) });
  if (!config.ok) throw new Error(config.error);
  return config.buttons;
};
const [button] = configured([pedal]) as [HidButton];
const report = (data: number[], atMs: number, reportId = 0) => ({ vendorId: 0x1a86, productId: 0xe026, reportId, data, atMs });

describe('HID button configuration', () => {
  it('reads hex or decimal ids, and defaults value to the mask and a 50 ms debounce', () => {
    expect(button).toEqual({ name: 'Voetpedaal balie 3', vendorId: 0x1a86, productId: 0xe026, level: 'emergency', byte: 0, mask: 1, value: 1, debounceMs: 50 });
    expect(configured([{ ...pedal, vendorId: 6790, productId: 'e026', mask: 255, value: '0x00' }])[0]).toMatchObject({ vendorId: 6790, productId: 0xe026, mask: 255, value: 0 });
  });

  it('is off, not an error, when nothing is configured', () => {
    expect(readHidButtonConfig({})).toEqual({ ok: true, buttons: [], source: null });
  });

  it('reads a JSON file named by VANGNET_HID_BUTTONS_FILE', () => {
    const config = readHidButtonConfig({ VANGNET_HID_BUTTONS_FILE: '/etc/vangnet/buttons.json' }, (file) => (file === '/etc/vangnet/buttons.json' ? JSON.stringify([pedal]) : ''));
    expect(config).toMatchObject({ ok: true, buttons: [{ vendorId: 0x1a86 }], source: '/etc/vangnet/buttons.json' });
  });

  it.each([
    ['not JSON', '[{'],
    ['an object, not a list', JSON.stringify(pedal)],
    ['a vendor id out of range', JSON.stringify([{ ...pedal, vendorId: '0x12345' }])],
    ['an unknown level', JSON.stringify([{ ...pedal, level: 'panic' }])],
    ['an unknown field', JSON.stringify([{ ...pedal, pid: 1 }])],
    ['a value that the mask can never give', JSON.stringify([{ ...pedal, mask: '0x01', value: '0x02' }])],
    ['a byte beyond a report', JSON.stringify([{ ...pedal, byte: 64 }])],
  ])('refuses %s with a message, and disables HID buttons', (_what, text) => {
    const config = readHidButtonConfig({ VANGNET_HID_BUTTONS: text });
    expect(config.ok).toBe(false);
    if (!config.ok) expect(config.error).toMatch(/^VANGNET_HID_BUTTONS/);
  });

  it('says so when the file cannot be read, or both settings are given', () => {
    const missing = readHidButtonConfig({ VANGNET_HID_BUTTONS_FILE: '/nope.json' }, () => {
      throw new Error('ENOENT');
    });
    expect(missing).toMatchObject({ ok: false, error: expect.stringContaining('cannot read /nope.json') });
    expect(readHidButtonConfig({ VANGNET_HID_BUTTONS: '[]', VANGNET_HID_BUTTONS_FILE: '/x' }).ok).toBe(false);
  });
});

describe('HID device access', () => {
  const device = { vendorId: 0x1a86, productId: 0xe026 };
  const reader = 'file:///opt/Vangnet/resources/app/electron/hid-reader.html';

  it('grants only a configured button, only to the app\'s own files', () => {
    expect(isHidDeviceAllowed({ deviceType: 'hid', origin: 'file://', device }, [button])).toBe(true);
    expect(isHidDeviceAllowed({ deviceType: 'hid', origin: 'file://', device: { vendorId: 0x046d, productId: 0xc31c } }, [button])).toBe(false); // a keyboard
    expect(isHidDeviceAllowed({ deviceType: 'usb', origin: 'file://', device }, [button])).toBe(false);
    expect(isHidDeviceAllowed({ deviceType: 'hid', origin: 'https://evil.example', device }, [button])).toBe(false);
    expect(isHidDeviceAllowed({ deviceType: 'hid', origin: 'file://', device }, [])).toBe(false);
    expect(isHidDeviceAllowed({ deviceType: 'hid', origin: 'file://', device: {} }, [button])).toBe(false);
    expect(isHidDeviceAllowed({ deviceType: 'hid', origin: 'file://', device: { vendorId: '1a86', productId: 'e026' } }, [button])).toBe(false);
  });

  it('lets only the reader page check the hid permission, and only with buttons configured', () => {
    expect(isHidPermissionAllowed('hid', reader, reader, [button])).toBe(true);
    expect(isHidPermissionAllowed('hid', 'file:///opt/Vangnet/resources/app/renderer/index.html', reader, [button])).toBe(false);
    expect(isHidPermissionAllowed('hid', reader, reader, [])).toBe(false);
    expect(isHidPermissionAllowed('usb', reader, reader, [button])).toBe(false);
    expect(isHidPermissionAllowed('hid', 'https://evil.example/hid-reader.html', reader, [button])).toBe(false);
  });

  it('selects the configured button from a chooser list, or cancels', () => {
    expect(selectHidDevice([{ deviceId: 'kbd', vendorId: 0x046d, productId: 0xc31c }, { deviceId: 'pedal', ...device }], [button])).toBe('pedal');
    expect(selectHidDevice([{ deviceId: 'kbd', vendorId: 0x046d, productId: 0xc31c }], [button])).toBe('');
  });
});

describe('HID reports to presses', () => {
  it('reads the configured byte under the mask; other report ids and short reports say nothing', () => {
    expect(reportSaysPressed({ reportId: 0, data: [0x01] }, button)).toBe(true);
    expect(reportSaysPressed({ reportId: 0, data: [0xfe] }, button)).toBe(false);
    expect(reportSaysPressed({ reportId: 0, data: [] }, button)).toBeNull();
    const numbered = { ...button, reportId: 2 };
    expect(reportSaysPressed({ reportId: 1, data: [0x01] }, numbered)).toBeNull();
    expect(reportSaysPressed({ reportId: 2, data: [0x01] }, numbered)).toBe(true);
  });

  it('raises once on the press edge; a held button (repeated reports) raises once', () => {
    let state = releasedButton;
    const pressed: number[] = [];
    for (const [data, at] of [[[0], 0], [[1], 100], [[1], 108], [[1], 116], [[1], 2_000], [[0], 2_100]] as const) {
      const step = hidButtonStep(state, report([...data], at), button);
      state = step.state;
      if (step.pressed) pressed.push(at);
    }
    expect(pressed).toEqual([100]);
    expect(state.down).toBe(false);
  });

  it('treats a new press within the debounce time as contact bounce, and a later one as a new press', () => {
    let state = releasedButton;
    const pressed: number[] = [];
    for (const [data, at] of [[[1], 1_000], [[0], 1_010], [[1], 1_020], [[0], 1_030], [[1], 1_049], [[0], 1_200], [[1], 1_300]] as const) {
      const step = hidButtonStep(state, report([...data], at), button);
      state = step.state;
      if (step.pressed) pressed.push(at);
    }
    expect(pressed).toEqual([1_000, 1_300]);
  });

  it('gives each button its level, each device its own state, and forgets an unplugged device', () => {
    const buttons = configured([
      { ...pedal, name: 'links', level: 'assist', mask: '0x01' },
      { ...pedal, name: 'rechts', level: 'emergency', mask: '0x02' },
    ]);
    const decoder = new HidButtonDecoder(buttons);
    expect(decoder.feed(report([0x01], 0), 'a')).toEqual(['assist']);
    expect(decoder.feed(report([0x03], 10), 'a')).toEqual(['emergency']); // left still held: only right is new
    expect(decoder.feed(report([0x01], 20), 'b')).toEqual(['assist']); // a second pedal of the same model
    expect(decoder.feed({ ...report([0x01], 30), productId: 0x1234 }, 'c')).toEqual([]); // another device
    decoder.forget('a');
    expect(decoder.feed(report([0x03], 500), 'a')).toEqual(['assist', 'emergency']);
  });
});
