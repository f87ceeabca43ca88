import type { CancellationToken, UpdateCheckResult, UpdateInfo, VerifyUpdateSupport } from 'electron-updater';
import { describe, expect, it } from 'vitest';
import { UpdateController, type UpdaterPort } from '../../../../main/electron/update-controller.js';
import { parseMachineConfig, defaultMachineConfig } from '../../../../shared/deployment/machine-config.js';
import { newId } from '../../../../shared/domain/ids.js';
import { silentLogger } from '../../../../main/core/logger.js';
import { updateStatusLines, updateStatusSchema } from '../../../../shared/updates/update-status.js';

/** A stand-in for electron-updater whose downloads finish only when the test says so. */
class FakeUpdater implements UpdaterPort {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  disableWebInstaller = false;
  isUserWithinRollout: VerifyUpdateSupport = () => true;
  logger = null;
  feed: unknown = null;
  latest: UpdateInfo = { version: '0.2.0', files: [], path: 'x.exe', sha512: 'x', releaseDate: '2026-11-30T10:00:00.000Z' };
  checks = 0;
  /** The next checks fail with it (the update server unreachable), until set back to null. */
  checkError: Error | null = null;
  downloads: { token: CancellationToken; finish: () => void; fail: (error: Error) => void }[] = [];
  installs: [boolean | undefined, boolean | undefined][] = [];

  setFeedURL(options: unknown): void {
    this.feed = options;
  }
  async checkForUpdates(): Promise<UpdateCheckResult | null> {
    this.checks += 1;
    if (this.checkError) throw this.checkError;
    // As electron-updater does: the rollout hook decides whether it is available to this PC.
    const available = await this.isUserWithinRollout(this.latest);
    return { isUpdateAvailable: available, updateInfo: this.latest, versionInfo: this.latest };
  }
  downloadUpdate(token: CancellationToken): Promise<string[]> {
    // As electron-updater's downloads do: cancelling the token rejects the promise.
    return token.createPromise<string[]>((resolve, reject) => {
      this.downloads.push({ token, finish: () => resolve(['x.exe']), fail: reject });
    });
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setUp(percentage = 100) {
  const updater = new FakeUpdater();
  const config = parseMachineConfig(JSON.stringify({ version: 1, updates: { url: 'https://updates.zwolle.nl/vangnet/', percentage } }), 'c').config;
  const state = { busy: false, idle: 0, clock: 0 };
  const statuses: (string | null)[] = [];
  const controller = UpdateController.create({ updater, config, deviceId: newId(), busy: () => state.busy, idleSeconds: () => state.idle, now: () => state.clock, logger: silentLogger(), onStatus: (key) => statuses.push(key) });
  if (!controller) throw new Error('expected a controller');
  const checkNow = async () => {
    state.clock += 4 * 3600_000;
    await controller.tick();
  };
  return { updater, controller, state, statuses, checkNow };
}

describe('the shell\'s updater wiring', () => {
  it('without an update server in the machine-wide configuration there is no updater at all', () => {
    expect(UpdateController.create({ updater: new FakeUpdater(), config: defaultMachineConfig, deviceId: newId(), busy: () => false, idleSeconds: () => 0, now: () => 0, logger: silentLogger(), onStatus: () => undefined })).toBeNull();
  });

  it('switches off electron-updater\'s own automatic download, install on quit and staging, and uses the configured feed', async () => {
    const pc = setUp(0);
    expect(pc.updater.autoDownload).toBe(false);
    expect(pc.updater.autoInstallOnAppQuit).toBe(false);
    expect(pc.updater.disableWebInstaller).toBe(true);
    expect(pc.updater.feed).toEqual({ provider: 'generic', url: 'https://updates.zwolle.nl/vangnet/', channel: 'latest' });
    // 0% from IT: the rollout hook says no for every release, so nothing is downloaded.
    await pc.checkNow();
    expect(pc.updater.checks).toBe(1);
    expect(pc.updater.downloads).toHaveLength(0);
    expect(pc.statuses).toEqual([]);
  });

  it('an alarm that starts during a download cancels it; the download starts again when the alarm is over', async () => {
    const pc = setUp();
    await pc.checkNow();
    expect(pc.updater.downloads).toHaveLength(1);
    expect(pc.statuses).toEqual(['downloading']);
    // On while downloading: electron-updater registers its quit handler only if it is on when the download completes.
    expect(pc.updater.autoInstallOnAppQuit).toBe(true);
    pc.state.busy = true;
    pc.controller.alarmChanged();
    expect(pc.updater.autoInstallOnAppQuit).toBe(false);
    expect(pc.updater.downloads[0]!.token.cancelled).toBe(true);
    await flush();
    expect(pc.statuses.at(-1)).toBe('waitingForAlarm');
    // Ticks and checks during the alarm start nothing.
    await pc.checkNow();
    expect(pc.updater.downloads).toHaveLength(1);
    pc.state.busy = false;
    pc.controller.alarmChanged();
    expect(pc.updater.downloads).toHaveLength(2);
    pc.updater.downloads[1]!.finish();
    await flush();
    expect(pc.updater.autoInstallOnAppQuit).toBe(true);
    expect(pc.statuses.at(-1)).toBe('installOnQuit');
  });

  it('installs by itself only when the PC is idle and no alarm is going on, once', async () => {
    const pc = setUp();
    await pc.checkNow();
    pc.updater.downloads[0]!.finish();
    await flush();
    pc.state.idle = 3600;
    pc.state.busy = true;
    await pc.controller.tick();
    expect(pc.updater.installs).toEqual([]);
    expect(pc.updater.autoInstallOnAppQuit).toBe(false);
    pc.state.busy = false;
    await pc.controller.tick();
    await pc.controller.tick();
    expect(pc.updater.installs).toEqual([[true, true]]);
  });

  it('a failed download is logged and tried again at the next check; a newer release replaces the one being downloaded', async () => {
    const pc = setUp();
    await pc.checkNow();
    pc.updater.downloads[0]!.fail(new Error('ECONNRESET'));
    await flush();
    expect(pc.statuses.at(-1)).toBeNull();
    expect(pc.updater.autoInstallOnAppQuit).toBe(false);
    await pc.checkNow();
    expect(pc.updater.downloads).toHaveLength(2);
    pc.updater.latest = { ...pc.updater.latest, version: '0.3.0' };
    await pc.checkNow();
    expect(pc.updater.downloads[1]!.token.cancelled).toBe(true);
    await flush();
    expect(pc.updater.downloads).toHaveLength(3);
    pc.updater.downloads[1]!.finish(); // late news of the superseded download changes nothing
    await flush();
    expect(pc.statuses.at(-1)).toBe('downloading');
    pc.updater.downloads[2]!.finish();
    await flush();
    expect(pc.statuses.at(-1)).toBe('installOnQuit');
  });

  it('tells the settings screen where updates stand: never checked, a failed check in words, downloading, waiting for an alarm, ready after a restart, a failed download', async () => {
    const pc = setUp();
    const snapshot = () => updateStatusSchema.parse(pc.controller.snapshot('0.1.0'));
    const keys = () => updateStatusLines(snapshot()).map((line) => line.key);
    expect(snapshot()).toMatchObject({ kind: 'configured', currentVersion: '0.1.0', lastCheck: null, offeredVersion: null, downloading: false });
    expect(keys()).toEqual(['version', 'neverChecked']);

    pc.updater.checkError = new Error('getaddrinfo ENOTFOUND updates.zwolle.nl');
    await pc.checkNow();
    expect(pc.controller.snapshot('0.1.0').lastCheck).toEqual({ at: new Date(pc.state.clock).toISOString(), ok: false, reason: 'getaddrinfo ENOTFOUND updates.zwolle.nl' });
    expect(keys()).toEqual(['version', 'checkFailed']);

    pc.updater.checkError = null;
    await pc.checkNow();
    expect(snapshot()).toMatchObject({ offeredVersion: '0.2.0', downloading: true, step: 'download' });
    expect(keys()).toEqual(['version', 'lastCheck', 'downloading']);

    pc.state.busy = true;
    pc.controller.alarmChanged();
    await flush();
    expect(keys()).toEqual(['version', 'lastCheck', 'waitingForAlarm']);

    pc.state.busy = false;
    pc.controller.alarmChanged();
    pc.updater.downloads.at(-1)!.fail(new Error('sha512 checksum mismatch'));
    await flush();
    expect(snapshot()).toMatchObject({ downloadFailure: 'sha512 checksum mismatch', offeredVersion: null, step: 'none' });
    expect(keys()).toEqual(['version', 'lastCheck', 'downloadFailed']);

    await pc.checkNow();
    pc.updater.downloads.at(-1)!.finish();
    await flush();
    expect(snapshot()).toMatchObject({ step: 'install-on-quit', downloading: false, downloadFailure: null, offeredVersion: '0.2.0' });
    expect(updateStatusLines(snapshot()).at(-1)).toEqual({ key: 'readyAfterRestart', values: { version: '0.2.0' } });
  });
});
