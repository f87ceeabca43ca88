import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openCore, type Core } from '../../../../../main/core/core.js';
import { silentLogger } from '../../../../../main/core/logger.js';
import { CREDENTIAL_SECRET } from '../../../../../main/core/sync/credential-vault.js';
import { newId } from '../../../../../shared/domain/ids.js';
import { startServer } from '../../../../../server/src/start.js';
import { createTenant, serverConfig, startTestServer, type TestServer } from '../../../../support/sync-server.js';
import { tempDir } from '../../../../support/temp-dir.js';
import { visibleRows } from '../../../../support/replica.js';
import { TEST_STORE_KEY } from '../../../../support/test-keys.js';

const admin = { role: 'admin', session: 't' } as const;
const open: { servers: TestServer[]; cores: Core[] } = { servers: [], cores: [] };
afterEach(async () => {
  for (const core of open.cores.splice(0)) await core.close();
  for (const server of open.servers.splice(0)) await server.close();
});

async function configuredCore(serverUrl: string, dataDir = tempDir()) {
  const core = openCore({ storeKey: TEST_STORE_KEY, dataDir, logger: silentLogger() });
  open.cores.push(core);
  await core.dispatch(admin, 'settings.update', { organisationName: 'Lokaal', siteName: 'Lokaal', deskName: 'Balie 1', floor: '0', serverUrl });
  return core;
}

describe('sync through the contract', () => {
  it('enrols with a code, keeps the credential inside the encrypted store (no file), adopts the server scope and syncs', async () => {
    const t = await startTestServer('sqlite');
    open.servers.push(t);
    const tenant = await createTenant(t.directory, 'Gemeente Zwolle', 'Stadskantoor');
    const dataDir = tempDir();
    const core = await configuredCore(t.server.url, dataDir);
    expect(await core.dispatch(admin, 'sync.status', {})).toMatchObject({ ok: true, value: { phase: 'unenrolled' } });

    const { code } = await t.directory.createEnrolmentCode(tenant.organisationId, tenant.siteId);
    const enrolled = await core.dispatch(admin, 'sync.enrol', { code });
    expect(enrolled).toMatchObject({ ok: true });
    expect(core.secret(CREDENTIAL_SECRET).read()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fs.readdirSync(dataDir).filter((file) => !file.startsWith('vangnet.sqlite'))).toEqual([]);
    expect(await core.dispatch(admin, 'device.status', {})).toMatchObject({ ok: true, value: { organisation: { id: tenant.organisationId, name: 'Gemeente Zwolle' }, site: { id: tenant.siteId, name: 'Stadskantoor' }, desk: { name: 'Balie 1' } } });

    core.replica.writeRow('incident', newId(), { occurred_at: '2026-11-28T10:00:00.000Z', channel: 'counter', forms: ['threat'], status: 'open' }, tenant);
    const synced = await core.dispatch(admin, 'sync.now', {});
    expect(synced).toMatchObject({ ok: true, value: { phase: 'idle', pending: 0, rejected: 0, lastError: null } });
    expect((await t.server.store.db.selectFrom('replica_row').select('id').execute()).length).toBe(1);
    expect(await core.dispatch(admin, 'device.status', {})).toMatchObject({ ok: true, value: { connection: 'online' } });
  });

  it('refuses a wrong code and an unreachable server with clear codes, and stays unenrolled', async () => {
    const t = await startTestServer('sqlite');
    open.servers.push(t);
    const core = await configuredCore(t.server.url);
    expect(await core.dispatch(admin, 'sync.enrol', { code: 'AAAA-BBBB-CCCC' })).toMatchObject({ ok: false, error: { code: 'ENROLMENT_REFUSED' } });
    const offline = await configuredCore('http://127.0.0.1:9');
    expect(await offline.dispatch(admin, 'sync.enrol', { code: 'AAAA-BBBB-CCCC' })).toMatchObject({ ok: false, error: { code: 'SERVER_UNREACHABLE' } });
    expect(await offline.dispatch(admin, 'sync.status', {})).toMatchObject({ ok: true, value: { phase: 'unenrolled' } });
    expect(await offline.dispatch({ role: 'counter', session: 't' }, 'sync.enrol', { code: 'AAAA-BBBB-CCCC' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a device offline for days catches up: thousands of changes from others, and its own queue, in one go', async () => {
    const t = await startTestServer('sqlite');
    open.servers.push(t);
    const tenant = await createTenant(t.directory);
    const away = await configuredCore(t.server.url);
    const busy = await configuredCore(t.server.url);
    for (const core of [away, busy]) {
      const { code } = await t.directory.createEnrolmentCode(tenant.organisationId, tenant.siteId);
      expect((await core.dispatch(admin, 'sync.enrol', { code })).ok).toBe(true);
    }
    // The away device goes offline (its sync stops) and keeps working locally.
    await away.sync.stop();
    const shared = newId();
    busy.replica.writeRow('incident', shared, { occurred_at: '2026-11-20T10:00:00.000Z', channel: 'counter', forms: ['threat'], status: 'open', narrative: 'origineel' }, tenant);
    await busy.sync.syncNow();
    await away.sync.start();
    await away.sync.syncNow();
    await away.sync.stop();
    for (let i = 0; i < 300; i += 1) away.replica.writeRow('incident', newId(), { occurred_at: '2026-11-21T10:00:00.000Z', channel: 'phone', forms: ['verbal_abuse'], status: 'draft' }, tenant);
    for (let i = 0; i < 2_500; i += 1) busy.replica.writeRow('incident', newId(), { occurred_at: '2026-11-22T10:00:00.000Z', channel: 'counter', forms: ['intimidation'], status: 'open' }, tenant);
    busy.replica.writeRow('incident', shared, { narrative: 'later bijgewerkt' }, tenant);
    await busy.sync.syncNow();

    away.sync.start();
    await away.sync.syncNow();
    await busy.sync.syncNow();
    expect(away.replica.pendingCount()).toBe(0);
    expect(visibleRows(away.store.read, 'incident')).toHaveLength(1 + 300 + 2_500);
    expect(visibleRows(busy.store.read, 'incident')).toHaveLength(1 + 300 + 2_500);
    expect(visibleRows(away.store.read, 'incident').find((row) => row.id === shared)?.data['narrative']).toBe('later bijgewerkt');
    // 2,800 single-write commits, each flushed to disk: on a shared 2-core machine this takes over 20 s.
  }, 90_000);

  it('when the server comes back, a successful sync reconnects the realtime socket at once instead of waiting out its backoff', async () => {
    const t = await startTestServer('sqlite');
    const tenant = await createTenant(t.directory);
    const core = await configuredCore(t.server.url);
    const { code } = await t.directory.createEnrolmentCode(tenant.organisationId, tenant.siteId);
    expect((await core.dispatch(admin, 'sync.enrol', { code })).ok).toBe(true);
    await expect.poll(() => core.sync.connection(), { timeout: 5_000 }).toBe('online');

    const port = new URL(t.server.url).port;
    // The top of the jitter: the socket's tries come 1 s, then 3 s after the server goes.
    const jitter = vi.spyOn(Math, 'random').mockReturnValue(0.99);
    await t.server.close();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(core.sync.connection()).not.toBe('online');

    const back = await startServer(serverConfig(t.storage, { port: Number(port) }));
    jitter.mockRestore();
    open.servers.push({ ...t, server: back, close: () => back.close() });
    const pressed = Date.now();
    await core.sync.syncNow();
    await expect.poll(() => core.sync.connection(), { timeout: 2_000, interval: 20 }).toBe('online');
    // The socket's own next try was still more than a second away.
    expect(Date.now() - pressed).toBeLessThan(1_000);
  });
});
