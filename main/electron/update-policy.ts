import { createHash } from 'node:crypto';
import type { ActiveAlarms } from '../../shared/alarm/alarm-contract.js';
import { isEnded } from '../../shared/alarm/responder-machine.js';
import type { MachineConfig } from '../../shared/deployment/machine-config.js';
import type { UpdateStep } from '../../shared/updates/update-status.js';

export type { UpdateStep };

/**
 * Updates come from the organisation's own server (electron-updater's generic provider, the
 * URL in the machine-wide configuration), to a share of the PCs at a time, and never while an
 * alarm is active or pending. The decisions are pure; the shell feeds them electron-updater's
 * results (see update-controller.ts).
 */

/** electron-updater's feed (`autoUpdater.setFeedURL`), or null: no update server, no updates. */
export type UpdateFeed = { provider: 'generic'; url: string; channel: 'latest' };

export function updateFeed(config: MachineConfig): UpdateFeed | null {
  return config.updates ? { provider: 'generic', url: config.updates.url, channel: 'latest' } : null;
}

/**
 * This PC's place (0-99) in the roll-out of one version: fixed per PC and version, so raising the
 * percentage only adds PCs, and each version picks its early PCs afresh.
 */
export function rolloutBucket(deviceId: string, version: string): number {
  return createHash('sha256').update(`${deviceId}\u0000${version}`, 'utf8').digest().readUInt32BE(0) % 100;
}

export function inRollout(deviceId: string, version: string, percentage: number): boolean {
  return rolloutBucket(deviceId, version) < percentage;
}

/**
 * The share of PCs that take `version` now: the lower of IT's `updates.percentage` (per PC, by
 * GPO) and the release's `stagingPercentage` in latest.yml (one edit on the update server). Both
 * feed the one bucket above, so raising either only adds PCs. A missing or unreadable
 * stagingPercentage limits nothing, as in electron-updater itself.
 */
export function rolloutPercentage(config: MachineConfig, stagingPercentage: unknown): number {
  const configured = config.updates?.percentage ?? 0;
  const staged = typeof stagingPercentage === 'number' && Number.isFinite(stagingPercentage) ? Math.min(100, Math.max(0, Math.floor(stagingPercentage))) : 100;
  return Math.min(configured, staged);
}

/** Whether this PC takes the offered release now (electron-updater's `isUserWithinRollout`, replacing its random per-install id). */
export function takesRelease(config: MachineConfig, deviceId: string, release: { version: string; stagingPercentage?: unknown }): boolean {
  return config.updates !== undefined && inRollout(deviceId, release.version, rolloutPercentage(config, release.stagingPercentage));
}

/**
 * An alarm is going on at this PC: its own is being sent or awaits an answer, or it shows
 * someone else's that has not ended. Downloading competes with the alarm for the network and
 * installing restarts the app, so neither happens then.
 */
export function alarmBusy(active: ActiveAlarms): boolean {
  const ownBusy = active.sender !== null && active.sender.phase !== 'cancelled' && active.sender.phase !== 'resolved';
  return ownBusy || active.responders.some((responder) => !isEnded(responder.phase));
}

/** How often the update server is asked; after a failed check, sooner. */
export const updateTiming = {
  firstCheckAfterMs: 2 * 60_000,
  checkEveryMs: 4 * 60 * 60_000,
  retryAfterFailureMs: 30 * 60_000,
  /** The PC must have had no keyboard or mouse input this long before an update installs by itself. */
  idleInstallAfterSeconds: 30 * 60,
} as const;

/** When to ask the update server next (ms since the epoch). */
export function nextCheckAt(startedAt: number, lastCheck: { at: number; ok: boolean } | null): number {
  if (lastCheck === null) return startedAt + updateTiming.firstCheckAfterMs;
  return lastCheck.at + (lastCheck.ok ? updateTiming.checkEveryMs : updateTiming.retryAfterFailureMs);
}

/**
 * What to do now. `offered`: the release the update server offers (null: none newer);
 * `downloaded`: it is on disk; `busy`: `alarmBusy`; `idleSeconds`: since the last keyboard or
 * mouse input. A downloaded release installs when the app quits, or by itself once nobody has
 * used the PC for a while; never while an alarm is going on.
 */
export function nextUpdateStep(input: { config: MachineConfig; deviceId: string; offered: { version: string; stagingPercentage?: unknown } | null; downloaded: boolean; busy: boolean; idleSeconds: number }): UpdateStep {
  const { config, deviceId, offered, downloaded, busy, idleSeconds } = input;
  if (!config.updates || offered === null) return 'none';
  if (!takesRelease(config, deviceId, offered)) return 'not-yet';
  if (busy) return 'wait-for-alarm';
  if (!downloaded) return 'download';
  return idleSeconds >= updateTiming.idleInstallAfterSeconds ? 'install-now' : 'install-on-quit';
}

/**
 * electron-updater's `autoInstallOnAppQuit`, which it reads twice: when a download completes
 * (its quit handler is registered only if the flag is on then) and when the app quits. So it is
 * on while a download may complete and while an install may happen, and off during an alarm.
 */
export function installOnQuitAllowed(step: UpdateStep): boolean {
  return step === 'download' || step === 'install-on-quit' || step === 'install-now';
}

/** What the tray says about updates, in words (null: nothing to say). Keys of `tray.update` in the i18n resources. */
export type UpdateStatusKey = 'available' | 'downloading' | 'waitingForAlarm' | 'installOnQuit';

/** A failed check or download says nothing at the counter (it is logged and retried): staff cannot act on it. */
export function updateStatusKey(state: { step: UpdateStep; downloading: boolean }): UpdateStatusKey | null {
  if (state.downloading) return 'downloading';
  switch (state.step) {
    case 'wait-for-alarm':
      return 'waitingForAlarm';
    case 'download':
      return 'available';
    case 'install-on-quit':
    case 'install-now':
      return 'installOnQuit';
    default:
      return null;
  }
}
