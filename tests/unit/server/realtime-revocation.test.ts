import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../server/src/start.js';
import { notifyAccessChange } from '../../../server/src/realtime/relay-bus.js';
import { alarmFrame, enrolRaw, openRealtime, type RawDevice, type RawSocket } from '../../support/raw-device.js';
import { postgresAvailable, serverConfig, startTestServer, type StorageKind, type TestServer } from '../../support/sync-server.js';
import { startServer } from '../../../server/src/start.js';
import { until } from '../../support/until.js';

const ADMIN = 'r'.repeat(40);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const open: { servers: TestServer[]; extra: RunningServer[]; sockets: RawSocket[] } = { servers: [], extra: [], sockets: [] };
afterEach(async () => {
  open.sockets.splice(0).forEach((s) => s.socket.terminate());
  for (const server of open.extra.splice(0)) await server.close();
  for (const server of open.servers.splice(0)) await server.close();
});

/** Gemeente (two desks) and a partner, UWV, that gets its alarms by agreement, in one building. */
async function building(t: TestServer) {
  const site = await t.directory.createSite('Werkplein');
  const [gemeente, uwv] = [await t.directory.createOrganisation('Gemeente'), await t.directory.createOrganisation('UWV')];
  await t.directory.hostAt(gemeente.id, site.id);
  await t.directory.hostAt(uwv.id, site.id);
  const agreementId = await t.directory.createAgreement({ siteId: site.id, from: gemeente.id, to: uwv.id, shareAlarms: true, shareWarnings: false });
  const enrol = (organisationId: string) => enrolRaw(t.server.url, t.directory, { organisationId, siteId: site.id });
  return { site, gemeente, uwv, agreementId, desk1: await enrol(gemeente.id), desk2: await enrol(gemeente.id), partner: await enrol(uwv.id) };
}

async function connect(url: string, device: RawDevice): Promise<RawSocket> {
  const socket = await openRealtime(url, device);
  open.sockets.push(socket);
  return socket;
}

const admin = (url: string, path: string) => fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
const alarmsIn = (socket: RawSocket) => socket.frames.filter((frame) => frame.type === 'alarm').length;

describe.each(['sqlite', 'postgres'] as StorageKind[])('access that ends while a socket is open, on %s', (kind) => {
  it('revoking a device closes its socket at once: no more pokes or partner alarms, and its own alarms are not relayed', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    // The periodic re-check is far away: only the announcement can close the socket in time.
    const t = await startTestServer(kind, { adminToken: ADMIN, realtimeRecheckMs: 60_000 });
    open.servers.push(t);
    const b = await building(t);
    const [revoked, colleague, partner] = [await connect(t.server.url, b.desk1), await connect(t.server.url, b.desk2), await connect(t.server.url, b.partner)];

    const asked = Date.now();
    expect((await admin(t.server.url, `/v1/admin/devices/${b.desk1.deviceId}/revoke`)).status).toBe(200);
    const closed = await Promise.race([revoked.closed, sleep(3_000).then(() => null)]);
    expect(closed, 'the socket is still open 3 s after revocation').not.toBeNull();
    expect(closed?.code).toBe(1008);
    expect((closed?.at ?? Infinity) - asked).toBeLessThan(3_000);

    // Its alarm, sent at the last moment, is not relayed; the colleague's still is.
    revoked.send(alarmFrame(b.desk1));
    colleague.send(alarmFrame(b.desk2));
    await until(() => alarmsIn(partner) === 1);
    await sleep(300);
    expect(alarmsIn(partner)).toBe(1);
    expect(alarmsIn(revoked)).toBe(0);
    // And it cannot come back.
    await expect(openRealtime(t.server.url, b.desk1)).rejects.toThrow(/401/);
  });

  it('a revocation nobody announced (the CLI on SQLite) closes the socket at the next periodic re-check', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind, { realtimeRecheckMs: 250 });
    open.servers.push(t);
    const b = await building(t);
    const socket = await connect(t.server.url, b.desk1);
    const other = await connect(t.server.url, b.desk2);
    await t.server.store.db.updateTable('device').set({ revoked_at: new Date().toISOString() }).where('id', '=', b.desk1.deviceId).execute();
    const closed = await Promise.race([socket.closed, sleep(3_000).then(() => null)]);
    expect(closed?.code).toBe(1008);
    await sleep(600);
    expect(other.socket.readyState).toBe(other.socket.OPEN);
  });

  it('disabling an organisation closes all its sockets and refuses its devices; a partner stays connected', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind, { adminToken: ADMIN, realtimeRecheckMs: 60_000 });
    open.servers.push(t);
    const b = await building(t);
    const [desk1, desk2, partner] = [await connect(t.server.url, b.desk1), await connect(t.server.url, b.desk2), await connect(t.server.url, b.partner)];
    expect((await admin(t.server.url, `/v1/admin/organisations/${b.gemeente.id}/disable`)).status).toBe(200);
    const both = await Promise.race([Promise.all([desk1.closed, desk2.closed]), sleep(3_000).then(() => null)]);
    expect(both?.map((c) => c.code)).toEqual([1008, 1008]);
    const pull = await fetch(`${t.server.url}/v1/sync/pull?cursor=0&schema_version=1`, { headers: { authorization: `Bearer ${b.desk2.credential}` } });
    expect(pull.status).toBe(401);
    expect(((await pull.json()) as { error: { code: string } }).error.code).toBe('DEVICE_REVOKED');
    expect(partner.socket.readyState).toBe(partner.socket.OPEN);
    expect((await fetch(`${t.server.url}/v1/admin/enrolment-codes`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ organisation_id: b.gemeente.id, site_id: b.site.id }) })).status).toBe(400);
  });

  it('ending an agreement narrows at once: the partner, still connected, gets no more of its alarms', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind, { adminToken: ADMIN, realtimeRecheckMs: 60_000 });
    open.servers.push(t);
    const b = await building(t);
    const [desk1, desk2, partner] = [await connect(t.server.url, b.desk1), await connect(t.server.url, b.desk2), await connect(t.server.url, b.partner)];
    desk1.send(alarmFrame(b.desk1));
    await until(() => alarmsIn(partner) === 1 && alarmsIn(desk2) === 1);
    expect((await admin(t.server.url, `/v1/admin/agreements/${b.agreementId}/end`)).status).toBe(200);
    desk1.send(alarmFrame(b.desk1));
    await until(() => alarmsIn(desk2) === 2);
    await sleep(300);
    expect(alarmsIn(partner)).toBe(1);
    // The partner's site policy no longer names the agreement or Gemeente's key.
    const policy = (await (await fetch(`${t.server.url}/v1/site-policy`, { headers: { authorization: `Bearer ${b.partner.credential}` } })).json()) as { agreements: unknown[]; public_keys: { organisation_id: string }[] };
    expect(policy.agreements).toEqual([]);
    expect(policy.public_keys.map((key) => key.organisation_id)).toEqual([b.uwv.id]);
    expect((await admin(t.server.url, `/v1/admin/agreements/${b.agreementId}/end`)).status).toBe(404);
  });
});

describe('PostgreSQL, two server instances', () => {
  it('a revocation on one instance, or by the CLI, closes the socket held by the other at once', async ({ skip }) => {
    if (!(await postgresAvailable())) return skip();
    const t = await startTestServer('postgres', { adminToken: ADMIN, realtimeRecheckMs: 60_000 });
    open.servers.push(t);
    const second = await startServer(serverConfig(t.storage, { realtimeRecheckMs: 60_000 }));
    open.extra.push(second);
    const b = await building(t);
    const [onSecond, cliRevoked] = [await connect(second.url, b.desk1), await connect(second.url, b.desk2)];
    expect((await admin(t.server.url, `/v1/admin/devices/${b.desk1.deviceId}/revoke`)).status).toBe(200);
    expect((await Promise.race([onSecond.closed, sleep(3_000).then(() => null)]))?.code).toBe(1008);

    // The CLI: a separate process with its own connection, no bus; it notifies by itself.
    await t.directory.revokeDevice(b.desk2.deviceId);
    await notifyAccessChange(t.server.store.db, 'postgres');
    expect((await Promise.race([cliRevoked.closed, sleep(3_000).then(() => null)]))?.code).toBe(1008);
  });
});
