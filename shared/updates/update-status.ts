import { z } from 'zod';

/** Where the desktop app's updater stands; decided in main/electron/update-policy.ts (`nextUpdateStep`). */
export const updateStepSchema = z.enum(['none', 'not-yet', 'wait-for-alarm', 'download', 'install-on-quit', 'install-now']);
export type UpdateStep = z.infer<typeof updateStepSchema>;

const versionSchema = z.string().min(1).max(64);
/** An error as the updater worded it, cut short: shown to an administrator, never parsed. */
const reasonSchema = z.string().max(500);

/**
 * What the settings screen says about updates. `browser`: this screen is served by the web host
 * (or runs in a browser), where no updater exists; `not-configured`: the desktop app without an
 * update server in the machine-wide configuration; `configured`: the updater's own state.
 */
export const updateStatusSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('browser'), currentVersion: versionSchema.nullable() }),
  z.strictObject({ kind: z.literal('not-configured'), currentVersion: versionSchema }),
  z.strictObject({
    kind: z.literal('configured'),
    currentVersion: versionSchema,
    step: updateStepSchema,
    downloading: z.boolean(),
    /** The release the update server offers this PC, null when none is newer. */
    offeredVersion: versionSchema.nullable(),
    lastCheck: z.strictObject({ at: z.iso.datetime(), ok: z.boolean(), reason: reasonSchema.nullable() }).nullable(),
    /** The last download's failure, cleared by the next successful one. */
    downloadFailure: reasonSchema.nullable(),
  }),
]);
export type UpdateStatus = z.infer<typeof updateStatusSchema>;
export type ConfiguredUpdateStatus = Extract<UpdateStatus, { kind: 'configured' }>;

/** Keys under `updates.` in the i18n resources. */
export type UpdateLineKey =
  | 'version'
  | 'versionUnknown'
  | 'browser'
  | 'notConfigured'
  | 'neverChecked'
  | 'lastCheck'
  | 'checkFailed'
  | 'upToDate'
  | 'notYet'
  | 'available'
  | 'downloading'
  | 'waitingForAlarm'
  | 'readyAfterRestart'
  | 'downloadFailed';

export interface UpdateLine {
  key: UpdateLineKey;
  /** Values for the text; `at` is an ISO time the screen formats in the desk's language. */
  values?: { version?: string; at?: string; reason?: string };
  /** Said as a warning (something failed), not as plain information. */
  problem?: true;
}

/** What the settings screen says about updates, line by line, in the order it says it. */
export function updateStatusLines(status: UpdateStatus): UpdateLine[] {
  const version: UpdateLine = status.currentVersion ? { key: 'version', values: { version: status.currentVersion } } : { key: 'versionUnknown' };
  if (status.kind === 'browser') return [version, { key: 'browser' }];
  if (status.kind === 'not-configured') return [version, { key: 'notConfigured' }];
  const lines: UpdateLine[] = [version];
  const { lastCheck, offeredVersion } = status;
  if (lastCheck === null) lines.push({ key: 'neverChecked' });
  else if (lastCheck.ok) lines.push({ key: 'lastCheck', values: { at: lastCheck.at } });
  else lines.push({ key: 'checkFailed', values: { at: lastCheck.at, reason: lastCheck.reason ?? '' }, problem: true });
  const offered = { version: offeredVersion ?? '' };
  if (status.downloading) lines.push({ key: 'downloading', values: offered });
  else if (status.step === 'wait-for-alarm') lines.push({ key: 'waitingForAlarm', values: offered });
  else if (status.step === 'install-on-quit' || status.step === 'install-now') lines.push({ key: 'readyAfterRestart', values: offered });
  else if (status.step === 'download') lines.push({ key: 'available', values: offered });
  else if (status.step === 'not-yet') lines.push({ key: 'notYet', values: offered });
  // After a failed download nothing is offered any more, yet this PC is not up to date.
  else if (lastCheck?.ok && status.downloadFailure === null) lines.push({ key: 'upToDate' });
  if (status.downloadFailure !== null && !status.downloading) lines.push({ key: 'downloadFailed', values: { reason: status.downloadFailure }, problem: true });
  return lines;
}
