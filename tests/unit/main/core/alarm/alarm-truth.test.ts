import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../../../main/core/core.js';
import { openLanTransport, type LanTransport } from '../../../../../main/core/alarm/lan-transport.js';
import { trustFromSeed } from '../../../../../main/core/alarm/lan-codec.js';
import { pinMatches } from '../../../../../main/core/staff/pin-hash.js';
import { silentLogger } from '../../../../../main/core/logger.js';
import type { ActiveAlarms, SenderStatus } from '../../../../../shared/alarm/alarm-contract.js';
import type { Result } from '../../../../../shared/contract/result.js';
import { admin, AlarmDesks, connected, counter, listen, openScreen } from '../../../../support/alarm-desks.js';
import { siteKey } from '../../../../support/alarm.js';
import { freePort } from '../../../../support/processes.js';
import { createTenant, startTestServer, type Tenant, type TestServer } from '../../../../support/sync-server.js';
import { until } from '../../../../support/until.js';
import { deadPort, startSiaReceiver } from '../../../../support/sia-receiver.js';

/**
 * The alarm never shows a state that is not true: every end reaches the sender, a closed
 * page is nobody, responders see each other, names instead of counts, and a duress cancel.
 */
let t: TestServer;
let desks: AlarmDesks;
let serverClosed = false;
const lans: LanTransport[] = [];
beforeEach(async () => {
  t = await startTestServer('sqlite');
  desks = new AlarmDesks(t);
  serverClosed = false;
});
afterEach(async () => {
  await desks.closeAll();
  for (const lan of lans.splice(0)) await lan.close();
  if (!serverClosed) await t.close();
});

const BEAT_MS = 150;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const deviceId = (core: Core) => core.store.read.prepare('SELECT device_id FROM device_settings').pluck().get() as string;
const value = <T>(result: Result<unknown>) => (result as { ok: true; value: T }).value;
const kinds = (core: Core, alarmId: string) => core.store.read.prepare('SELECT kind FROM alarm_event WHERE alarm_id = ? ORDER BY kind').pluck().all(alarmId) as string[];

async function raise(core: Core, level: 'assist' | 'emergency' = 'assist'): Promise<string> {
  return value<SenderStatus>(await core.dispatch(counter, 'alarm.raise', { level })).alarmId;
}

/** Joins the desks on real UDP multicast with one key, for the paths that must work without the server. */
async function joinLan(tenant: Tenant, cores: Core[]): Promise<void> {
  const key = siteKey();
  const port = await freePort();
  for (const core of cores) {
    const lan = await openLanTransport({ siteId: tenant.siteId, trust: trustFromSeed(tenant.organisationId, key), group: '239.255.42.91', port, interfaceAddress: '127.0.0.1', peers: [], logger: silentLogger() });
    lans.push(lan);
    core.alarms.attach('lan', lan);
  }
}

describe('every end of an alarm ends it on the sender too', () => {
  const alarmConfig = { deliveryDeadlineMs: 3_000, escalationAfterMs: 1_500, groups: 3 };

  for (const path of ['server', 'lan'] as const) {
    for (const how of ['cancel', 'resolve'] as const) {
      it(`a responder's ${how} over the ${path} path reaches the sender's line and stops its escalation`, async () => {
        const tenant = await createTenant(t.directory);
        const sender = await desks.desk('Balie 1', tenant, { alarmConfig });
        const responder = await desks.desk('Balie 2', tenant, { alarmConfig });
        const later = await desks.desk('Teamleider', tenant, { alarmConfig, group: 2 });
        if (path === 'lan') {
          await joinLan(tenant, [sender, responder, later]);
          await t.close();
          serverClosed = true;
        } else {
          await Promise.all([sender, responder, later].map(connected));
          await sleep(200);
        }
        const [heardSender, heardResponder, heardLater] = [listen(sender), listen(responder), listen(later)];
        const alarmId = await raise(sender);
        await until(() => heardResponder.responder.length > 0);
        await until(() => heardSender.sender.at(-1)?.phase === 'delivered');
        expect(await responder.dispatch(counter, `alarm.${how}`, { alarmId })).toMatchObject({ ok: true });
        const ended = how === 'cancel' ? 'cancelled' : 'resolved';
        await until(() => heardSender.sender.at(-1)?.phase === ended);
        // Well past the escalation time: nobody further is alerted, nothing more is sent.
        // (On a slow machine the first escalation may come before the end: it may not come after.)
        const escalationsAtEnd = kinds(sender, alarmId).filter((kind) => kind === 'escalated').length;
        await sleep(2 * alarmConfig.escalationAfterMs);
        expect(kinds(sender, alarmId).filter((kind) => kind === 'escalated')).toHaveLength(escalationsAtEnd);
        expect(heardLater.responder.filter((status) => status.phase === 'alerting' && status.alarmId === alarmId).length <= 1).toBe(true);
        if (escalationsAtEnd === 0) expect(heardLater.responder).toEqual([]);
        else await until(() => heardLater.responder.at(-1)?.phase === ended);
        expect(value<ActiveAlarms>(await sender.dispatch(counter, 'alarm.active', { asScreen: false })).sender?.phase).toBe(ended);
      });
    }
  }
});

describe('a screen that can show the alarm, not a running process, is what counts', () => {
  it('a closed page stops counting at once, does not confirm delivery, and shows the alarm when it opens again', async () => {
    const tenant = await createTenant(t.directory);
    const sender = await desks.desk('Balie 1', tenant, { beatMs: BEAT_MS });
    const colleague = await desks.desk('Balie 2', tenant, { beatMs: BEAT_MS, screen: false });
    const page = await openScreen(colleague, 'tab-1');
    const heardSender = listen(sender);
    await until(() => heardSender.readiness.at(-1)?.responders === 1);

    page.close();
    const closedAt = performance.now();
    await until(() => heardSender.readiness.at(-1)?.responders === 0, 2_000);
    // Told at once by the colleague's PC, not after three missed beats.
    expect(performance.now() - closedAt).toBeLessThan(3 * BEAT_MS);

    const alarmId = await raise(sender);
    await until(() => heardSender.sender.at(-1)?.phase === 'not_delivered', 4_000);
    expect(heardSender.sender.at(-1)?.deliveredTo).toEqual([]);

    // The colleague opens the page again: the live alarm is there, and only now is it delivered.
    const reopened = value<ActiveAlarms>(await colleague.dispatch({ role: 'counter', session: 'tab-2' }, 'alarm.active', { asScreen: true }));
    expect(reopened.responders).toEqual([expect.objectContaining({ alarmId, phase: 'alerting', sound: true })]);
    expect(await colleague.dispatch(counter, 'alarm.shown', { alarmId })).toMatchObject({ ok: true });
    await until(() => heardSender.sender.at(-1)?.phase === 'delivered');
    expect(heardSender.sender.at(-1)?.deliveredTo).toEqual([deviceId(colleague)]);
  });
});

describe('who is coming, by name', () => {
  it('responders see each other by name over the server, and the sender sees who comes', async () => {
    const tenant = await createTenant(t.directory);
    const sender = await desks.desk('Balie 1', tenant);
    const piet = await desks.desk('Balie 2', tenant);
    const els = await desks.desk('Balie 3', tenant);
    await Promise.all([sender, piet, els].map(connected));
    const staff = value<{ id: string }>(await piet.dispatch(admin, 'staff.create', { displayName: 'Piet Bakker', role: 'admin', pin: '1234' }));
    expect(await piet.dispatch(admin, 'session.signIn', { staffId: staff.id, pin: '1234' })).toMatchObject({ ok: true });
    await sleep(200);
    const [heardSender, heardPiet, heardEls] = [listen(sender), listen(piet), listen(els)];
    const alarmId = await raise(sender);
    await until(() => heardPiet.responder.length > 0 && heardEls.responder.length > 0);

    await piet.dispatch(counter, 'alarm.answer', { alarmId, answer: 'coming' });
    await until(() => heardEls.responder.at(-1)?.others[deviceId(piet)]?.answer === 'coming');
    expect(heardEls.responder.at(-1)?.others).toEqual({ [deviceId(piet)]: { answer: 'coming', name: 'Piet Bakker' } });
    await els.dispatch(counter, 'alarm.answer', { alarmId, answer: 'coming' });
    await until(() => heardPiet.responder.at(-1)?.others[deviceId(els)]?.answer === 'coming');
    // Piet's own answer is not among "the others" on his screen.
    expect(Object.keys(heardPiet.responder.at(-1)?.others ?? {})).toEqual([deviceId(els)]);

    await until(() => heardSender.sender.at(-1)?.coming.length === 2);
    const line = heardSender.sender.at(-1);
    expect(line?.coming.map((device) => line.names[device]).sort()).toEqual(['Balie 3', 'Piet Bakker']);
  });
});

describe('the desk after a sign-out, and the connection line', () => {
  it('the next person does not see the last person\'s finished alarm', async () => {
    const tenant = await createTenant(t.directory);
    const desk = await desks.desk('Balie 1', tenant);
    await desks.desk('Balie 2', tenant);
    await connected(desk);
    const anna = value<{ id: string }>(await desk.dispatch(admin, 'staff.create', { displayName: 'Anna', role: 'admin', pin: '1111' }));
    await desk.dispatch(admin, 'session.signIn', { staffId: anna.id, pin: '1111' });
    const bert = value<{ id: string }>(await desk.dispatch(admin, 'staff.create', { displayName: 'Bert', role: 'counter', pin: '2222' }));
    const alarmId = await raise(desk);
    await desk.dispatch(counter, 'alarm.resolve', { alarmId });
    expect(value<ActiveAlarms>(await desk.dispatch(counter, 'alarm.active', { asScreen: false })).sender?.phase).toBe('resolved');
    await desk.dispatch(admin, 'session.signOut', {});
    await desk.dispatch(admin, 'session.signIn', { staffId: bert.id, pin: '2222' });
    expect(value<ActiveAlarms>(await desk.dispatch(counter, 'alarm.active', { asScreen: false })).sender).toBeNull();
  });

  it('a live alarm stays on the desk\'s line across a change of person: it is still true', async () => {
    const tenant = await createTenant(t.directory);
    const desk = await desks.desk('Balie 1', tenant);
    const anna = value<{ id: string }>(await desk.dispatch(admin, 'staff.create', { displayName: 'Anna', role: 'admin', pin: '1111' }));
    await desk.dispatch(admin, 'session.signIn', { staffId: anna.id, pin: '1111' });
    const alarmId = await raise(desk);
    await desk.dispatch(admin, 'session.signOut', {});
    expect(value<ActiveAlarms>(await desk.dispatch(counter, 'alarm.active', { asScreen: false })).sender?.alarmId).toBe(alarmId);
  });

  it('the first screen stops saying "connected" as soon as the server goes', async () => {
    const tenant = await createTenant(t.directory);
    const desk = await desks.desk('Balie 1', tenant);
    await connected(desk);
    await desk.sync.syncNow();
    const statuses: string[] = [];
    desk.bus.subscribe((event, payload) => {
      if (event === 'device.statusChanged') statuses.push((payload as { connection: string }).connection);
    });
    expect(value<{ connection: string }>(await desk.dispatch(counter, 'device.status', {})).connection).toBe('online');
    await t.close();
    serverClosed = true;
    const goneAt = performance.now();
    await until(() => statuses.length > 0 && statuses.at(-1) !== 'online', 2_000);
    expect(performance.now() - goneAt).toBeLessThan(1_000);
    expect(value<{ connection: string }>(await desk.dispatch(counter, 'device.status', {})).connection).not.toBe('online');
  });
});

describe('a covert duress cancel', () => {
  const alarmConfig = { deliveryDeadlineMs: 3_000, escalationAfterMs: 400, groups: 3 };

  async function signedInSender(tenant: Tenant) {
    const sender = await desks.desk('Balie 1', tenant, { alarmConfig });
    const member = value<{ id: string }>(await sender.dispatch(admin, 'staff.create', { displayName: 'Anna', role: 'admin', pin: '1111', duressPin: '9999' }));
    const session = await sender.dispatch(admin, 'session.signIn', { staffId: member.id, pin: '1111' });
    expect(session).toMatchObject({ ok: true, value: { cancelNeedsPin: true } });
    return sender;
  }

  it('shows "cancelled" on the sender while responders see a DURESS emergency and escalation goes on', async () => {
    const tenant = await createTenant(t.directory);
    const sender = await signedInSender(tenant);
    const first = await desks.desk('Balie 2', tenant, { alarmConfig });
    const second = await desks.desk('Teamleider', tenant, { alarmConfig, group: 2 });
    await Promise.all([sender, first, second].map(connected));
    await sleep(200);
    const [heardSender, heardFirst, heardSecond] = [listen(sender), listen(first), listen(second)];
    const alarmId = await raise(sender, 'assist');
    await until(() => heardFirst.responder.length > 0);
    await first.dispatch(counter, 'alarm.answer', { alarmId, answer: 'coming' });
    await until(() => heardSender.sender.at(-1)?.coming.length === 1);

    expect(await sender.dispatch(counter, 'alarm.cancel', { alarmId })).toMatchObject({ ok: false, error: { code: 'PIN_REQUIRED' } });
    expect(await sender.dispatch(counter, 'alarm.cancel', { alarmId, pin: '5555' })).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
    const before = heardSender.sender.length;
    expect(await sender.dispatch(counter, 'alarm.cancel', { alarmId, pin: '9999' })).toMatchObject({ ok: true });
    expect(heardSender.sender.slice(before).map((status) => status.phase)).toEqual(['cancelled']);

    await until(() => heardFirst.responder.at(-1)?.duress === true);
    expect(heardFirst.responder.at(-1)).toMatchObject({ level: 'emergency', duress: true, phase: 'coming' });
    // Someone was coming, yet the next group is alerted at once, as an emergency.
    await until(() => heardSecond.responder.length > 0, 2_000);
    expect(heardSecond.responder[0]).toMatchObject({ alarmId, level: 'emergency', duress: true, phase: 'alerting', sound: true });
    await sleep(2 * alarmConfig.escalationAfterMs);
    expect(kinds(sender, alarmId)).toEqual(expect.arrayContaining(['duress', 'escalated']));
    // The sender's screen learned nothing more, and its own record of the alarm still says "cancelled".
    expect(heardSender.sender.slice(before)).toHaveLength(1);
    expect(value<ActiveAlarms>(await sender.dispatch(counter, 'alarm.active', { asScreen: false })).sender?.phase).toBe('cancelled');
  });

  it('the person\'s own PIN cancels for everyone', async () => {
    const tenant = await createTenant(t.directory);
    const sender = await signedInSender(tenant);
    const first = await desks.desk('Balie 2', tenant, { alarmConfig });
    await Promise.all([sender, first].map(connected));
    await sleep(200);
    const heardFirst = listen(first);
    const alarmId = await raise(sender);
    await until(() => heardFirst.responder.length > 0);
    expect(await sender.dispatch(counter, 'alarm.cancel', { alarmId, pin: '1111' })).toMatchObject({ ok: true });
    await until(() => heardFirst.responder.at(-1)?.phase === 'cancelled');
    expect(heardFirst.responder.at(-1)?.duress).toBe(false);
  });

  it('a duress PIN equal to the PIN is refused, and only its hash is stored', async () => {
    const tenant = await createTenant(t.directory);
    const desk = await desks.desk('Balie 1', tenant);
    expect(await desk.dispatch(admin, 'staff.create', { displayName: 'Anna', role: 'admin', pin: '1111', duressPin: '1111' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('duressPin') } });
    const member = value<{ id: string }>(await desk.dispatch(admin, 'staff.create', { displayName: 'Anna', role: 'admin', pin: '1111', duressPin: '9999' }));
    const data = desk.store.read.prepare('SELECT data FROM staff_member WHERE id = ?').pluck().get(member.id) as string;
    // Only the hash: no field holds the PIN itself (a hex hash may contain its digits by chance).
    const stored = JSON.parse(data) as { duress_pin_hash: string };
    expect(Object.values(stored)).not.toContain('9999');
    expect(stored.duress_pin_hash).toMatch(/^scrypt\$[0-9a-f]{32}\$[0-9a-f]{128}$/);
    expect(pinMatches('9999', stored.duress_pin_hash)).toBe(true);
    await desk.dispatch(admin, 'session.signIn', { staffId: member.id, pin: '1111' });
    expect(await desk.dispatch(admin, 'staff.update', { id: member.id, duressPin: '1111' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('the alarm receiving centre, on the sender\'s line', () => {
  for (const centre of ['answers', 'is dead'] as const) {
    it(`an emergency: the line says what the centre did when it ${centre}`, async () => {
      const receiver = centre === 'answers' ? await startSiaReceiver() : null;
      const port = receiver?.port ?? (await deadPort());
      const token = 'd'.repeat(40);
      const pacServer = await startTestServer('sqlite', { adminToken: token, pac: { ackTimeoutMs: 300, maxAttempts: 2, backoffMs: 40 } });
      try {
        const pacDesks = new AlarmDesks(pacServer);
        const tenant = await createTenant(pacServer.directory);
        const put = await fetch(`${pacServer.server.url}/v1/admin/sites/${tenant.siteId}/pac`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ enabled: true, host: '127.0.0.1', port, account: 'BEEF' }) });
        expect(put.status).toBe(200);
        const sender = await pacDesks.desk('Balie 7', tenant);
        await connected(sender);
        const heard = listen(sender);
        await raise(sender, 'emergency');
        const expected = centre === 'answers' ? 'delivered' : 'failed';
        await until(() => heard.sender.at(-1)?.pac === expected, 5_000);
        expect(heard.sender.map((status) => status.pac)).toContain('sending');
        await pacDesks.closeAll();
      } finally {
        await pacServer.close();
        await receiver?.close();
      }
    });
  }
});
