import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../../../main/core/core.js';
import { silentLogger } from '../../../../../main/core/logger.js';
import { parseMachineConfig } from '../../../../../shared/deployment/machine-config.js';
import { newId } from '../../../../../shared/domain/ids.js';
import { createTenant, postgresAvailable, startTestServer, type StorageKind } from '../../../../support/sync-server.js';
import { tempDir } from '../../../../support/temp-dir.js';
import { until } from '../../../../support/until.js';
import { TEST_STORE_KEY } from '../../../../support/test-keys.js';

const cleanup: (() => Promise<unknown>)[] = [];
// Closing a core and a server and dropping a PostgreSQL database: seconds on a loaded 2-core machine.
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
}, 60_000);

describe.each(['sqlite', 'postgres'] as StorageKind[])('a PC enrols itself with the organisation token (%s)', (kind) => {
  it('asks on its first start, waits for approval across a restart, then syncs', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind);
    cleanup.push(() => t.close());
    const tenant = await createTenant(t.directory);
    const { token } = await t.directory.createEnrolmentToken(tenant.organisationId, tenant.siteId);
    // Exactly what IT deploys; the settings screen was never opened on this PC.
    const { config, problem } = parseMachineConfig(JSON.stringify({ version: 1, serverUrl: t.server.url, enrolment: { policy: 'token', token }, locked: ['serverUrl'] }), 'config.json');
    expect(problem).toBeNull();
    const dataDir = tempDir();
    const open = () => openCore({ dataDir, storeKey: TEST_STORE_KEY, logger: silentLogger(), machineConfig: config, enrolmentRetryMs: 50 });
    let core: Core = open();
    cleanup.push(() => core.close());
    await until(async () => (await t.directory.pendingDevices()).length === 1, 30_000);
    const [pending] = await t.directory.pendingDevices();
    expect(core.sync.enrolled()).toBe(false);
    // A restart before approval: the same PC asks again with the key it kept.
    await core.close();
    core = open();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await t.directory.pendingDevices()).map((row) => row.device_id)).toEqual([pending!.device_id]);
    await t.directory.approveDevice(pending!.device_id, 'test');
    await until(() => core.sync.enrolled(), 30_000);
    expect(core.sync.status().enrolledAt).not.toBeNull();
    // Enrolled for real: a write reaches the server.
    const id = newId();
    core.replica.writeRow('incident', id, { occurred_at: '2026-11-30T09:00:00.000Z', channel: 'counter', forms: ['threat'], status: 'open' }, tenant);
    await core.sync.syncNow();
    expect(await t.server.store.db.selectFrom('replica_row').select('id').where('id', '=', id).execute()).toEqual([{ id }]);
  });
});
