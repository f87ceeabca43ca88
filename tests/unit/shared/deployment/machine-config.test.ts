import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineConfigPath, readMachineConfig } from '../../../../main/core/config/machine-config-file.js';
import { alarmShortcutsOf, defaultMachineConfig, lockedChanges, parseMachineConfig } from '../../../../shared/deployment/machine-config.js';
import { tempDir } from '../../../support/temp-dir.js';

const full = {
  version: 1,
  serverUrl: 'https://vangnet.zwolle.nl',
  enrolment: { policy: 'token', token: 't'.repeat(43) },
  language: 'en',
  alarmShortcuts: { assist: 'Control+Alt+F9', emergency: 'Control+Alt+F10' },
  startAtLogin: true,
  updates: { url: 'https://updates.zwolle.nl/vangnet/', percentage: 25 },
  locked: ['serverUrl', 'alarmShortcuts'],
};

describe('the machine-wide configuration', () => {
  it('takes a full file as IT wrote it', () => {
    const outcome = parseMachineConfig(JSON.stringify(full), 'config.json');
    expect(outcome).toEqual({ config: full, source: 'file', problem: null });
    expect(alarmShortcutsOf(outcome.config)).toEqual(full.alarmShortcuts);
  });

  it('without a file: nothing preset, nothing locked, the usual shortcuts', () => {
    expect(parseMachineConfig(null, 'x')).toEqual({ config: defaultMachineConfig, source: 'default', problem: null });
    expect(alarmShortcutsOf(defaultMachineConfig)).toEqual({ assist: 'Control+Alt+H', emergency: 'Control+Alt+N' });
  });

  it.each([
    ['not JSON', '{"version": 1,', /config\.json is not valid JSON/],
    ['a typo in a name', JSON.stringify({ ...full, serverURL: 'https://x.nl' }), /serverURL/],
    ['a shortcut without a modifier', JSON.stringify({ ...full, alarmShortcuts: { assist: 'F9', emergency: 'Control+Alt+N' } }), /alarmShortcuts\.assist: a global alarm shortcut needs at least one modifier/],
    ['an unknown language', JSON.stringify({ ...full, language: 'de' }), /language:/],
    ['token policy without a token', JSON.stringify({ ...full, enrolment: { policy: 'token' } }), /enrolment\.token: policy "token" needs the token/],
    ['an update server over http', JSON.stringify({ ...full, updates: { url: 'http://updates.zwolle.nl/' } }), /updates\.url: must be an https:\/\/ address/],
    ['a percentage over 100', JSON.stringify({ ...full, updates: { url: 'https://u.nl/', percentage: 101 } }), /updates\.percentage/],
    ['locking what cannot be locked', JSON.stringify({ ...full, locked: ['fallbackPhone'] }), /locked\.0/],
    ['another version', JSON.stringify({ ...full, version: 2 }), /version/],
    ['an array', '[]', /\(file\)/],
  ])('refuses %s as a whole, names the field and falls back to the defaults', (_name, text, message) => {
    const outcome = parseMachineConfig(text, 'config.json');
    expect(outcome.config).toEqual(defaultMachineConfig);
    expect(outcome.source).toBe('default');
    expect(outcome.problem).toMatch(message);
    expect(outcome.problem).toMatch(/using the defaults$/);
  });

  it('a locked setting cannot be changed, except to the value IT set; an unlocked one can', () => {
    const { config } = parseMachineConfig(JSON.stringify({ ...full, locked: ['serverUrl', 'language'] }), 'c');
    expect(lockedChanges(config, { serverUrl: 'https://elders.nl' })).toEqual(['serverUrl']);
    expect(lockedChanges(config, { serverUrl: 'https://vangnet.zwolle.nl', language: 'en' })).toEqual([]);
    expect(lockedChanges(config, { language: 'nl', startAtLogin: false })).toEqual(['language']);
    expect(lockedChanges(defaultMachineConfig, { serverUrl: 'https://elders.nl', language: 'nl', startAtLogin: false })).toEqual([]);
  });

  it('lives in the machine-wide folder of each OS', () => {
    expect(machineConfigPath('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\Vangnet\\config.json');
    expect(machineConfigPath('win32', {})).toBe('C:\\ProgramData\\Vangnet\\config.json');
    expect(machineConfigPath('linux', {})).toBe('/etc/vangnet/config.json');
    expect(machineConfigPath('darwin', {})).toBe('/Library/Application Support/Vangnet/config.json');
  });

  it('reads a real file; a missing one gives the defaults without a problem, a folder in its place gives one', () => {
    const dir = tempDir();
    const file = path.join(dir, 'config.json');
    expect(readMachineConfig(file)).toEqual({ config: defaultMachineConfig, source: 'default', problem: null });
    fs.writeFileSync(file, JSON.stringify(full));
    expect(readMachineConfig(file).config).toEqual(full);
    const folder = path.join(dir, 'folder.json');
    fs.mkdirSync(folder);
    expect(readMachineConfig(folder).problem).toMatch(/cannot be read \(EISDIR\); using the defaults/);
  });
});
