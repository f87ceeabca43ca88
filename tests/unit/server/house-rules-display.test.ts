import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { newId } from '../../../shared/domain/ids.js';
import { DISPLAY_FEED_PATH, DISPLAY_KEY_PROTOCOL_PREFIX, DISPLAY_LIVE_PATH, DISPLAY_PROTOCOL } from '../../../shared/house-rules/display-feed.js';
import type { RunningServer } from '../../../server/src/start.js';
import { enrolRaw, openRealtime, type RawDevice } from '../../support/raw-device.js';
import { offers, openDisplaySocket, publishVersion, pushRow, readFeed, type DisplaySocket } from '../../support/display.js';
import { postgresAvailable, startSecondInstance, startTestServer, type StorageKind, type TestServer } from '../../support/sync-server.js';
import { until } from '../../support/until.js';

const ADMIN = 'd'.repeat(40);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const open: { servers: TestServer[]; extra: RunningServer[]; sockets: WebSocket[] } = { servers: [], extra: [], sockets: [] };
afterEach(async () => {
  open.sockets.splice(0).forEach((socket) => socket.terminate());
  for (const server of open.extra.splice(0)) await server.close();
  for (const server of open.servers.splice(0)) await server.close();
});

async function call(url: string, method: string, path: string, body?: unknown, token = ADMIN): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

/**
 * A shared building, Werkplein: Gemeente (also at Stadskantoor), UWV and Belastingdienst.
 * Each has a PC that publishes; Gemeente has a TV in the waiting room at Werkplein.
 */
async function building(t: TestServer) {
  const url = t.server.url;
  const [werkplein, stadskantoor] = [await t.directory.createSite('Werkplein'), await t.directory.createSite('Stadskantoor')];
  const [gemeente, uwv, belasting] = [await t.directory.createOrganisation('Gemeente'), await t.directory.createOrganisation('UWV'), await t.directory.createOrganisation('Belastingdienst')];
  for (const organisation of [gemeente, uwv, belasting]) await t.directory.hostAt(organisation.id, werkplein.id);
  await t.directory.hostAt(gemeente.id, stadskantoor.id);
  const enrol = (organisationId: string, siteId = werkplein.id): Promise<RawDevice> => enrolRaw(url, t.directory, { organisationId, siteId });
  const made = await call(url, 'POST', '/v1/admin/displays', { organisation_id: gemeente.id, site_id: werkplein.id, name: 'Wachtkamer' });
  expect(made.status).toBe(201);
  const key = new URLSearchParams(String(made.json['path']).split('#')[1]).get('key') ?? '';
  expect(made.json['credential']).toBe(key);
  return { url, werkplein, stadskantoor, gemeente, uwv, belasting, pc: await enrol(gemeente.id), pcElsewhere: await enrol(gemeente.id, stadskantoor.id), uwvPc: await enrol(uwv.id), belastingPc: await enrol(belasting.id), display: { id: String(made.json['id']), key } };
}

async function live(url: string, key: string): Promise<DisplaySocket> {
  const socket = await openDisplaySocket(url, key);
  open.sockets.push(socket.socket);
  return socket;
}

describe.each(['sqlite', 'postgres'] as StorageKind[])('a TV enrolled as a display, on %s', (kind) => {
  it("reads its own site's published rules only: not a version or notice for another site, not another organisation's, not staff data", async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind, { adminToken: ADMIN });
    open.servers.push(t);
    const b = await building(t);
    // Before anything is published: the default text with the organisation's name.
    const first = await readFeed(b.url, b.display.key);
    expect(first.status).toBe(200);
    expect(first.feed?.map((snapshot) => [snapshot.versionId, snapshot.content.organisationName])).toEqual([[null, 'Gemeente']]);

    const forAll = await publishVersion(b.url, b.pc, 'Gemeente', 'Voor alle locaties');
    await publishVersion(b.url, b.pcElsewhere, 'Gemeente', 'Alleen Stadskantoor', b.stadskantoor.id);
    await pushRow(b.url, b.pcElsewhere, 'house_rules_override', newId(), { messages: { nl: 'Stadskantoor dicht' }, starts_at: new Date(Date.now() - 60_000).toISOString(), ends_at: new Date(Date.now() + 3_600_000).toISOString(), set_at: new Date().toISOString(), for_site_id: b.stadskantoor.id });
    await publishVersion(b.url, b.uwvPc, 'UWV', 'UWV-regels');
    await publishVersion(b.url, b.belastingPc, 'Belastingdienst', 'Belasting-regels');
    await pushRow(b.url, b.pc, 'incident', newId(), { occurred_at: '2026-11-28T09:00:00.000Z', channel: 'counter', forms: ['physical_violence'], status: 'open', narrative: 'vertrouwelijk verhaal' });
    // An alarm-only agreement does not put UWV's rules on Gemeente's screen: house rules have their own consent.
    await t.directory.createAgreement({ siteId: b.werkplein.id, from: b.uwv.id, to: b.gemeente.id, shareAlarms: true, shareWarnings: true });

    const { feed, body } = await readFeed(b.url, b.display.key);
    expect(feed?.map((snapshot) => snapshot.versionId)).toEqual([forAll]);
    expect(offers(feed)).toEqual(['Voor alle locaties']);
    expect(feed?.[0]?.override).toBeNull();
    for (const secret of ['Alleen Stadskantoor', 'Stadskantoor dicht', 'UWV-regels', 'Belasting-regels', 'vertrouwelijk', 'Carla']) expect(JSON.stringify(body)).not.toContain(secret);
  });

  it("with a house rules agreement the partner's rules follow the display's own, live, as does a notice; one way only, and gone when it ends", async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind, { adminToken: ADMIN, realtimeRecheckMs: 60_000 });
    open.servers.push(t);
    const b = await building(t);
    await publishVersion(b.url, b.pc, 'Gemeente', 'Gemeente-regels');
    const socket = await live(b.url, b.display.key);
    await until(() => socket.feeds.length === 1);
    expect(offers(socket.feeds[0]?.feed ?? null)).toEqual(['Gemeente-regels']);

    const agreement = await call(b.url, 'POST', '/v1/admin/agreements', { site_id: b.werkplein.id, from_organisation_id: b.uwv.id, to_organisation_id: b.gemeente.id, share_alarms: false, share_warnings: false, share_house_rules: true });
    expect(agreement.status).toBe(201);
    // UWV has published nothing yet: its display would show the default text, under its name.
    await until(() => socket.feeds.length === 2, 2_000);
    expect(socket.feeds[1]?.feed.map((snapshot) => snapshot.content.organisationName)).toEqual(['Gemeente', 'UWV']);

    const asked = Date.now();
    await publishVersion(b.url, b.uwvPc, 'UWV', 'UWV-regels');
    await until(() => socket.feeds.length === 3, 2_000);
    expect((socket.feeds[2]?.at ?? Infinity) - asked).toBeLessThan(2_000);
    expect(offers(socket.feeds[2]?.feed ?? null)).toEqual(['Gemeente-regels', 'UWV-regels']);
    expect(offers((await readFeed(b.url, b.display.key)).feed)).toEqual(['Gemeente-regels', 'UWV-regels']);

    // A notice for this site reaches the open display the same way.
    const noticeAt = Date.now();
    await pushRow(b.url, b.pc, 'house_rules_override', newId(), { messages: { nl: 'Vandaag alleen op afspraak' }, starts_at: new Date(Date.now() - 1_000).toISOString(), ends_at: new Date(Date.now() + 3_600_000).toISOString(), set_at: new Date().toISOString(), for_site_id: b.werkplein.id });
    await until(() => socket.feeds.length === 4, 2_000);
    expect((socket.feeds[3]?.at ?? Infinity) - noticeAt).toBeLessThan(2_000);
    expect(socket.feeds[3]?.feed.map((snapshot) => snapshot.override?.messages.nl ?? null)).toEqual(['Vandaag alleen op afspraak', null]);

    // The agreement is UWV's consent, not Gemeente's: a UWV display shows UWV only.
    const uwvDisplay = await call(b.url, 'POST', '/v1/admin/displays', { organisation_id: b.uwv.id, site_id: b.werkplein.id, name: 'UWV hal' });
    expect(offers((await readFeed(b.url, String(uwvDisplay.json['credential']))).feed)).toEqual(['UWV-regels']);
    // A commit that changes nothing on screen (an incident) sends nothing.
    await pushRow(b.url, b.uwvPc, 'incident', newId(), { occurred_at: '2026-11-28T09:00:00.000Z', channel: 'counter', forms: ['physical_violence'], status: 'open' });
    await sleep(400);
    expect(socket.feeds).toHaveLength(4);

    expect((await call(b.url, 'POST', `/v1/admin/agreements/${String(agreement.json['id'])}/end`)).status).toBe(200);
    await until(() => socket.feeds.length === 5, 2_000);
    expect(offers(socket.feeds[4]?.feed ?? null)).toEqual(['Gemeente-regels']);
  });

  it("is refused after revocation: the open socket is closed at once, the feed answers 401, a new socket is refused; the log names the display but never its key; a disabled organisation's displays go too", async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    // The periodic re-check is far away: only the announcement can close the socket in time.
    const t = await startTestServer(kind, { adminToken: ADMIN, realtimeRecheckMs: 60_000 });
    open.servers.push(t);
    const b = await building(t);
    const socket = await live(b.url, b.display.key);
    const other = await call(b.url, 'POST', '/v1/admin/displays', { organisation_id: b.gemeente.id, site_id: b.werkplein.id, name: 'Balie-hal' });
    const otherSocket = await live(b.url, String(other.json['credential']));

    const asked = Date.now();
    expect((await call(b.url, 'POST', `/v1/admin/displays/${b.display.id}/revoke`)).status).toBe(200);
    const closed = await Promise.race([socket.closed, sleep(3_000).then(() => null)]);
    expect(closed, 'the socket is still open 3 s after revocation').not.toBeNull();
    expect(closed?.code).toBe(1008);
    expect((closed?.at ?? Infinity) - asked).toBeLessThan(2_000);
    const refused = await readFeed(b.url, b.display.key);
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ error: { code: 'DEVICE_REVOKED', message: expect.stringMatching(/revoked/) as unknown } });
    await expect(openDisplaySocket(b.url, b.display.key)).rejects.toThrow(/401/);
    // Another display of the same organisation is untouched.
    expect(otherSocket.socket.readyState).toBe(WebSocket.OPEN);
    expect((await readFeed(b.url, String(other.json['credential']))).status).toBe(200);

    const log = await call(b.url, 'GET', '/v1/admin/log');
    const entries = log.json as unknown as { action: string; target: string; detail: Record<string, unknown> }[];
    expect(entries.filter((entry) => entry.action.endsWith('display')).map((entry) => [entry.action, entry.target])).toEqual([
      ['revoke-display', b.display.id],
      ['create-display', String(other.json['id'])],
      ['create-display', b.display.id],
    ]);
    expect(JSON.stringify(log.json)).not.toContain(b.display.key);
    const listed = (await call(b.url, 'GET', '/v1/admin/displays')).json as unknown as { id: string; revoked_at: string | null; last_seen_at: string | null }[];
    expect(listed.find((display) => display.id === b.display.id)?.revoked_at).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(b.display.key);

    // Disabling the organisation switches off its other displays too, open sockets included.
    expect((await call(b.url, 'POST', `/v1/admin/organisations/${b.gemeente.id}/disable`)).status).toBe(200);
    expect((await Promise.race([otherSocket.closed, sleep(3_000).then(() => null)]))?.code).toBe(1008);
    expect((await readFeed(b.url, String(other.json['credential']))).status).toBe(401);
  });

  it('a display credential opens no staff, sync or admin route, and a device credential opens no display route', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind, { adminToken: ADMIN });
    open.servers.push(t);
    const b = await building(t);
    const routes: [string, string, unknown?][] = [
      ['POST', '/v1/sync/push', { schema_version: 1, ops: [] }],
      ['GET', '/v1/sync/pull?cursor=0&schema_version=1'],
      ['GET', '/v1/site-policy'],
      ['GET', '/v1/admin/devices'],
      ['GET', '/v1/admin/displays'],
      ['POST', '/v1/admin/displays', { organisation_id: b.gemeente.id, site_id: b.werkplein.id, name: 'Nog een' }],
      ['POST', `/v1/admin/displays/${b.display.id}/revoke`],
      ['GET', '/v1/admin/log'],
    ];
    for (const [method, path, body] of routes) {
      const answer = await call(b.url, method, path, body, b.display.key);
      expect(answer.status, `${method} ${path}`).toBe(401);
    }
    await expect(openRealtime(b.url, { ...b.pc, credential: b.display.key })).rejects.toThrow(/401/);
    // The other way round: a staff PC's credential is no display credential.
    expect((await readFeed(b.url, b.pc.credential)).status).toBe(401);
    await expect(openDisplaySocket(b.url, b.pc.credential)).rejects.toThrow(/401/);
    // Nothing the display says on its socket does anything.
    const socket = await live(b.url, b.display.key);
    socket.socket.send(JSON.stringify({ type: 'alarm', message: {} }));
    socket.socket.send('not json');
    await sleep(200);
    expect(socket.socket.readyState).toBe(WebSocket.OPEN);
    expect((await readFeed(b.url, b.display.key)).status).toBe(200);
    expect((await t.server.store.db.selectFrom('display').select('id').execute()).length).toBe(1);
  });

  it('bad input gets a clear error and writes nothing', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind, { adminToken: ADMIN });
    open.servers.push(t);
    const b = await building(t);
    const bad: [string, string, unknown, number, RegExp][] = [
      ['POST', '/v1/admin/displays', { organisation_id: b.gemeente.id, site_id: b.werkplein.id }, 400, /name/],
      ['POST', '/v1/admin/displays', { organisation_id: b.gemeente.id, site_id: b.werkplein.id, name: '' }, 400, /name/],
      ['POST', '/v1/admin/displays', { organisation_id: b.gemeente.id, site_id: b.werkplein.id, name: 'x\u202eevil' }, 400, /name/],
      ['POST', '/v1/admin/displays', { organisation_id: b.uwv.id, site_id: b.stadskantoor.id, name: 'Hal' }, 400, /is not at site/],
      ['POST', '/v1/admin/displays', { organisation_id: 'not-an-id', site_id: b.werkplein.id, name: 'Hal' }, 400, /organisation_id/],
      ['POST', '/v1/admin/displays', { organisation_id: b.gemeente.id, site_id: b.werkplein.id, name: 'Hal', credential: 'mine' }, 400, /credential/],
      ['POST', `/v1/admin/displays/${newId()}/revoke`, undefined, 404, /no active display/],
      ['POST', '/v1/admin/displays/42/revoke', undefined, 400, /id/],
      ['POST', '/v1/admin/agreements', { site_id: b.werkplein.id, from_organisation_id: b.uwv.id, to_organisation_id: b.gemeente.id, share_alarms: true, share_warnings: false, share_house_rules: true, to_site_id: b.stadskantoor.id }, 400, /house rules are shown within one building/],
      ['POST', '/v1/admin/agreements', { site_id: b.werkplein.id, from_organisation_id: b.uwv.id, to_organisation_id: b.gemeente.id, share_alarms: true, share_warnings: false, share_house_rules: 'yes' }, 400, /share_house_rules/],
    ];
    for (const [method, path, body, status, message] of bad) {
      const answer = await call(b.url, method, path, body);
      expect(answer.status, `${path} ${JSON.stringify(body)}`).toBe(status);
      expect((answer.json['error'] as { message: string }).message).toMatch(message);
    }
    expect((await t.server.store.db.selectFrom('display').select('id').execute()).length).toBe(1);
    expect((await t.server.store.db.selectFrom('sharing_agreement').select('id').execute()).length).toBe(0);
    // A malformed, missing or unknown key: 401 with words, never a 500.
    for (const header of ['Bearer short', 'Basic abc', '', `Bearer ${'x'.repeat(43)}`]) {
      const response = await fetch(`${b.url}${DISPLAY_FEED_PATH}`, { headers: header ? { authorization: header } : {} });
      expect(response.status, header).toBe(401);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/display credential/);
    }
    // The key in a subprotocol without the display protocol, or a malformed one, is no key.
    for (const protocols of [[`${DISPLAY_KEY_PROTOCOL_PREFIX}${b.display.key}`], [DISPLAY_PROTOCOL, `${DISPLAY_KEY_PROTOCOL_PREFIX}short`]]) {
      const socket = new WebSocket(`${b.url.replace('http', 'ws')}${DISPLAY_LIVE_PATH}`, protocols);
      open.sockets.push(socket);
      await expect(new Promise((resolve, reject) => (socket.once('open', resolve), socket.once('error', reject)))).rejects.toThrow(/401/);
    }
  });
});

describe('PostgreSQL, two server instances', () => {
  it('a version pushed to one instance reaches a display on the other within 2 s, and a revocation on one closes the socket on the other', async ({ skip }) => {
    if (!(await postgresAvailable())) return skip();
    const t = await startTestServer('postgres', { adminToken: ADMIN, realtimeRecheckMs: 60_000 });
    open.servers.push(t);
    const second = await startSecondInstance(t);
    open.extra.push(second);
    const b = await building(t);
    const socket = await live(second.url, b.display.key);
    await until(() => socket.feeds.length === 1);
    const asked = Date.now();
    await publishVersion(b.url, b.pc, 'Gemeente', 'Via de andere server');
    await until(() => socket.feeds.length === 2, 2_000);
    expect((socket.feeds[1]?.at ?? Infinity) - asked).toBeLessThan(2_000);
    expect(offers(socket.feeds[1]?.feed ?? null)).toEqual(['Via de andere server']);
    expect((await call(b.url, 'POST', `/v1/admin/displays/${b.display.id}/revoke`)).status).toBe(200);
    const closed = await Promise.race([socket.closed, sleep(3_000).then(() => null)]);
    expect(closed?.code).toBe(1008);
  });
});
