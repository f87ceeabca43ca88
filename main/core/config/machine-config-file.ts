import fs from 'node:fs';
import path from 'node:path';
import { parseMachineConfig, type MachineConfigOutcome } from '../../../shared/deployment/machine-config.js';

/** The OS's machine-wide config folder: writable by administrators only, read by every user. */
export function machineConfigPath(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): string {
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
