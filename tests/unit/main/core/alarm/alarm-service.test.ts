import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../../../main/core/core.js';
import { openLanTransport, type LanTransport } from '../../../../../main/core/alarm/lan-transport.js';
import { trustFromSeed } from '../../../../../main/core/alarm/lan-codec.js';
import { silentLogger } from '../../../../../main/core/logger.js';
import type { SenderStatus } from '../../../../../shared/alarm/alarm-contract.js';
import { AlarmDesks, connected, counter, listen } from '../../../../support/alarm-desks.js';
import { freePort } from '../../../../support/processes.js';
import { siteKey } from '../../../../support/alarm.js';
import { createTenant, startTestServer, type Tenant, type TestServer } from '../../../../support/sync-server.js';
import { until } from '../../../../support/until.js';
import { tempDir } from '../../../../support/temp-dir.js';
import { TEST_STORE_KEY } from '../../../../support/test-keys.js';

const open: { cores: Core[]; lans: LanTransport[] } = { cores: [], lans: [] };
let t: TestServer;
let desks: AlarmDesks;
beforeEach(async () => {
  t = await startTestServer('sqlite');
  desks = new AlarmDesks(t);
});
afterEach(async () => {
  await desks.closeAll();
  for (const core of open.cores.splice(0)) await core.close();
  for (const lan of open.lans.splice(0)) await lan.close();
  await t.close();
});

const config = { deliveryDeadlineMs: 3_000, escalationAfterMs: 60_000, groups: 2 };
const desk = (name: string, tenant: Tenant) => desks.desk(name, tenant, { alarmConfig: config });

/** Several desks of one site, enrolled at a real server, and (unless told not to) joined on real UDP multicast. */
async function site(names: string[], withLan = true) {
  const tenant = await createTenant(t.directory);
  const key = siteKey();
  const port = await freePort();
  const cores: Core[] = [];
  for (const name of names) {
    const core = await desk(name, tenant);
    if (withLan) {
      const lan = await openLanTransport({ siteId: tenant.siteId, trust: trustFromSeed(tenant.organisationId, key), group: '239.255.42.98', port, interfaceAddress: '127.0.0.1', peers: [], logger: silentLogger() });
      open.lans.push(lan);
      core.alarms.attach('lan', lan);
    }
    cores.push(core);
  }
  return cores;
}

describe('alarm over the server path (no LAN), between real cores', () => {
  it('the server relays the alarm to the site and the answers back', async () => {
    const [a, b] = await site(['Balie 1', 'Balie 2'], false) as [Core, Core];
    const [heardA, heardB] = [listen(a), listen(b)];
    await Promise.all([connected(a), connected(b)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const raised = await a.dispatch(counter, 'alarm.raise', { level: 'assist' });
    const alarmId = (raised as { value: SenderStatus }).value.alarmId;
    await until(() => heardB.responder.length > 0);
    expect(heardB.responder[0]).toMatchObject({ alarmId, phase: 'alerting', sound: true });
    await until(() => heardA.sender.at(-1)?.phase === 'delivered');
    await b.dispatch(counter, 'alarm.answer', { alarmId, answer: 'coming' });
    await until(() => heardA.sender.at(-1)?.coming.length === 1);
  });

  it('reaches partner organisations at the site only where an agreement shares alarms', async () => {
    const siteRow = await t.directory.createSite('Werkplein');
    const [gemeente, uwv, other] = await Promise.all(['Gemeente', 'UWV', 'Kredietbank'].map((name) => t.directory.createOrganisation(name)));
    for (const organisation of [gemeente, uwv, other]) await t.directory.hostAt(organisation!.id, siteRow.id);
    await t.directory.createAgreement({ siteId: siteRow.id, from: gemeente!.id, to: uwv!.id, shareAlarms: true, shareWarnings: false });
    const sender = await desk('Balie 1', { organisationId: gemeente!.id, siteId: siteRow.id });
    const partner = await desk('UWV balie', { organisationId: uwv!.id, siteId: siteRow.id });
    const stranger = await desk('Kredietbank balie', { organisationId: other!.id, siteId: siteRow.id });
    const [heardPartner, heardStranger] = [listen(partner), listen(stranger)];
    await Promise.all([connected(sender), connected(partner), connected(stranger)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sender.dispatch(counter, 'alarm.raise', { level: 'emergency' });
    await until(() => heardPartner.responder.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heardStranger.responder).toEqual([]);
    // The partner shows the alarm but does not record another organisation's events.
    await partner.sync.syncNow();
    expect(partner.replica.pendingCount()).toBe(0);
    expect(partner.replica.rejectionCount()).toBe(0);
  });
});

describe('alarm over the LAN path, between real cores', () => {
  it('raise on one desk: the others alert with sound, confirm delivery, and an answer reaches the sender', async () => {
    const [a, b, c] = await site(['Balie 1', 'Balie 2', 'Balie 3']) as [Core, Core, Core];
    const [heardA, heardB, heardC] = [listen(a), listen(b), listen(c)];
    const raised = await a.dispatch(counter, 'alarm.raise', { level: 'emergency' });
    expect(raised).toMatchObject({ ok: true, value: { phase: 'sending', level: 'emergency', drill: false } });
    const alarmId = (raised as { value: SenderStatus }).value.alarmId;

    await until(() => heardB.responder.length > 0 && heardC.responder.length > 0);
    expect(heardB.responder[0]).toMatchObject({ alarmId, phase: 'alerting', sound: true, level: 'emergency', from: { desk: 'Balie 1', floor: '1' } });
    await until(() => heardA.sender.at(-1)?.deliveredTo.length === 2);
    expect(heardA.sender.at(-1)?.phase).toBe('delivered');

    expect(await b.dispatch(counter, 'alarm.answer', { alarmId, answer: 'coming' })).toMatchObject({ ok: true, value: { phase: 'coming', sound: false } });
    await until(() => heardA.sender.at(-1)?.coming.length === 1);
    await until(() => Object.keys(heardC.responder.at(-1)?.others ?? {}).length === 1);
    expect(heardC.responder.at(-1)).toMatchObject({ phase: 'alerting', sound: true, others: { [b.store.read.prepare('SELECT device_id FROM device_settings').pluck().get() as string]: { answer: 'coming', name: 'Balie 2' } } });

    expect(await a.dispatch(counter, 'alarm.resolve', { alarmId })).toMatchObject({ ok: true });
    await until(() => heardC.responder.at(-1)?.phase === 'resolved');
    expect(heardC.responder.at(-1)?.sound).toBe(false);

    // Every event is an append-only replicated row, on each PC that saw it.
    const kinds = (core: Core) => (core.store.read.prepare("SELECT kind FROM alarm_event WHERE alarm_id = ? ORDER BY kind").pluck().all(alarmId) as string[]);
    expect(kinds(a)).toEqual(expect.arrayContaining(['raised', 'delivered', 'coming', 'resolved']));
    await a.sync.syncNow();
    expect((await t.server.store.db.selectFrom('replica_row').select('id').where('entity', '=', 'alarm_event').execute()).length).toBeGreaterThanOrEqual(4);
  });

  it('with nobody on the LAN and no delivery, the sender shows NOT DELIVERED within 3 s', async () => {
    const [alone] = await site(['Balie 1']) as [Core];
    const heard = listen(alone);
    const started = Date.now();
    await alone.dispatch(counter, 'alarm.raise', { level: 'assist' });
    await until(() => heard.sender.at(-1)?.phase === 'not_delivered', 4_000);
    expect(Date.now() - started).toBeLessThan(3_500);
  });

  it('a drill is shown as a drill, and a desk that is not set up cannot raise', async () => {
    const [a, b] = await site(['Balie 1', 'Balie 2']) as [Core, Core];
    const heardB = listen(b);
    await a.dispatch(counter, 'alarm.raise', { level: 'assist', drill: true });
    await until(() => heardB.responder.length > 0);
    expect(heardB.responder[0]?.drill).toBe(true);
    const blank = openCore({ storeKey: TEST_STORE_KEY, dataDir: tempDir(), logger: silentLogger() });
    open.cores.push(blank);
    expect(await blank.dispatch(counter, 'alarm.raise', { level: 'assist' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});
