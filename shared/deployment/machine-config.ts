import { z } from 'zod';
import { checkAlarmShortcut, defaultAlarmShortcuts } from '../alarm/shortcut.js';
import { localeSchema, serverUrlSchema } from '../domain/directory.js';
import { enrolmentTokenSchema } from '../sync/protocol.js';

/**
 * The machine-wide configuration IT deploys (docs/deployment.md): one JSON file per PC, in the
 * machine-wide config folder, written by the installer's MSI properties, GPO or Intune.
 * Everything is optional; what is `locked` a user cannot change on the settings screen.
 */
const shortcutSchema = z.string().superRefine((value, context) => {
  const check = checkAlarmShortcut(value);
  if (!check.ok) context.addIssue({ code: 'custom', message: check.reason });
});

/** Settings IT can fix for every user of the PC. */
export const lockableSettings = ['serverUrl', 'language', 'alarmShortcuts', 'startAtLogin', 'updates'] as const;
export type LockableSetting = (typeof lockableSettings)[number];


export const machineConfigSchema = z.strictObject({
  version: z.literal(1),
  serverUrl: serverUrlSchema.optional(),
  enrolment: z
    .strictObject({
      /** `code`: an administrator types a one-time code at each PC; `token`: the PC asks by itself and an administrator approves it on the server. */
      policy: z.enum(['code', 'token']),
      token: enrolmentTokenSchema.optional(),
    })
    .refine((value) => value.policy === 'code' || value.token !== undefined, { error: 'policy "token" needs the token', path: ['token'] })
    .optional(),
  language: localeSchema.optional(),
  alarmShortcuts: z.strictObject({ assist: shortcutSchema, emergency: shortcutSchema }).optional(),
  startAtLogin: z.boolean().optional(),
  /** The organisation's own update server (electron-updater, generic provider) and the share of PCs that take a new version now. */
  updates: z.strictObject({ url: z.url({ protocol: /^https$/, error: 'must be an https:// address' }), percentage: z.number().int().min(0).max(100).default(100) }).optional(),
  locked: z.array(z.enum(lockableSettings)).default([]),
});
export type MachineConfig = z.output<typeof machineConfigSchema>;

/** No file: nothing preset, nothing locked, the user decides (as before this file existed). */
export const defaultMachineConfig: MachineConfig = { version: 1, locked: [] };

export type MachineConfigOutcome = { config: MachineConfig; source: 'file' | 'default'; problem: string | null };

/**
 * Reads the file's text (null: there is none). A file that is not JSON or breaks a rule is
 * refused as a whole, never half-applied: the safe defaults apply and `problem` says what is
 * wrong and where, for the log and the settings screen.
 */
export function parseMachineConfig(text: string | null, where: string): MachineConfigOutcome {
  if (text === null) return { config: defaultMachineConfig, source: 'default', problem: null };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { config: defaultMachineConfig, source: 'default', problem: `${where} is not valid JSON (${(error as Error).message}); using the defaults` };
  }
  const parsed = machineConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`).join('; ');
    return { config: defaultMachineConfig, source: 'default', problem: `${where} is refused (${issues}); using the defaults` };
  }
  return { config: parsed.data, source: 'file', problem: null };
}

/** What the screens need to know: which settings IT locked, and the values it locked them to. */
export const deploymentStatusSchema = z.object({
  locked: z.array(z.enum(lockableSettings)),
  serverUrl: z.string().nullable(),
  language: localeSchema.nullable(),
});
export type DeploymentStatus = z.infer<typeof deploymentStatusSchema>;

export function deploymentStatus(config: MachineConfig): DeploymentStatus {
  return { locked: config.locked, serverUrl: config.serverUrl ?? null, language: config.language ?? null };
}

export function isLocked(config: MachineConfig, setting: LockableSetting): boolean {
  return config.locked.includes(setting);
}

/** The alarm shortcuts in force: IT's, else the defaults. */
export function alarmShortcutsOf(config: MachineConfig): { assist: string; emergency: string } {
  return config.alarmShortcuts ?? defaultAlarmShortcuts;
}

/**
 * Which locked settings a change would alter (empty: allowed). The core refuses such a change
 * whatever the screen showed; a locked setting may be "changed" to the value IT set.
 */
export function lockedChanges(config: MachineConfig, change: Partial<{ serverUrl: string; language: string; startAtLogin: boolean }>): LockableSetting[] {
  const refused: LockableSetting[] = [];
  if (change.serverUrl !== undefined && isLocked(config, 'serverUrl') && change.serverUrl !== (config.serverUrl ?? '')) refused.push('serverUrl');
  if (change.language !== undefined && isLocked(config, 'language') && change.language !== config.language) refused.push('language');
  if (change.startAtLogin !== undefined && isLocked(config, 'startAtLogin') && change.startAtLogin !== config.startAtLogin) refused.push('startAtLogin');
  return refused;
}
