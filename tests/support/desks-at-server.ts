import { onTestFinished } from 'vitest';
import { openCore, type Core } from '../../main/core/core.js';
import { silentLogger } from '../../main/core/logger.js';
import { call } from './staff.js';
import { createTenant, startTestServer, type StorageKind } from './sync-server.js';
import { tempDir } from './temp-dir.js';
import { TEST_STORE_KEY } from './test-keys.js';
import { until } from './until.js';

/** A whole desk (the core the app runs) whose clock the test sets. */
export interface ClockedDesk {
  core: Core;
  clock: { now: Date };
}

/**
 * A real server with one organisation and two whole desks enrolled through the contract, each
 * with a clock that starts at `startsAt`; everything is closed when the test ends.
 */
export async function twoDesksAtServer(kind: StorageKind, startsAt: string): Promise<{ a: ClockedDesk; b: ClockedDesk }> {
  const t = await startTestServer(kind);
  const cores: Core[] = [];
  onTestFinished(async () => {
    for (const core of cores) await core.close();
    await t.close();
  }, 30_000);
  const tenant = await createTenant(t.directory);
  const desk = async (deskName: string): Promise<ClockedDesk> => {
    const clock = { now: new Date(startsAt) };
    const core = openCore({ storeKey: TEST_STORE_KEY, dataDir: tempDir(), logger: silentLogger(), now: () => clock.now });
    cores.push(core);
    await call(core, 'settings.update', { organisationName: 'G', siteName: 'S', deskName, floor: '', serverUrl: t.server.url });
    const { code } = await t.directory.createEnrolmentCode(tenant.organisationId, tenant.siteId);
    await call(core, 'sync.enrol', { code });
    return { core, clock };
  };
  return { a: await desk('Balie 1'), b: await desk('Balie 2') };
}

/** Sync rounds until no desk has anything left to send. */
export async function settled(...cores: Core[]): Promise<void> {
  for (let round = 0; round < 3; round += 1) for (const core of cores) await core.sync.syncNow();
  await until(() => cores.every((core) => core.replica.pendingCount() === 0));
}
