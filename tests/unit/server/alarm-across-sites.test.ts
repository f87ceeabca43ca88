import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core/core.js';
import type { RunningServer } from '../../../server/src/start.js';
import type { SenderStatus } from '../../../shared/alarm/alarm-contract.js';
import { AlarmDesks, connected, counter, listen } from '../../support/alarm-desks.js';
import { postgresAvailable, startSecondInstance, startTestServer, type TestServer } from '../../support/sync-server.js';
import { until } from '../../support/until.js';

const BEAT_MS = 150;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const open: { desks: AlarmDesks[]; extra: RunningServer[]; servers: TestServer[] } = { desks: [], extra: [], servers: [] };
afterEach(async () => {
  for (const desks of open.desks.splice(0)) await desks.closeAll();
  for (const server of open.extra.splice(0)) await server.close();
  for (const server of open.servers.splice(0)) await server.close();
});

const readinessOf = async (core: Core) => ((await core.dispatch(counter, 'alarm.readiness', {})) as { value: { responders: number } }).value;
const deviceIdOf = async (core: Core) => ((await core.dispatch(counter, 'device.status', {})) as { value: { deviceId: string } }).value.deviceId;

describe('PostgreSQL, two server instances: an agreement carries alarms to a partner at another site', () => {
  it('an alarm raised at the town hall reaches the central security desk on the other instance, and its answer and beacons come back', async ({ skip }) => {
    if (!(await postgresAvailable())) return skip();
    const t = await startTestServer('postgres');
    open.servers.push(t);
    const second = await startSecondInstance(t);
    open.extra.push(second);
    const [stadskantoor, meldkamer] = [await t.directory.createSite('Stadskantoor'), await t.directory.createSite('Meldkamer')];
    const [gemeente, security, other] = [await t.directory.createOrganisation('Gemeente'), await t.directory.createOrganisation('Beveiliging'), await t.directory.createOrganisation('Kredietbank')];
    await t.directory.hostAt(gemeente.id, stadskantoor.id);
    await t.directory.hostAt(security.id, meldkamer.id);
    await t.directory.hostAt(other.id, meldkamer.id);
    await t.directory.createAgreement({ siteId: stadskantoor.id, from: gemeente.id, to: security.id, shareAlarms: true, shareWarnings: false, toSiteId: meldkamer.id });

    const onFirst = new AlarmDesks(t);
    const onSecond = new AlarmDesks({ ...t, server: second });
    open.desks.push(onFirst, onSecond);
    const sender = await onFirst.desk('Balie 1', { organisationId: gemeente.id, siteId: stadskantoor.id }, { beatMs: BEAT_MS });
    const desk = await onSecond.desk('Meldkamer', { organisationId: security.id, siteId: meldkamer.id }, { beatMs: BEAT_MS });
    const neighbour = await onSecond.desk('Kredietbank balie', { organisationId: other.id, siteId: meldkamer.id }, { beatMs: BEAT_MS });
    const [heardSender, heardDesk, heardNeighbour] = [listen(sender), listen(desk), listen(neighbour)];
    await Promise.all([sender, desk, neighbour].map(connected));

    // The far desk's beacons come back across the instances: the sender counts it before pressing.
    await until(async () => (await readinessOf(sender)).responders === 1, 5_000);
    const alarmId = ((await sender.dispatch(counter, 'alarm.raise', { level: 'emergency' })) as { value: SenderStatus }).value.alarmId;
    await until(() => heardDesk.responder.some((status) => status.alarmId === alarmId));
    expect(heardDesk.responder.find((status) => status.alarmId === alarmId)).toMatchObject({ phase: 'alerting', sound: true });
    await until(() => heardSender.sender.at(-1)?.phase === 'delivered');
    await desk.dispatch(counter, 'alarm.answer', { alarmId, answer: 'coming' });
    const deskId = await deviceIdOf(desk);
    await until(() => heardSender.sender.at(-1)?.coming.includes(deskId) ?? false);

    // Only the partner the agreement names, and only one way.
    await sleep(4 * BEAT_MS);
    expect(heardNeighbour.responder).toEqual([]);
    expect((await readinessOf(desk)).responders).toBe(0);
    expect((await readinessOf(sender)).responders).toBe(1);
  });
});
