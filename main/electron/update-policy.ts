import { createHash } from 'node:crypto';
import type { MachineConfig } from '../../shared/deployment/machine-config.js';

/**
 * Updates come from the organisation's own server (electron-updater's generic provider, the
 * URL in the machine-wide configuration), to a share of the PCs at a time, and never while an
 * alarm is active. The decisions are pure; the shell feeds them electron-updater's events.
 */

/** electron-updater's feed (`autoUpdater.setFeedURL`), or null: no update server, no updates. */
export function updateFeed(config: MachineConfig): { provider: 'generic'; url: string; channel: 'latest' } | null {
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

export type UpdateStep = 'none' | 'not-yet' | 'download' | 'wait-for-alarm' | 'install';

/**
 * What to do now. `offered`: the version the update server offers (null: none newer);
 * `downloaded`: it is on disk; `alarmActive`: an alarm is being sent or answered on this PC.
 * Installing restarts the app, so it waits until no alarm is active; downloading does not.
 */
export function nextUpdateStep(input: { config: MachineConfig; deviceId: string; offered: string | null; downloaded: boolean; alarmActive: boolean }): UpdateStep {
  const { config, deviceId, offered, downloaded, alarmActive } = input;
  if (!config.updates || offered === null) return 'none';
  if (!inRollout(deviceId, offered, config.updates.percentage)) return 'not-yet';
  if (!downloaded) return 'download';
  return alarmActive ? 'wait-for-alarm' : 'install';
}
