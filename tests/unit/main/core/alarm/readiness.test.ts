import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../../../main/core/core.js';
import type { SenderStatus } from '../../../../../shared/alarm/alarm-contract.js';
import { sitePolicySchema } from '../../../../../shared/alarm/site-policy.js';
import { AlarmDesks, connected, counter, listen } from '../../../../support/alarm-desks.js';
import { freePort } from '../../../../support/processes.js';
import { createTenant, startTestServer, type TestServer } from '../../../../support/sync-server.js';
import { until } from '../../../../support/until.js';

let t: TestServer;
let desks: AlarmDesks;
let serverClosed = false;
beforeEach(async () => {
  t = await startTestServer('sqlite');
  desks = new AlarmDesks(t);
  serverClosed = false;
});
afterEach(async () => {
  await desks.closeAll();
  if (!serverClosed) await t.close();
});

const BEAT_MS = 150;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const readinessOf = async (core: Core) => ((await core.dispatch(counter, 'alarm.readiness', {})) as { value: { responders: number; escalation: number; reachable: boolean; paths: { server: boolean; lan: boolean } } }).value;

describe('readiness: can this counter\'s alarm reach anyone?', () => {
  it('counts the responders heard through the server, and drops one after three missed beats', async () => {
    const tenant = await createTenant(t.directory);
    const a = await desks.desk('Balie 1', tenant, { beatMs: BEAT_MS });
    const b = await desks.desk('Balie 2', tenant, { beatMs: BEAT_MS });
    await desks.desk('Teamleider', tenant, { beatMs: BEAT_MS, group: 2 });
    await desks.desk('Scherm wachtruimte', tenant, { beatMs: BEAT_MS, group: 0 });
    const heardA = listen(a);
    await until(async () => (await readinessOf(a)).responders === 1 && (await readinessOf(a)).escalation === 1);
    expect(await readinessOf(a)).toEqual({ responders: 1, escalation: 1, paths: { server: true, lan: false }, reachable: true });

    await desks.cores.splice(desks.cores.indexOf(b), 1)[0]?.close();
    const gone = performance.now();
    await until(() => heardA.readiness.at(-1)?.responders === 0, 3_000);
    const noticedAfter = performance.now() - gone;
    // Not at the first missed beat, but by the third (plus grace and one beat of checking).
    expect(noticedAfter).toBeGreaterThan(2 * BEAT_MS);
    expect(noticedAfter).toBeLessThan(5 * BEAT_MS + 500);
    expect(heardA.readiness.at(-1)).toMatchObject({ responders: 0, reachable: false });
  });

  it('counts a partner\'s PCs only where an agreement carries this organisation\'s alarms to them', async () => {
    const site = await t.directory.createSite('Werkplein');
    const [gemeente, uwv, other] = await Promise.all(['Gemeente', 'UWV', 'Kredietbank'].map((name) => t.directory.createOrganisation(name)));
    for (const organisation of [gemeente, uwv, other]) await t.directory.hostAt(organisation!.id, site.id);
    await t.directory.createAgreement({ siteId: site.id, from: gemeente!.id, to: uwv!.id, shareAlarms: true, shareWarnings: false });
    const [g, u, k] = [
      await desks.desk('Gemeente balie', { organisationId: gemeente!.id, siteId: site.id }, { beatMs: BEAT_MS }),
      await desks.desk('UWV balie', { organisationId: uwv!.id, siteId: site.id }, { beatMs: BEAT_MS }),
      await desks.desk('Kredietbank balie', { organisationId: other!.id, siteId: site.id }, { beatMs: BEAT_MS }),
    ];
    await until(async () => (await readinessOf(g)).responders === 1);
    await sleep(4 * BEAT_MS);
    expect((await readinessOf(g)).responders).toBe(1);
    expect((await readinessOf(u)).responders).toBe(0);
    expect((await readinessOf(k)).responders).toBe(0);
  });

  it('a PC in group 2 stays silent until the alarm escalates to it; group 0 is never alerted', async () => {
    const tenant = await createTenant(t.directory);
    const alarmConfig = { deliveryDeadlineMs: 3_000, escalationAfterMs: 600, groups: 3 };
    const sender = await desks.desk('Balie 1', tenant, { alarmConfig });
    const first = await desks.desk('Balie 2', tenant, { alarmConfig });
    const second = await desks.desk('Teamleider', tenant, { alarmConfig, group: 2 });
    const never = await desks.desk('Scherm', tenant, { alarmConfig, group: 0 });
    const [heardSender, heardFirst, heardSecond, heardNever] = [sender, first, second, never].map(listen) as [ReturnType<typeof listen>, ReturnType<typeof listen>, ReturnType<typeof listen>, ReturnType<typeof listen>];
    await Promise.all([sender, first, second, never].map(connected));
    await sleep(200);
    const raised = (await sender.dispatch(counter, 'alarm.raise', { level: 'assist' })) as { value: SenderStatus };
    await until(() => heardFirst.responder.length > 0);
    await sleep(200);
    expect(heardSecond.responder).toEqual([]);
    await until(() => heardSecond.responder.length > 0, 3_000);
    expect(heardSecond.responder[0]).toMatchObject({ alarmId: raised.value.alarmId, phase: 'alerting', sound: true, step: 1 });
    expect(heardSender.sender.at(-1)?.step).toBeGreaterThanOrEqual(1);
    await second.dispatch(counter, 'alarm.answer', { alarmId: raised.value.alarmId, answer: 'coming' });
    await until(() => heardSender.sender.at(-1)?.coming.length === 1);
    expect(heardNever.responder).toEqual([]);
  });

  it('the server hands out the organisation key: the LAN path opens with it, and delivers with the server gone', async () => {
    const tenant = await createTenant(t.directory);
    const lan = { group: '239.255.42.94', port: await freePort(), interfaceAddress: '127.0.0.1', peers: [], keyOverride: null };
    const a = await desks.desk('Balie 1', tenant, { lan, beatMs: BEAT_MS });
    const b = await desks.desk('Balie 2', tenant, { lan, beatMs: BEAT_MS });
    await until(async () => (await readinessOf(a)).paths.lan && (await readinessOf(b)).paths.lan, 5_000);
    const stored = (core: Core) => sitePolicySchema.parse(JSON.parse(core.store.read.prepare('SELECT policy FROM site_alarm_policy').pluck().get() as string));
    // Both PCs of the organisation sign with its one key.
    expect(stored(a).signing_key).toEqual(stored(b).signing_key);

    await t.close();
    serverClosed = true;
    await until(async () => !(await readinessOf(a)).paths.server, 5_000);
    // B is still heard, now over the LAN alone.
    await sleep(4 * BEAT_MS);
    expect(await readinessOf(a)).toMatchObject({ responders: 1, paths: { server: false, lan: true }, reachable: true });
    const heardB = listen(b);
    const heardA = listen(a);
    await a.dispatch(counter, 'alarm.raise', { level: 'emergency' });
    await until(() => heardB.responder.length > 0);
    await until(() => heardA.sender.at(-1)?.phase === 'delivered');
  });
});
