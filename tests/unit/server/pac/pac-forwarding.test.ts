import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AlarmMessage } from '../../../../shared/alarm/alarm-message.js';
import { pacStatusSchema, type PacStatus } from '../../../../shared/alarm/pac-status.js';
import { newId } from '../../../../shared/domain/ids.js';
import { enrolResponseSchema, SYNC_SCHEMA_VERSION } from '../../../../shared/sync/protocol.js';
import type { PacOptions } from '../../../../server/src/pac/pac-service.js';
import { startServer, type RunningServer } from '../../../../server/src/start.js';
import { alarmMessage } from '../../../support/alarm.js';
import { deadPort, startSiaReceiver, type SiaReceiver } from '../../../support/sia-receiver.js';
import { createTenant, postgresAvailable, serverConfig, startTestServer, type StorageKind, type Tenant, type TestServer } from '../../../support/sync-server.js';
import { until } from '../../../support/until.js';

const ADMIN_TOKEN = 'p'.repeat(40);
/** 1 configured second = 20 ms: a 5 s escalation takes 100 ms, a 10 s supervision 200 ms. */
const PAC: PacOptions = { ackTimeoutMs: 300, maxAttempts: 2, backoffMs: 40, msPerSecond: 20, reconcileMs: 60_000 };
const open: { servers: TestServer[]; extra: RunningServer[]; receivers: SiaReceiver[]; sockets: WebSocket[] } = { servers: [], extra: [], receivers: [], sockets: [] };
afterEach(async () => {
  open.sockets.splice(0).forEach((socket) => socket.terminate());
  for (const server of open.extra.splice(0)) await server.close();
  for (const server of open.servers.splice(0)) await server.close();
  for (const receiver of open.receivers.splice(0)) await receiver.close();
});

interface Device {
  id: string;
  credential: string;
}

async function enrol(url: string, t: TestServer, tenant: Tenant): Promise<Device> {
  const { code } = await t.directory.createEnrolmentCode(tenant.organisationId, tenant.siteId);
  const id = newId();
  const response = await fetch(`${url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, device_id: id, device_name: 'test', schema_version: SYNC_SCHEMA_VERSION }) });
  return { id, credential: enrolResponseSchema.parse(await response.json()).credential };
}

/** A device's realtime socket that keeps the `pac` frames it receives, and when alarms arrived. */
async function connect(url: string, device: Device): Promise<{ socket: WebSocket; pac: PacStatus[]; alarmsAt: number[] }> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/v1/realtime`, { headers: { authorization: `Bearer ${device.credential}` } });
  open.sockets.push(socket);
  const pac: PacStatus[] = [];
  const alarmsAt: number[] = [];
  socket.on('message', (data: Buffer) => {
    const parsed: unknown = JSON.parse(data.toString());
    const frame = pacStatusSchema.safeParse(parsed);
    if (frame.success) pac.push(frame.data);
    if (typeof parsed === 'object' && parsed !== null && 'type' in parsed && parsed.type === 'alarm') alarmsAt.push(Date.now());
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { socket, pac, alarmsAt };
}

const admin = (url: string, method: 'PUT' | 'GET', path: string, body?: unknown) =>
  fetch(`${url}/v1/admin${path}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

async function setUp(kind: StorageKind, receiverPort?: number) {
  const t = await startTestServer(kind, { adminToken: ADMIN_TOKEN, pac: PAC });
  open.servers.push(t);
  const tenant = await createTenant(t.directory);
  const url = t.server.url;
  let centre: SiaReceiver | null = null;
  if (receiverPort === undefined) {
    centre = await startSiaReceiver();
    open.receivers.push(centre);
  }
  const put = await admin(url, 'PUT', `/sites/${tenant.siteId}/pac`, { enabled: true, host: '127.0.0.1', port: receiverPort ?? centre?.port, account: '1234', supervision_s: 3600 });
  expect(put.status).toBe(200);
  const [sender, responder] = [await enrol(url, t, tenant), await enrol(url, t, tenant)];
  const message = (device: Device, overrides: Partial<AlarmMessage>) => alarmMessage({ organisation_id: tenant.organisationId, site_id: tenant.siteId, from: { device_id: device.id, desk: 'Balie 3', floor: '1', person: 'J. de Vries', site: 'Stadskantoor' }, ...overrides });
  const send = (socket: WebSocket, body: AlarmMessage) => socket.send(JSON.stringify({ type: 'alarm', message: body }));
  const events = () => (centre?.frames ?? []).filter((frame) => frame.message?.token !== 'NULL').map((frame) => frame.message?.data);
  return { t, tenant, url, centre, sender, responder, message, send, events };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(['sqlite', 'postgres'] as StorageKind[])('forwarding alarms to the alarm receiving centre on %s', (kind) => {
  it('an emergency goes at once; the sender sees sending, then delivered; a drill never goes', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { url, sender, responder, message, send, events } = await setUp(kind);
    const [own, other] = [await connect(url, sender), await connect(url, responder)];
    send(own.socket, message(sender, { level: 'emergency', drill: true }));
    const emergency = message(sender, { level: 'emergency' });
    send(own.socket, emergency);
    await until(() => own.pac.length === 2);
    expect(own.pac).toEqual([
      { type: 'pac', alarm_id: emergency.alarm_id, state: 'sending' },
      { type: 'pac', alarm_id: emergency.alarm_id, state: 'delivered' },
    ]);
    expect(events()).toEqual(['#1234|1120 01 003']);
    expect(other.pac).toEqual([]);
  });

  it('a duress cancel goes to the centre as duress, even when someone was already coming', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { url, sender, responder, message, send, events } = await setUp(kind);
    const [own, other] = [await connect(url, sender), await connect(url, responder)];
    const assist = message(sender, { level: 'assist' });
    send(own.socket, assist);
    send(other.socket, message(responder, { alarm_id: assist.alarm_id, event: 'coming' }));
    await settle(200);
    expect(events()).toEqual([]);
    send(own.socket, { ...assist, message_id: newId(), event: 'duress', level: 'emergency' });
    await until(() => events().length === 1);
    expect(events()).toEqual(['#1234|1121 01 003']);
  });

  it('a dead receiver: retries, then the sender is told it failed, and the server keeps serving', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { url, sender, message, send } = await setUp(kind, await deadPort());
    const own = await connect(url, sender);
    const emergency = message(sender, { level: 'emergency' });
    send(own.socket, emergency);
    await until(() => own.pac.length === 2);
    expect(own.pac.map((status) => status.state)).toEqual(['sending', 'failed']);
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it('a receiver that never answers does not hold up the alarm to colleagues', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const silentCentre = await startSiaReceiver({ answer: () => 'silent' });
    open.receivers.push(silentCentre);
    const { url, sender, responder, message, send } = await setUp(kind, silentCentre.port);
    const [own, other] = [await connect(url, sender), await connect(url, responder)];
    send(own.socket, message(sender, { level: 'emergency' }));
    await until(() => own.pac.length === 2);
    expect(own.pac.map((status) => status.state)).toEqual(['sending', 'failed']);
    expect(silentCentre.frames).toHaveLength(2);
    // The colleague had it long before the first ACK timeout (300 ms) ran out.
    expect(other.alarmsAt).toHaveLength(1);
    expect((other.alarmsAt[0] ?? Infinity) - (silentCentre.frames[0]?.at ?? 0)).toBeLessThan(300);
  });

  it('an assist goes only when the last group was alerted and nobody came within the escalation time', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { url, tenant, sender, responder, message, send, events } = await setUp(kind);
    expect((await admin(url, 'PUT', `/sites/${tenant.siteId}/alarm-policy`, { escalation_after_s: 5, groups: 2 })).status).toBe(200);
    const [own, other] = [await connect(url, sender), await connect(url, responder)];

    // Answered after the last escalation: never forwarded.
    const answered = message(sender, { level: 'assist' });
    send(own.socket, answered);
    send(own.socket, { ...answered, message_id: newId(), event: 'escalated', step: 1 });
    send(other.socket, message(responder, { alarm_id: answered.alarm_id, event: 'coming' }));
    // Still at the first group: nothing after one escalation period (100 ms).
    const early = message(sender, { level: 'assist' });
    send(own.socket, early);
    await settle(150);
    send(other.socket, message(responder, { alarm_id: early.alarm_id, event: 'resolved' }));
    await settle(300);
    expect(events()).toEqual([]);

    // Last group alerted, nobody comes: forwarded one escalation period (100 ms) later.
    const unanswered = message(sender, { level: 'assist' });
    send(own.socket, unanswered);
    const escalatedAt = Date.now();
    send(own.socket, { ...unanswered, message_id: newId(), event: 'escalated', step: 1 });
    await until(() => own.pac.some((status) => status.alarm_id === unanswered.alarm_id && status.state === 'delivered'));
    expect(Date.now() - escalatedAt).toBeGreaterThanOrEqual(90);
    expect(events()).toEqual(['#1234|1122 01 003']);
    expect(own.pac.every((status) => status.alarm_id === unanswered.alarm_id)).toBe(true);

    // A sender that goes quiet after raising (its escalations never arrive): the server
    // forwards on its own clock, (groups + 1) periods = 300 ms after the raise.
    const silent = message(sender, { level: 'assist' });
    const raisedAt = Date.now();
    send(own.socket, silent);
    await until(() => own.pac.some((status) => status.alarm_id === silent.alarm_id && status.state === 'delivered'));
    expect(Date.now() - raisedAt).toBeGreaterThanOrEqual(290);
    expect(events()).toEqual(['#1234|1122 01 003', '#1234|1122 01 003']);

    // Resolving a forwarded alarm sends the cancel (resolving one that never went sent nothing, above).
    send(other.socket, message(responder, { alarm_id: unanswered.alarm_id, event: 'resolved' }));
    await until(() => events().length === 3);
    await settle(200);
    expect(events()).toEqual(['#1234|1122 01 003', '#1234|1122 01 003', '#1234|1406 01 003']);
  });

  it('an administrator sets the centre per site; bad input gets a clear 400 and the key never comes back', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { url, tenant } = await setUp(kind);
    const path = `/sites/${tenant.siteId}/pac`;
    const good = { enabled: true, host: 'pac.example.nl', port: 9000, account: '12AB', receiver: '1', line_prefix: '2', token: 'SIA-DCS', key: 'A'.repeat(64), supervision_s: 90 };
    const put = await admin(url, 'PUT', path, good);
    expect(put.status).toBe(200);
    const shown = { site_id: tenant.siteId, enabled: true, host: 'pac.example.nl', port: 9000, account: '12AB', receiver: '1', line_prefix: '2', token: 'SIA-DCS', key_set: true, supervision_s: 90 };
    expect(await put.json()).toEqual(shown);
    const get = await admin(url, 'GET', path);
    expect(await get.json()).toEqual(shown);
    expect(JSON.stringify(shown)).not.toContain('AAAA');

    const { key: _key, ...withoutKey } = good;
    expect(await (await admin(url, 'PUT', path, { ...withoutKey, port: 9001 })).json()).toMatchObject({ port: 9001, key_set: true });
    expect(await (await admin(url, 'PUT', path, { ...withoutKey, port: 9001, key: null })).json()).toMatchObject({ key_set: false });

    for (const [bad, field] of [
      [{ ...good, port: 70_000 }, 'port'],
      [{ ...good, account: '12' }, 'account'],
      [{ ...good, account: 'xyz!' }, 'account'],
      [{ ...good, host: 'not a host' }, 'host'],
      [{ ...good, token: 'CONTACT-ID' }, 'token'],
      [{ ...good, key: 'abc' }, 'key'],
      [{ ...good, receiver: 'R1' }, 'receiver'],
      [{ ...good, supervision_s: 1 }, 'supervision_s'],
      [{ ...good, extra: true }, '(body)'],
    ] as const) {
      const response = await admin(url, 'PUT', path, bad);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('BAD_REQUEST');
      expect(body.error.message).toContain(field);
    }
    expect((await admin(url, 'PUT', `/sites/${newId()}/pac`, good)).status).toBe(404);
    expect((await admin(url, 'GET', `/sites/${newId()}/pac`)).status).toBe(404);
    expect((await admin(url, 'GET', '/sites/not-an-id/pac')).status).toBe(400);
    expect((await fetch(`${url}/v1/admin${path}`)).status).toBe(401);
    expect(await (await admin(url, 'GET', path)).json()).toMatchObject({ port: 9001, key_set: false });
  });

  it('supervision: each enabled site sends NULL at its interval, also before any alarm', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { url, tenant, centre } = await setUp(kind);
    expect(await (await admin(url, 'PUT', `/sites/${tenant.siteId}/pac`, { enabled: true, host: '127.0.0.1', port: centre?.port, account: '1234', supervision_s: 10 })).json()).toMatchObject({ supervision_s: 10 });
    await until(() => (centre?.frames.length ?? 0) >= 2, 3_000);
    const [first, second] = centre?.frames ?? [];
    expect([first?.message?.token, second?.message?.token]).toEqual(['NULL', 'NULL']);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(190);
  });
});

describe('two server instances on PostgreSQL', () => {
  it('only the instance that got the alarm on the sender’s own socket forwards it; status and cancel cross the bus', async ({ skip }) => {
    if (!(await postgresAvailable())) return skip();
    const { t, url, sender, responder, message, send, events } = await setUp('postgres');
    const second = await startServer(serverConfig(t.storage, { adminToken: ADMIN_TOKEN, pac: PAC }));
    open.extra.push(second);
    const own = await connect(url, sender);
    const sameDeviceElsewhere = await connect(second.url, sender);
    const responderElsewhere = await connect(second.url, responder);
    const emergency = message(sender, { level: 'emergency' });
    send(own.socket, emergency);
    await until(() => sameDeviceElsewhere.pac.length === 2 && own.pac.length === 2);
    expect(sameDeviceElsewhere.pac.map((status) => status.state)).toEqual(['sending', 'delivered']);
    send(responderElsewhere.socket, message(responder, { alarm_id: emergency.alarm_id, event: 'cancelled' }));
    await until(() => events().length === 2);
    await settle(300);
    expect(events()).toEqual(['#1234|1120 01 003', '#1234|1406 01 003']);
  });
});
