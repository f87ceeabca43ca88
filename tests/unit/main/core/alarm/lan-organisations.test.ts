import dgram from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../../../main/core/core.js';
import { encodeDatagram, trustFromPolicy, type LanTrust } from '../../../../../main/core/alarm/lan-codec.js';
import type { LanNetwork } from '../../../../../main/core/alarm/lan-manager.js';
import type { SenderStatus } from '../../../../../shared/alarm/alarm-contract.js';
import type { AlarmMessage } from '../../../../../shared/alarm/alarm-message.js';
import type { PathMessage } from '../../../../../shared/alarm/readiness.js';
import { sitePolicySchema, type SitePolicy } from '../../../../../shared/alarm/site-policy.js';
import { newId } from '../../../../../shared/domain/ids.js';
import { AlarmDesks, connected, counter, listen } from '../../../../support/alarm-desks.js';
import { alarmMessage, beaconMessage, capturingLogger } from '../../../../support/alarm.js';
import { freePort } from '../../../../support/processes.js';
import { startTestServer, type TestServer } from '../../../../support/sync-server.js';
import { until } from '../../../../support/until.js';

const ADMIN_TOKEN = 'b'.repeat(40);
const BEAT_MS = 150;
const GROUP = '239.255.42.93';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let t: TestServer;
let desks: AlarmDesks;
let serverClosed = false;
const sockets: dgram.Socket[] = [];
beforeEach(async () => {
  t = await startTestServer('sqlite', { adminToken: ADMIN_TOKEN });
  desks = new AlarmDesks(t);
  serverClosed = false;
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await desks.closeAll();
  if (!serverClosed) await t.close();
});

type Readiness = { responders: number; paths: { server: boolean; lan: boolean } };
const readinessOf = async (core: Core) => ((await core.dispatch(counter, 'alarm.readiness', {})) as { value: Readiness }).value;
const storedPolicy = (core: Core): SitePolicy => sitePolicySchema.parse(JSON.parse(core.store.read.prepare('SELECT policy FROM site_alarm_policy').pluck().get() as string));
const eventsWhere = (core: Core, column: 'alarm_id' | 'by_device' | 'id', value: string) => core.store.read.prepare(`SELECT count(*) FROM alarm_event WHERE ${column} = ?`).pluck().get(value) as number;
const deviceIdOf = async (core: Core) => ((await core.dispatch(counter, 'device.status', {})) as { value: { deviceId: string } }).value.deviceId;

/** Two organisations, A (two desks) and C (one), at one site, every desk on the LAN; optionally A's alarms shared with C. */
async function twoOrganisations(shareAtoC: boolean, withLan = true) {
  const site = await t.directory.createSite('Werkplein');
  const [orgA, orgC] = [await t.directory.createOrganisation('Gemeente'), await t.directory.createOrganisation('UWV')];
  for (const organisation of [orgA, orgC]) await t.directory.hostAt(organisation.id, site.id);
  if (shareAtoC) await t.directory.createAgreement({ siteId: site.id, from: orgA.id, to: orgC.id, shareAlarms: true, shareWarnings: false });
  const lan: LanNetwork = { group: GROUP, port: await freePort(), interfaceAddress: '127.0.0.1', peers: [], keyOverride: null };
  const onLan = withLan ? lan : null;
  const logs = { a1: capturingLogger(), a2: capturingLogger(), c1: capturingLogger() };
  const a1 = await desks.desk('Gemeente balie 1', { organisationId: orgA.id, siteId: site.id }, { lan: onLan, beatMs: BEAT_MS, logger: logs.a1.logger });
  const a2 = await desks.desk('Gemeente balie 2', { organisationId: orgA.id, siteId: site.id }, { lan: onLan, beatMs: BEAT_MS, logger: logs.a2.logger });
  const c1 = await desks.desk('UWV balie', { organisationId: orgC.id, siteId: site.id }, { lan: onLan, beatMs: BEAT_MS, logger: logs.c1.logger });
  await Promise.all([a1, a2, c1].map(connected));
  await until(async () => (await Promise.all([a1, a2, c1].map(readinessOf))).every((readiness) => readiness.paths.lan === withLan), 5_000);
  const dropped = (name: keyof typeof logs) => logs[name].lines().filter((line) => line['msg'] === 'LAN alarm datagram ignored');
  return { a1, a2, c1, orgA: orgA.id, orgC: orgC.id, siteId: site.id, lan, dropped };
}

async function killServer(...cores: Core[]) {
  await t.close();
  serverClosed = true;
  await until(async () => (await Promise.all(cores.map(readinessOf))).every((readiness) => !readiness.paths.server), 5_000);
}

/** A device of the neighbour organisation with a raw socket on the site's multicast group. */
async function neighbourSocket(lan: LanNetwork) {
  const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  sockets.push(socket);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  socket.setMulticastInterface('127.0.0.1');
  socket.setMulticastLoopback(true);
  return (message: PathMessage, signing: LanTrust['signing']) => new Promise<void>((resolve, reject) => socket.send(encodeDatagram(message, signing), lan.port, lan.group, (error) => (error ? reject(error) : resolve())));
}

describe('LAN: two organisations at one site, without an agreement (server killed)', () => {
  it('A\'s alarm stays with A, server up and down; C\'s answers and beacons do not count at A', async () => {
    const { a1, a2, c1, orgC, siteId, lan, dropped } = await twoOrganisations(false);
    const [heardA1, heardA2, heardC1] = [listen(a1), listen(a2), listen(c1)];
    await sleep(4 * BEAT_MS);
    expect((await readinessOf(a1)).responders).toBe(1);

    // Server up: both paths, still only A's PCs.
    const first = ((await a1.dispatch(counter, 'alarm.raise', { level: 'assist' })) as { value: SenderStatus }).value.alarmId;
    await until(() => heardA2.responder.some((status) => status.alarmId === first));
    await a1.dispatch(counter, 'alarm.resolve', { alarmId: first });

    await killServer(a1, a2, c1);
    const second = ((await a1.dispatch(counter, 'alarm.raise', { level: 'emergency' })) as { value: SenderStatus }).value.alarmId;
    await until(() => heardA2.responder.some((status) => status.alarmId === second));
    // C answers "coming" in its own name, signed with its own key: A does not take it.
    const send = await neighbourSocket(lan);
    const cPolicy = storedPolicy(c1);
    await send(alarmMessage({ alarm_id: second, event: 'coming', organisation_id: orgC, site_id: siteId, from: { device_id: await deviceIdOf(c1), desk: 'UWV balie', floor: '1', person: '', site: 'Werkplein' } }), trustFromPolicy(cPolicy).signing);
    await sleep(6 * BEAT_MS);
    expect(heardC1.responder).toEqual([]);
    expect(heardA1.sender.filter((status) => status.alarmId === second).at(-1)?.coming).toEqual([]);
    // C beats all along on the LAN; A still counts only its own second desk.
    expect((await readinessOf(a1)).responders).toBe(1);
    expect(eventsWhere(c1, 'alarm_id', second)).toBe(0);
    // Without an agreement, neither side was even given the other's public key.
    expect(dropped('a1').filter((line) => line['reason'] === 'unknown_key' && line['organisation'] === undefined).length).toBeGreaterThan(1);
    expect(dropped('c1').filter((line) => line['reason'] === 'unknown_key').length).toBeGreaterThan(1);
  });

  it('C, holding its own key and everything the server gave it, cannot forge A\'s emergency, cancel, coming or beacons', async () => {
    const { a1, a2, c1, orgA, siteId, lan, dropped } = await twoOrganisations(false);
    const [heardA1, heardA2] = [listen(a1), listen(a2)];
    await killServer(a1, a2, c1);
    const send = await neighbourSocket(lan);
    const cTrust = trustFromPolicy(storedPolicy(c1));
    // The key id A signs with is on the wire for anyone to read; C's key under A's id is still not A's key.
    const underAsId = { ...cTrust.signing, keyId: storedPolicy(a1).signing_key.key_id };
    const forgedDevice = newId();
    const asA = (overrides: Partial<AlarmMessage>) => alarmMessage({ organisation_id: orgA, site_id: siteId, from: { device_id: forgedDevice, desk: 'Gemeente balie 1', floor: '1', person: '', site: 'Werkplein' }, ...overrides });
    const before = { a1: dropped('a1').length, a2: dropped('a2').length };

    // 1. A forged emergency in A's name.
    const forgedAlarm = newId();
    await send(asA({ alarm_id: forgedAlarm, level: 'emergency' }), cTrust.signing);
    await send(asA({ alarm_id: forgedAlarm, level: 'emergency' }), underAsId);
    // 2. A real emergency, then a forged `cancelled` with its id read off the group, and a forged `coming`.
    const real = ((await a1.dispatch(counter, 'alarm.raise', { level: 'emergency' })) as { value: SenderStatus }).value.alarmId;
    await until(() => heardA2.responder.some((status) => status.alarmId === real));
    await send(asA({ alarm_id: real, event: 'cancelled', level: 'emergency' }), cTrust.signing);
    await send(asA({ alarm_id: real, event: 'cancelled', level: 'emergency' }), underAsId);
    await send(asA({ alarm_id: real, event: 'coming', level: 'emergency' }), cTrust.signing);
    await send(asA({ alarm_id: real, event: 'coming', level: 'emergency' }), underAsId);
    // 3. Twenty beacons in A's name.
    for (let i = 0; i < 20; i += 1) await send(beaconMessage({ organisation_id: orgA, site_id: siteId }), i % 2 ? cTrust.signing : underAsId);
    await sleep(4 * BEAT_MS);

    expect(heardA2.responder.filter((status) => status.alarmId === forgedAlarm)).toEqual([]);
    expect(heardA2.responder.filter((status) => status.alarmId === real).at(-1)).toMatchObject({ phase: 'alerting', sound: true });
    expect(heardA1.sender.filter((status) => status.alarmId === real).at(-1)).toMatchObject({ phase: 'delivered', coming: [] });
    // Twenty forged beacons add nobody: each of A's PCs counts its one colleague (awaited, as a
    // beat delayed on a busy machine may drop it for a moment; never more than one).
    for (const core of [a1, a2]) {
      await until(async () => (await readinessOf(core)).responders === 1, 5_000);
      expect((await readinessOf(core)).responders).toBeLessThanOrEqual(1);
    }
    for (const core of [a1, a2, c1]) {
      expect(eventsWhere(core, 'alarm_id', forgedAlarm)).toBe(0);
      expect(eventsWhere(core, 'by_device', forgedDevice)).toBe(0);
    }
    // 2 + 4 + 20 forgeries, each dropped and logged by both of A's PCs: C's own key is unknown to A,
    // and under A's key id the signature fails.
    for (const name of ['a1', 'a2'] as const) {
      const reasons = dropped(name).slice(before[name]).map((line) => line['reason']);
      expect(reasons.filter((reason) => reason === 'forged')).toHaveLength(13);
      expect(reasons.filter((reason) => reason === 'unknown_key').length).toBeGreaterThanOrEqual(13);
    }
  });
});

describe('LAN: with an agreement that shares A\'s alarms with C (server killed)', () => {
  it('C\'s PCs get A\'s alarm over the LAN alone, C\'s answer counts at A, and so do C\'s beacons', async () => {
    const { a1, a2, c1, orgA, siteId, lan, dropped } = await twoOrganisations(true);
    const [heardA1, heardA2, heardC1] = [listen(a1), listen(a2), listen(c1)];
    await killServer(a1, a2, c1);
    await sleep(4 * BEAT_MS);
    expect((await readinessOf(a1)).responders).toBe(2);
    // C's alarms do not reach A, so C does not count A's desks.
    expect((await readinessOf(c1)).responders).toBe(0);
    const alarmId = ((await a1.dispatch(counter, 'alarm.raise', { level: 'emergency' })) as { value: SenderStatus }).value.alarmId;
    await until(() => heardC1.responder.some((status) => status.alarmId === alarmId));
    await c1.dispatch(counter, 'alarm.answer', { alarmId, answer: 'coming' });
    const c1Device = await deviceIdOf(c1);
    await until(() => heardA1.sender.at(-1)?.coming.includes(c1Device) ?? false);

    // C's own alarm does not reach A: the agreement goes one way.
    const cAlarm = ((await c1.dispatch(counter, 'alarm.raise', { level: 'assist' })) as { value: SenderStatus }).value.alarmId;
    await sleep(4 * BEAT_MS);
    expect(heardA2.responder.some((status) => status.alarmId === cAlarm)).toBe(false);
    expect(dropped('a2').some((line) => line['reason'] === 'not_audience')).toBe(true);

    // A's PCs now know C's public key: C signing a cancel in A's name with it is still refused.
    const send = await neighbourSocket(lan);
    await send(alarmMessage({ alarm_id: alarmId, event: 'cancelled', organisation_id: orgA, site_id: siteId }), trustFromPolicy(storedPolicy(c1)).signing);
    await until(() => ['a1', 'a2'].every((name) => dropped(name as 'a1' | 'a2').some((line) => line['reason'] === 'forged' && line['organisation'] === orgA)));
    expect(heardA2.responder.filter((status) => status.alarmId === alarmId).at(-1)).toMatchObject({ phase: 'alerting' });
    expect(heardA1.sender.at(-1)).toMatchObject({ phase: 'delivered' });
  });
});

describe('LAN: a partner whose alarms reach A, but not the other way (server killed)', () => {
  it('may raise alarms to A, yet cannot end or answer A\'s own alarm, which never reached it', async () => {
    const { a1, a2, c1, orgA, orgC, siteId, lan } = await twoOrganisations(false);
    // C's alarms reach A; A's do not reach C. Everyone learns the new agreement and C's key.
    await t.directory.createAgreement({ siteId, from: orgC, to: orgA, shareAlarms: true, shareWarnings: false });
    await Promise.all([a1, a2, c1].map((core) => core.sync.refreshSitePolicy()));
    await until(() => storedPolicy(a1).agreements.length === 1 && storedPolicy(a2).agreements.length === 1);
    const [heardA1, heardA2] = [listen(a1), listen(a2)];
    await killServer(a1, a2, c1);
    const send = await neighbourSocket(lan);
    const cTrust = trustFromPolicy(storedPolicy(c1));
    const fromC = { device_id: await deviceIdOf(c1), desk: 'UWV balie', floor: '1', person: '', site: 'Werkplein' };

    const real = ((await a1.dispatch(counter, 'alarm.raise', { level: 'emergency' })) as { value: SenderStatus }).value.alarmId;
    await until(() => heardA2.responder.some((status) => status.alarmId === real));
    // Signed with C's own, valid key, in C's own name: the LAN lets it through, the alarm does not.
    await send(alarmMessage({ alarm_id: real, event: 'cancelled', level: 'emergency', organisation_id: orgC, site_id: siteId, from: fromC }), cTrust.signing);
    await send(alarmMessage({ alarm_id: real, event: 'coming', level: 'emergency', organisation_id: orgC, site_id: siteId, from: fromC }), cTrust.signing);
    await sleep(4 * BEAT_MS);
    expect(heardA2.responder.filter((status) => status.alarmId === real).at(-1)).toMatchObject({ phase: 'alerting', sound: true, others: {} });
    expect(heardA1.sender.filter((status) => status.alarmId === real).at(-1)).toMatchObject({ phase: 'delivered', coming: [] });

    // C's own alarm does reach A, and A's colleague can still end A's alarm.
    const cAlarm = newId();
    await send(alarmMessage({ alarm_id: cAlarm, level: 'assist', organisation_id: orgC, site_id: siteId, from: fromC }), cTrust.signing);
    await until(() => heardA2.responder.some((status) => status.alarmId === cAlarm));
    expect(await a2.dispatch(counter, 'alarm.cancel', { alarmId: real })).toMatchObject({ ok: true });
    await until(() => heardA1.sender.at(-1)?.phase === 'cancelled');
  });
});

describe('server path with the agreement A → C', () => {
  it('C\'s answer travels back to A, and C\'s own alarm does not reach A', async () => {
    const { a1, a2, c1 } = await twoOrganisations(true, false);
    const [heardA1, heardA2, heardC1] = [listen(a1), listen(a2), listen(c1)];
    await sleep(4 * BEAT_MS);
    const alarmId = ((await a1.dispatch(counter, 'alarm.raise', { level: 'emergency' })) as { value: SenderStatus }).value.alarmId;
    await until(() => heardC1.responder.some((status) => status.alarmId === alarmId));
    await c1.dispatch(counter, 'alarm.answer', { alarmId, answer: 'coming' });
    const c1Device = await deviceIdOf(c1);
    await until(() => heardA1.sender.at(-1)?.coming.includes(c1Device) ?? false);
    const cAlarm = ((await c1.dispatch(counter, 'alarm.raise', { level: 'assist' })) as { value: SenderStatus }).value.alarmId;
    await sleep(4 * BEAT_MS);
    expect(heardA2.responder.some((status) => status.alarmId === cAlarm)).toBe(false);
  });
});

/** A (one desk) shares its alarms with two partners, B and C, who have no agreement with each other. */
async function twoPartners(withLan: boolean) {
  const site = await t.directory.createSite('Werkplein');
  const [orgA, orgB, orgC] = [await t.directory.createOrganisation('Gemeente'), await t.directory.createOrganisation('UWV'), await t.directory.createOrganisation('SVB')];
  for (const organisation of [orgA, orgB, orgC]) await t.directory.hostAt(organisation.id, site.id);
  for (const partner of [orgB, orgC]) await t.directory.createAgreement({ siteId: site.id, from: orgA.id, to: partner.id, shareAlarms: true, shareWarnings: false });
  const lan: LanNetwork | null = withLan ? { group: GROUP, port: await freePort(), interfaceAddress: '127.0.0.1', peers: [], keyOverride: null } : null;
  const a = await desks.desk('Gemeente balie', { organisationId: orgA.id, siteId: site.id }, { lan, beatMs: BEAT_MS });
  const b = await desks.desk('UWV balie', { organisationId: orgB.id, siteId: site.id }, { lan, beatMs: BEAT_MS });
  const c = await desks.desk('SVB balie', { organisationId: orgC.id, siteId: site.id }, { lan, beatMs: BEAT_MS });
  await Promise.all([a, b, c].map(connected));
  await until(async () => (await Promise.all([a, b, c].map(readinessOf))).every((readiness) => readiness.paths.lan === withLan), 5_000);
  return { a, b, c };
}

describe.each([
  ['over the LAN alone (server killed)', true],
  ['over the server alone', false],
])('two partners of one organisation, %s', (_path, withLan) => {
  it("each sees the other's answer to that organisation's alarm, and the sender sees both", async () => {
    const { a, b, c } = await twoPartners(withLan);
    const [heardA, heardB, heardC] = [listen(a), listen(b), listen(c)];
    if (withLan) await killServer(a, b, c);
    await sleep(4 * BEAT_MS);
    const alarmId = ((await a.dispatch(counter, 'alarm.raise', { level: 'emergency' })) as { value: SenderStatus }).value.alarmId;
    await until(() => [heardB, heardC].every((heard) => heard.responder.some((status) => status.alarmId === alarmId)));
    await b.dispatch(counter, 'alarm.answer', { alarmId, answer: 'coming' });
    const bDevice = await deviceIdOf(b);
    await until(() => heardC.responder.filter((status) => status.alarmId === alarmId).at(-1)?.others[bDevice]?.answer === 'coming');
    await c.dispatch(counter, 'alarm.answer', { alarmId, answer: 'cannot_come' });
    const cDevice = await deviceIdOf(c);
    await until(() => heardB.responder.filter((status) => status.alarmId === alarmId).at(-1)?.others[cDevice]?.answer === 'cannot_come');
    await until(() => heardA.sender.at(-1)?.coming.includes(bDevice) ?? false);
  });
});

describe('LAN: rotating an organisation\'s key', () => {
  it('the old key is accepted during its grace and refused after; the new key works', async () => {
    const { a1, a2, c1, orgA, siteId, lan, dropped } = await twoOrganisations(false);
    const heardA2 = listen(a2);
    const old = trustFromPolicy(storedPolicy(a1)).signing;
    const response = await fetch(`${t.server.url}/v1/admin/organisations/${orgA}/alarm-key/rotate`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ grace_s: 2 }) });
    expect(response.status).toBe(200);
    const { key_id: newKeyId } = (await response.json()) as { key_id: string };
    await Promise.all([a1, a2].map((core) => core.sync.refreshSitePolicy()));
    expect(storedPolicy(a1).signing_key.key_id).toBe(newKeyId);
    await until(async () => (await readinessOf(a1)).paths.lan && (await readinessOf(a2)).paths.lan, 5_000);
    await killServer(a1, a2, c1);

    // The new key: a real alarm over the LAN alone.
    const alarmId = ((await a1.dispatch(counter, 'alarm.raise', { level: 'assist' })) as { value: SenderStatus }).value.alarmId;
    await until(() => heardA2.responder.some((status) => status.alarmId === alarmId));
    // A PC that has not fetched the new key yet still signs with the old one: heard during the grace.
    const send = await neighbourSocket(lan);
    const during = newId();
    await send(alarmMessage({ alarm_id: during, organisation_id: orgA, site_id: siteId }), old);
    await until(() => heardA2.responder.some((status) => status.alarmId === during));
    await until(() => Date.now() > Date.parse(storedPolicy(a2).public_keys.find((key) => key.key_id === old.keyId)?.valid_until ?? '') + 50, 4_000);
    const after = newId();
    await send(alarmMessage({ alarm_id: after, organisation_id: orgA, site_id: siteId }), old);
    await sleep(300);
    expect(heardA2.responder.some((status) => status.alarmId === after)).toBe(false);
    expect(dropped('a2').some((line) => line['reason'] === 'unknown_key' && line['key'] === old.keyId)).toBe(true);
  });
});

describe('LAN: a key file instead of the server\'s keys', () => {
  it('two PCs with the organisation\'s key file deliver with the server gone; a PC with another file is not heard', async () => {
    const site = await t.directory.createSite('Bijkantoor');
    const organisation = await t.directory.createOrganisation('Gemeente');
    await t.directory.hostAt(organisation.id, site.id);
    const tenant = { organisationId: organisation.id, siteId: site.id };
    const network = { group: GROUP, port: await freePort(), interfaceAddress: '127.0.0.1', peers: [] };
    const seed = randomBytes(32);
    const a1 = await desks.desk('Balie 1', tenant, { lan: { ...network, keyOverride: seed }, beatMs: BEAT_MS });
    const a2 = await desks.desk('Balie 2', tenant, { lan: { ...network, keyOverride: Buffer.from(seed) }, beatMs: BEAT_MS });
    const stranger = await desks.desk('Balie 3', tenant, { lan: { ...network, keyOverride: randomBytes(32) }, beatMs: BEAT_MS });
    await until(async () => (await Promise.all([a1, a2, stranger].map(readinessOf))).every((readiness) => readiness.paths.lan), 5_000);
    // The file's key wins: no policy from the server is needed once the scope is known.
    await killServer(a1, a2, stranger);
    const [heardA2, heardStranger] = [listen(a2), listen(stranger)];
    await sleep(4 * BEAT_MS);
    expect((await readinessOf(a1)).responders).toBe(1);
    const alarmId = ((await a1.dispatch(counter, 'alarm.raise', { level: 'emergency' })) as { value: SenderStatus }).value.alarmId;
    await until(() => heardA2.responder.some((status) => status.alarmId === alarmId));
    await sleep(300);
    expect(heardStranger.responder).toEqual([]);
  });
});
