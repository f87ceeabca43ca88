import { describe, expect, it } from 'vitest';
import { ConfigError, resolveDataDir } from '../../../../main/core/config.js';

const base = { env: {}, platform: 'linux' as const, homeDir: '/home/ada' };

describe('resolveDataDir', () => {
  it('prefers the explicit option, then VANGNET_DATA_DIR, then the platform folder', () => {
    expect(resolveDataDir({ ...base, explicit: '/srv/vangnet', env: { VANGNET_DATA_DIR: '/env' } })).toEqual({ dir: '/srv/vangnet', source: 'explicit' });
    expect(resolveDataDir({ ...base, env: { VANGNET_DATA_DIR: '/env/vangnet' } })).toEqual({ dir: '/env/vangnet', source: 'environment' });
    expect(resolveDataDir(base)).toEqual({ dir: '/home/ada/.local/share/vangnet', source: 'platform-default' });
  });

  it('follows XDG_DATA_HOME, macOS and Windows conventions', () => {
    expect(resolveDataDir({ ...base, env: { XDG_DATA_HOME: '/data' } }).dir).toBe('/data/vangnet');
    expect(resolveDataDir({ ...base, platform: 'darwin' }).dir).toBe('/home/ada/Library/Application Support/Vangnet');
    expect(resolveDataDir({ ...base, platform: 'win32', env: { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' } }).dir).toBe('C:\\Users\\ada\\AppData\\Roaming\\Vangnet');
  });

  it('never falls back to the working directory: relative paths are refused', () => {
    expect(() => resolveDataDir({ ...base, explicit: 'data' })).toThrow(ConfigError);
    expect(() => resolveDataDir({ ...base, env: { VANGNET_DATA_DIR: './data' } })).toThrow(/absolute path/);
    expect(() => resolveDataDir({ ...base, homeDir: '' })).toThrow(/VANGNET_DATA_DIR/);
  });

  it('treats blank values as unset', () => {
    expect(resolveDataDir({ ...base, explicit: '  ', env: { VANGNET_DATA_DIR: '' } }).source).toBe('platform-default');
  });
});
