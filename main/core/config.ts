import path from 'node:path';

export type DataDirSource = 'explicit' | 'environment' | 'platform-default';

export interface DataDirRequest {
  /** From a command-line flag or the Electron shell (app.getPath('userData')). */
  explicit?: string | undefined;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  homeDir: string;
}

export class ConfigError extends Error {
  constructor(
    readonly code: 'CONFIG_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Where the local store lives. Never the working directory by accident: a relative
 * path is refused, and the fallback is the platform's per-user data folder.
 */
export function resolveDataDir(request: DataDirRequest): { dir: string; source: DataDirSource } {
  const fromFlag = request.explicit?.trim();
  if (fromFlag) return { dir: requireAbsolute(fromFlag, 'the data directory option'), source: 'explicit' };
  const fromEnv = request.env['VANGNET_DATA_DIR']?.trim();
  if (fromEnv) return { dir: requireAbsolute(fromEnv, 'VANGNET_DATA_DIR'), source: 'environment' };
  return { dir: platformDataDir(request), source: 'platform-default' };
}

function requireAbsolute(dir: string, origin: string): string {
  if (!path.isAbsolute(dir)) {
    throw new ConfigError('CONFIG_INVALID', `${origin} must be an absolute path, got "${dir}"`);
  }
  return path.normalize(dir);
}

function platformDataDir({ env, platform, homeDir }: DataDirRequest): string {
  if (!path.isAbsolute(homeDir)) {
    throw new ConfigError('CONFIG_INVALID', 'no home directory: set VANGNET_DATA_DIR to an absolute path');
  }
  if (platform === 'win32') {
    const appData = env['APPDATA'] ?? path.win32.join(homeDir, 'AppData', 'Roaming');
    return path.win32.join(appData, 'Vangnet');
  }
  if (platform === 'darwin') return path.join(homeDir, 'Library', 'Application Support', 'Vangnet');
  const xdg = env['XDG_DATA_HOME'];
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(homeDir, '.local', 'share');
  return path.join(base, 'vangnet');
}

/**
 * The web host's default store key file, for the default data folder only: in the per-user
 * configuration folder, apart from the data folder, so a copy or backup of the data carries no key.
 */
export function platformKeyFile({ env, platform, homeDir }: Omit<DataDirRequest, 'explicit'>): string {
  if (platform === 'win32') return path.win32.join(env['LOCALAPPDATA'] ?? path.win32.join(homeDir, 'AppData', 'Local'), 'Vangnet', 'store.key');
  if (platform === 'darwin') return path.join(homeDir, 'Library', 'Preferences', 'Vangnet', 'store.key');
  const xdg = env['XDG_CONFIG_HOME'];
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(homeDir, '.config'), 'vangnet', 'store.key');
}
