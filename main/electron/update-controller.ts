import electronUpdater, { type CancellationToken, type Logger as UpdaterLogger, type UpdateCheckResult, type UpdateInfo, type VerifyUpdateSupport } from 'electron-updater';
import type { Logger } from '../core/logger.js';
import type { MachineConfig } from '../../shared/deployment/machine-config.js';
import type { ConfiguredUpdateStatus } from '../../shared/updates/update-status.js';
import { installOnQuitAllowed, nextCheckAt, nextUpdateStep, takesRelease, updateFeed, updateStatusKey, type UpdateFeed, type UpdateStatusKey, type UpdateStep } from './update-policy.js';

/** The part of electron-updater's `autoUpdater` the shell uses; tests drive a fake or a real updater outside Electron. */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  disableWebInstaller: boolean;
  isUserWithinRollout: VerifyUpdateSupport;
  logger: UpdaterLogger | null;
  setFeedURL(options: UpdateFeed): void;
  checkForUpdates(): Promise<UpdateCheckResult | null>;
  downloadUpdate(cancellationToken?: CancellationToken): Promise<string[]>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

export interface UpdateControllerDeps {
  updater: UpdaterPort;
  config: MachineConfig;
  /** The stable id the roll-out share is drawn from. */
  deviceId: string;
  /** `alarmBusy` of this PC's alarms right now. */
  busy: () => boolean;
  /** Seconds since the last keyboard or mouse input on this PC. */
  idleSeconds: () => number;
  now: () => number;
  logger: Logger;
  /** The tray's line about updates changed (null: nothing to say). */
  onStatus: (key: UpdateStatusKey | null) => void;
}

/**
 * Wires electron-updater to the pure decisions in update-policy.ts and nothing more: the shell
 * calls `tick()` every minute and `alarmChanged()` on every alarm event. electron-updater's own
 * automatic download, install on quit and random staging id are switched off; this decides.
 */
export class UpdateController {
  private readonly startedAt: number;
  private offered: UpdateInfo | null = null;
  private downloaded = false;
  private download: CancellationToken | null = null;
  private lastCheck: { at: number; ok: boolean; reason: string | null } | null = null;
  private downloadFailure: string | null = null;
  private checking = false;
  private status: UpdateStatusKey | null = null;
  private installing = false;

  /** Null when IT configured no update server: then nothing is ever asked or downloaded. */
  static create(deps: UpdateControllerDeps): UpdateController | null {
    const feed = updateFeed(deps.config);
    if (!feed) {
      deps.logger.info('updates: no update server in the machine-wide configuration; not looking for updates');
      return null;
    }
    return new UpdateController(deps, feed);
  }

  private constructor(
    private readonly deps: UpdateControllerDeps,
    feed: UpdateFeed,
  ) {
    const { updater, config, deviceId, logger } = deps;
    this.startedAt = deps.now();
    updater.logger = logger.child({ part: 'electron-updater' });
    updater.autoDownload = false;
    updater.autoInstallOnAppQuit = false;
    // Full NSIS installers only, each checked against latest.yml's sha512.
    updater.disableWebInstaller = true;
    updater.isUserWithinRollout = (info) => takesRelease(config, deviceId, info);
    updater.setFeedURL(feed);
    logger.info({ url: feed.url, percentage: config.updates?.percentage }, 'updates: using the organisation\'s update server');
  }

  /** Asks the update server when due, then acts on what is known. */
  async tick(): Promise<void> {
    if (!this.checking && this.deps.now() >= nextCheckAt(this.startedAt, this.lastCheck)) await this.check();
    this.act();
  }

  /** An alarm started, changed or ended: pause or resume the download, allow or forbid installing. */
  alarmChanged(): void {
    this.act();
  }

  private async check(): Promise<void> {
    this.checking = true;
    try {
      const result = await this.deps.updater.checkForUpdates();
      const offered = result?.isUpdateAvailable ? result.updateInfo : null;
      if (offered?.version !== this.offered?.version) {
        this.downloaded = false;
        this.download?.cancel();
      }
      this.offered = offered;
      this.lastCheck = { at: this.deps.now(), ok: true, reason: null };
      this.deps.logger.info({ offered: offered?.version ?? null, latest: result?.updateInfo.version ?? null }, offered ? 'updates: a new version is offered to this PC' : 'updates: nothing new for this PC');
    } catch (error) {
      this.lastCheck = { at: this.deps.now(), ok: false, reason: shortReason(error) };
      this.deps.logger.warn({ reason: (error as Error).message }, 'updates: the update server could not be asked; trying again later');
    } finally {
      this.checking = false;
    }
  }

  private step(): UpdateStep {
    return nextUpdateStep({ config: this.deps.config, deviceId: this.deps.deviceId, offered: this.offered, downloaded: this.downloaded, busy: this.deps.busy(), idleSeconds: this.deps.idleSeconds() });
  }

  private act(): void {
    const step = this.step();
    const { updater, logger } = this.deps;
    // A quit during an alarm installs nothing.
    updater.autoInstallOnAppQuit = installOnQuitAllowed(step);
    if (step === 'wait-for-alarm' && this.download) {
      logger.info({ version: this.offered?.version }, 'updates: download paused while an alarm is going on');
      this.download.cancel();
      this.download = null;
    }
    if (step === 'download' && !this.download) this.startDownload();
    if (step === 'install-now' && !this.installing) {
      this.installing = true;
      logger.info({ version: this.offered?.version }, 'updates: installing now, the PC is idle and no alarm is going on');
      updater.quitAndInstall(true, true);
    }
    this.publish(step);
  }

  private startDownload(): void {
    const token = new electronUpdater.CancellationToken();
    const version = this.offered?.version;
    this.download = token;
    this.deps.logger.info({ version }, 'updates: downloading');
    this.deps.updater.downloadUpdate(token).then(
      () => {
        if (token.cancelled || this.offered?.version !== version) return;
        this.downloaded = true;
        this.downloadFailure = null;
        this.deps.logger.info({ version }, 'updates: downloaded; it installs when Vangnet quits');
      },
      (error: unknown) => {
        if (token.cancelled) return;
        this.deps.logger.error({ version, reason: (error as Error).message }, 'updates: the download failed; trying again at the next check');
        this.offered = null;
        this.downloadFailure = shortReason(error);
      },
    ).finally(() => {
      if (this.download === token) this.download = null;
      this.act();
    });
  }

  /** Where updates stand, for the settings screen (the tray gets `onStatus`). */
  snapshot(currentVersion: string): ConfiguredUpdateStatus {
    const { lastCheck } = this;
    return {
      kind: 'configured',
      currentVersion,
      step: this.step(),
      downloading: this.download !== null,
      offeredVersion: this.offered?.version ?? null,
      lastCheck: lastCheck ? { at: new Date(lastCheck.at).toISOString(), ok: lastCheck.ok, reason: lastCheck.reason } : null,
      downloadFailure: this.downloadFailure,
    };
  }

  private publish(step: UpdateStep): void {
    const status = updateStatusKey({ step, downloading: this.download !== null });
    if (status === this.status) return;
    this.status = status;
    this.deps.onStatus(status);
  }
}

/** The updater's message, short enough for the settings screen (the log keeps it whole). */
function shortReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 300 ? `${message.slice(0, 299)}…` : message;
}
