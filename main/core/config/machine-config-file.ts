import fs from 'node:fs';
import path from 'node:path';
import { parseMachineConfig, type MachineConfig, type MachineConfigOutcome } from '../../../shared/deployment/machine-config.js';
import type { Logger } from '../logger.js';

/**
 * The OS's machine-wide config folder: writable by administrators only, read by every user.
 * VANGNET_MACHINE_CONFIG (an absolute path) points elsewhere, for tests and trials.
 */
export function machineConfigPath(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): string {
  const override = env['VANGNET_MACHINE_CONFIG']?.trim();
  if (override && path.isAbsolute(override)) return override;
  if (platform === 'win32') return path.win32.join(env['ProgramData'] ?? 'C:\\ProgramData', 'Vangnet', 'config.json');
  if (platform === 'darwin') return '/Library/Application Support/Vangnet/config.json';
  return '/etc/vangnet/config.json';
}

/** Read at start by the web host and the Electron shell. A missing file is normal; an unreadable one is a problem to show. */
export function readMachineConfig(file: string): MachineConfigOutcome {
  let text: string | null;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') text = null;
    else return { ...parseMachineConfig(null, file), problem: `${file} cannot be read (${code ?? String(error)}); using the defaults` };
  }
  return parseMachineConfig(text, file);
}

/** What the web host and the shell do at start: read the file and say in the log what was refused. */
export function loadMachineConfig(logger: Logger, platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): MachineConfig {
  const file = machineConfigPath(platform, env);
  const outcome = readMachineConfig(file);
  if (outcome.problem) logger.error({ file }, outcome.problem);
  else if (outcome.source === 'file') logger.info({ file, locked: outcome.config.locked }, 'machine-wide configuration applied');
  return outcome.config;
}
