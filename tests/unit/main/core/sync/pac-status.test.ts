import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../../../main/core/db/open-store.js';
import { silentLogger } from '../../../../../main/core/logger.js';
import { ReplicaStore } from '../../../../../main/core/sync/replica-store.js';
import { SyncService } from '../../../../../main/core/sync/sync-service.js';
import type { PacStatus } from '../../../../../shared/alarm/pac-status.js';
import { newId } from '../../../../../shared/domain/ids.js';
import { alarmMessage } from '../../../../support/alarm.js';
import { deadPort, startSiaReceiver, type SiaReceiver } from '../../../../support/sia-receiver.js';
import { createTenant, startTestServer, type TestServer } from '../../../../support/sync-server.js';
import { tempDir } from '../../../../support/temp-dir.js';
import { until } from '../../../../support/until.js';
import { TEST_STORE_KEY } from '../../../../support/test-keys.js';

const ADMIN_TOKEN = 'c'.repeat(40);
const open: { servers: TestServer[]; services: SyncService[]; stores: Store[]; receivers: SiaReceiver[] } = { servers: [], services: [], stores: [], receivers: [] };
afterEach(async () => {
  for (const service of open.services.splice(0)) await service.stop();
  open.stores.splice(0).forEach((store) => store.close());
  for (const server of open.servers.splice(0)) await server.close();
  for (const receiver of open.receivers.splice(0)) await receiver.close();
});

/** A real SyncService enrolled at a real server whose site forwards to `port`. */
async function enrolledService(port: number) {
  const t = await startTestServer('sqlite', { adminToken: ADMIN_TOKEN, pac: { ackTimeoutMs: 300, maxAttempts: 2, backoffMs: 40 } });
  open.servers.push(t);
  const tenant = await createTenant(t.directory);
  const put = await fetch(`${t.server.url}/v1/admin/sites/${tenant.siteId}/pac`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ enabled: true, host: '127.0.0.1', port, account: 'BEEF' }) });
  expect(put.status).toBe(200);
  const store = openStore({ key: TEST_STORE_KEY, dataDir: tempDir('vangnet-pac-client-') });
  open.stores.push(store);
  const deviceId = newId();
  let credential: string | null = null;
  const statuses: PacStatus[] = [];
  const service = new SyncService({
    replica: new ReplicaStore(store.write, store.read, deviceId, () => new Date()),
    vault: { read: () => credential, write: (secret) => (credential = secret), clear: () => (credential = null) },
    write: store.write,
    deviceId: () => deviceId,
    serverUrl: () => t.server.url,
    adoptEnrolment: () => undefined,
    desk: () => ({ name: 'Balie 1', floor: '' }),
    logger: silentLogger(),
    onChange: () => undefined,
    onPulled: () => undefined,
    onSitePolicy: () => undefined,
    onLinkChange: () => undefined,
    onPacStatus: (status) => statuses.push(status),
    now: () => new Date(),
  });
  open.services.push(service);
  const { code } = await t.directory.createEnrolmentCode(tenant.organisationId, tenant.siteId);
  await service.enrol({ code });
  await until(() => service.alarmPath.open);
  const raise = () => {
    const message = alarmMessage({ level: 'emergency', organisation_id: tenant.organisationId, site_id: tenant.siteId, from: { device_id: deviceId, desk: 'Balie 7', floor: '2', person: '', site: 'Stadskantoor' } });
    void service.alarmPath.send(message);
    return message.alarm_id;
  };
  return { statuses, raise };
}

describe('the client hears what the alarm centre said: SyncService deps.onPacStatus', () => {
  it('delivered: onPacStatus gets sending, then delivered, for the alarm it raised', async () => {
    const centre = await startSiaReceiver();
    open.receivers.push(centre);
    const { statuses, raise } = await enrolledService(centre.port);
    const alarmId = raise();
    await until(() => statuses.length === 2);
    expect(statuses).toEqual([
      { type: 'pac', alarm_id: alarmId, state: 'sending' },
      { type: 'pac', alarm_id: alarmId, state: 'delivered' },
    ]);
    expect(centre.frames.map((frame) => frame.message?.data)).toEqual(['#BEEF|1120 01 007']);
  });

  it('a dead receiver: onPacStatus gets failed', async () => {
    const { statuses, raise } = await enrolledService(await deadPort());
    const alarmId = raise();
    await until(() => statuses.length === 2);
    expect(statuses.map((status) => [status.alarm_id, status.state])).toEqual([
      [alarmId, 'sending'],
      [alarmId, 'failed'],
    ]);
  });
});
