import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UpdateController } from '../../../../main/electron/update-controller.js';
import { rolloutBucket } from '../../../../main/electron/update-policy.js';
import type { MachineConfig } from '../../../../shared/deployment/machine-config.js';
import { newId } from '../../../../shared/domain/ids.js';
import { silentLogger } from '../../../../main/core/logger.js';
import { tempDir } from '../../../support/temp-dir.js';
import { until } from '../../../support/until.js';
import { nodeNsisUpdater, startUpdateServer, type UpdateServer } from '../../../support/update-server.js';

// The real electron-updater (its NsisUpdater, generic provider, YAML and semver handling and
// download with sha512 check) against a real HTTP server; only Electron's `net` is replaced by
// node's http. The machine-wide configuration demands https; this server is plain http on
// 127.0.0.1, so the config object is built here rather than parsed.
const servers: UpdateServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

const installer = Buffer.from('MZ a stand-in for Vangnet Setup 0.2.0.exe '.repeat(2000), 'utf8');

function latestYml(file: { url: string; sha512: string; size: number }, extra: { version?: string; stagingPercentage?: number } = {}): string {
  return [
    `version: ${extra.version ?? '0.2.0'}`,
    'files:',
    `  - url: ${file.url}`,
    `    sha512: ${file.sha512}`,
    `    size: ${file.size}`,
    `path: ${file.url}`,
    `sha512: ${file.sha512}`,
    "releaseDate: '2026-11-30T10:00:00.000Z'",
    ...(extra.stagingPercentage === undefined ? [] : [`stagingPercentage: ${extra.stagingPercentage}`]),
    '',
  ].join('\n');
}

/** A device id whose place in the roll-out of `version` is below (true) or at or above (false) 50. */
function deviceIn(version: string, firstHalf: boolean): string {
  for (;;) {
    const id = newId();
    if (rolloutBucket(id, version) < 50 === firstHalf) return id;
  }
}

async function setUp(options: { percentage?: number; deviceId?: string; installed?: string } = {}) {
  const server = await startUpdateServer();
  servers.push(server);
  const file = server.addInstaller('Vangnet-Setup-0.2.0.exe', installer);
  server.setLatestYml(latestYml(file));
  const config: MachineConfig = { version: 1, locked: [], updates: { url: server.url, percentage: options.percentage ?? 100 } };
  const dir = tempDir();
  const { updater, quitHandlers } = nodeNsisUpdater(dir, options.installed ?? '0.1.0');
  // Installing would start the NSIS installer: the test sees the call instead.
  const install = vi.spyOn(updater, 'install').mockReturnValue(true);
  let clock = 1_000_000;
  let busy = false;
  const statuses: (string | null)[] = [];
  const controller = UpdateController.create({ updater, config, deviceId: options.deviceId ?? newId(), busy: () => busy, idleSeconds: () => 0, now: () => clock, logger: silentLogger(), onStatus: (key) => statuses.push(key) });
  if (!controller) throw new Error('no controller for a configured update server');
  return {
    dir,
    server,
    file,
    updater,
    install,
    /** The app quits normally, as Electron's `quit` event tells electron-updater. */
    quit: () => quitHandlers.forEach((handler) => handler(0)),
    quitHandlers,
    downloaded: () => until(() => statuses.at(-1) === 'installOnQuit', 10_000),
    controller,
    statuses,
    setBusy: (value: boolean) => (busy = value),
    /** Moves time past the next check and ticks. */
    later: async (ms: number) => {
      clock += ms;
      await controller.tick();
    },
  };
}

describe('updates from a real update server with the real electron-updater', () => {
  it('finds the newer version in latest.yml, downloads the installer with its sha512 checked, and installs it on quit', async () => {
    const pc = await setUp();
    await pc.later(0);
    expect(pc.server.requests).toEqual([]); // the first check waits a little after start
    await pc.later(2 * 60_000);
    expect(pc.server.requests[0]).toMatch(/^vangnet\/latest\.yml/);
    await pc.downloaded();
    expect(pc.server.requests.some((request) => request.startsWith('vangnet/Vangnet-Setup-0.2.0.exe'))).toBe(true);
    expect(pc.statuses).toEqual(['downloading', 'installOnQuit']);
    // electron-updater added its quit handler when the download completed; quitting installs, silently.
    expect(pc.quitHandlers).toHaveLength(1);
    pc.quit();
    expect(pc.install).toHaveBeenCalledWith(true, false);
    expect(fs.readFileSync(path.join(pc.dir, 'cache', 'vangnet-updater', 'pending', 'Vangnet-Setup-0.2.0.exe')).equals(installer)).toBe(true);
  });

  it('refuses an installer whose bytes do not match latest.yml, and installs nothing', async () => {
    const pc = await setUp();
    pc.server.setLatestYml(latestYml({ ...pc.file, sha512: pc.server.addInstaller('other.exe', Buffer.from('something else')).sha512 }));
    await pc.later(2 * 60_000);
    await until(() => pc.server.requests.some((request) => request.startsWith('vangnet/Vangnet-Setup-0.2.0.exe')), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(pc.updater.autoInstallOnAppQuit).toBe(false);
    expect(pc.statuses.at(-1)).toBeNull();
    pc.quit();
    expect(pc.install).not.toHaveBeenCalled();
  });

  it('downloads nothing while an alarm is going on, and starts once it is over', async () => {
    const pc = await setUp();
    pc.setBusy(true);
    await pc.later(2 * 60_000);
    expect(pc.server.requests.filter((request) => request.endsWith('.exe'))).toEqual([]);
    expect(pc.statuses).toEqual(['waitingForAlarm']);
    expect(pc.updater.autoInstallOnAppQuit).toBe(false);
    pc.setBusy(false);
    pc.controller.alarmChanged();
    await pc.downloaded();
    // Downloaded, then an alarm: quitting now must not install.
    pc.setBusy(true);
    pc.controller.alarmChanged();
    expect(pc.updater.autoInstallOnAppQuit).toBe(false);
    expect(pc.statuses.at(-1)).toBe('waitingForAlarm');
    pc.quit();
    expect(pc.install).not.toHaveBeenCalled();
    pc.setBusy(false);
    pc.controller.alarmChanged();
    pc.quit();
    expect(pc.install).toHaveBeenCalledOnce();
  });

  it('the same version, an older one, or a release staged to 0% is not offered', async () => {
    const same = await setUp({ installed: '0.2.0' });
    await same.later(2 * 60_000);
    const older = await setUp({ installed: '0.3.0' });
    await older.later(2 * 60_000);
    const staged = await setUp();
    staged.server.setLatestYml(latestYml(staged.file, { stagingPercentage: 0 }));
    await staged.later(2 * 60_000);
    for (const pc of [same, older, staged]) {
      expect(pc.server.requests.filter((request) => request.startsWith('vangnet/latest.yml'))).toHaveLength(1);
      expect(pc.server.requests.filter((request) => request.endsWith('.exe'))).toEqual([]);
      expect(pc.statuses).toEqual([]);
    }
  });

  it('IT\'s percentage picks the PCs by device id: one in the first half takes the release at 50%, one in the second waits', async () => {
    const early = await setUp({ percentage: 50, deviceId: deviceIn('0.2.0', true) });
    const late = await setUp({ percentage: 50, deviceId: deviceIn('0.2.0', false) });
    await early.later(2 * 60_000);
    await late.later(2 * 60_000);
    await early.downloaded();
    expect(late.server.requests.filter((request) => request.endsWith('.exe'))).toEqual([]);
    expect(late.statuses).toEqual([]);
  });

  it('a missing or broken latest.yml is a failed check, asked again after 30 minutes, not after 4 hours', async () => {
    const pc = await setUp();
    pc.server.setLatestYml(null);
    await pc.later(2 * 60_000);
    pc.server.setLatestYml('version: [this is: not yaml');
    await pc.later(29 * 60_000);
    expect(pc.server.requests.filter((request) => request.startsWith('vangnet/latest.yml'))).toHaveLength(1);
    await pc.later(60_000);
    expect(pc.server.requests.filter((request) => request.startsWith('vangnet/latest.yml'))).toHaveLength(2);
    expect(pc.statuses).toEqual([]);
    pc.server.setLatestYml(latestYml(pc.file));
    await pc.later(30 * 60_000);
    await pc.downloaded();
  });
});
