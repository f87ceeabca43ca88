import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openServerDatabase, type ServerDb } from '../../../server/src/db/connect.js';
import { AgreementCache, audienceOf, RealtimeClients, type RealtimeClient } from '../../../server/src/realtime/fan-out.js';
import { Directory } from '../../../server/src/tenancy/directory.js';
import type { Beacon } from '../../../shared/alarm/readiness.js';
import { newId } from '../../../shared/domain/ids.js';
import { alarmMessage } from '../../support/alarm.js';
import { tempDir } from '../../support/temp-dir.js';

const beacon = (organisation: string, site: string, device = newId()): Beacon => ({ v: 1, beacon: true, message_id: newId(), organisation_id: organisation, site_id: site, device_id: device, group: 1, at: new Date().toISOString() });

function client(organisationId: string, siteId: string, batches: boolean): RealtimeClient & { got: string[] } {
  const got: string[] = [];
  return { scope: { deviceId: newId(), organisationId, siteId }, batches, got, send: (data) => got.push(data.toString()) };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('realtime fan-out', () => {
  const [a, b, c, site, other] = [newId(), newId(), newId(), newId(), newId()];
  let clients: RealtimeClients | null = null;
  let store: ServerDb | null = null;
  afterEach(async () => {
    clients?.close();
    await store?.close();
    clients = null;
    store = null;
  });

  it('an alarm goes to its organisation and the partners it shares with; a beacon the other way; a partner site too', () => {
    const agreements = [{ siteId: site, from: a, to: b, toSiteId: null }];
    const orgs = (desks: { organisationId: string }[]) => desks.map((desk) => desk.organisationId).sort();
    expect(orgs(audienceOf(alarmMessage({ organisation_id: a, site_id: site }), agreements))).toEqual([a, b].sort());
    expect(orgs(audienceOf(alarmMessage({ organisation_id: b, site_id: site }), agreements))).toEqual([b]);
    // B's answer travels back to A, whose alarm it answers.
    expect(orgs(audienceOf(alarmMessage({ organisation_id: b, site_id: site, event: 'coming' }), agreements))).toEqual([a, b].sort());
    expect(orgs(audienceOf(beacon(b, site), agreements))).toEqual([a, b].sort());
    expect(orgs(audienceOf(beacon(a, site), agreements))).toEqual([a]);
    const central = [{ siteId: site, from: a, to: c, toSiteId: other }];
    expect(audienceOf(alarmMessage({ organisation_id: a, site_id: site }), central)).toEqual(expect.arrayContaining([{ siteId: other, organisationId: c }]));
    expect(audienceOf(beacon(c, other), central)).toEqual(expect.arrayContaining([{ siteId: site, organisationId: a }]));
  });

  it('reaches only its site and audience; batches leave in the same turn, beacons at the flush', async () => {
    clients = new RealtimeClients(200);
    const sender = client(a, site, false);
    const [single, batching, partner, stranger, elsewhere] = [client(a, site, false), client(a, site, true), client(b, site, true), client(c, site, true), client(a, other, true)];
    [sender, single, batching, partner, stranger, elsewhere].forEach((each) => clients?.add(each));
    const raised = alarmMessage({ organisation_id: a, site_id: site, from: { device_id: sender.scope.deviceId, desk: 'Balie 1', floor: '1', person: '', site: 'Stadskantoor' } });
    const delivered = { ...raised, message_id: newId(), event: 'delivered' as const };
    clients.fanOut(raised, [{ siteId: site, organisationId: a }, { siteId: site, organisationId: b }]);
    clients.fanOut(delivered, [{ siteId: site, organisationId: a }, { siteId: site, organisationId: b }]);
    expect(sender.got).toEqual([]);
    expect(single.got.map((frame) => (JSON.parse(frame) as { message: { event: string } }).message.event)).toEqual(['raised', 'delivered']);
    expect(batching.got).toEqual([]);
    await turn();
    expect(batching.got).toHaveLength(1);
    expect((JSON.parse(batching.got[0] as string) as { type: string; frames: unknown[] }).frames).toHaveLength(2);
    expect(partner.got).toEqual(batching.got);
    expect(stranger.got).toEqual([]);
    expect(elsewhere.got).toEqual([]);

    const beating = newId();
    clients.fanOut(beacon(a, site, beating), [{ siteId: site, organisationId: a }]);
    clients.fanOut({ ...beacon(a, site, beating), group: 2 }, [{ siteId: site, organisationId: a }]);
    await turn();
    expect(batching.got).toHaveLength(1);
    // The beacon waits for the periodic flush (200 ms here), not for the turn.
    await expect.poll(() => batching.got.length).toBe(2);
    // In a batch a beacon is only who and which group, and a PC's later beacon replaces its earlier one.
    expect(JSON.parse(batching.got[1] as string)).toEqual({ type: 'batch', frames: [], beats: [[beating, 2]] });
    // Older clients that take one frame per message still get the whole beacon.
    expect(single.got).toHaveLength(4);
    expect((JSON.parse(single.got[3] as string) as { message: { beacon: boolean } }).message.beacon).toBe(true);

    expect(clients.poke([a])).toBe(4);
    expect(clients.poke([a])).toBe(4);
    expect(single.got.at(-1)).toBe('{"type":"poke"}');
    await expect.poll(() => batching.got.at(-1)).toBe('{"type":"poke"}');

    clients.delete(batching);
    expect(clients.size).toBe(5);
    expect([...clients.inOrganisations([a])]).toHaveLength(3);
  });

  it('the periodic beacon flush of a thousand sites leaves a turn for an alarm: it does not wait behind every write', async () => {
    clients = new RealtimeClients(20);
    const sites = Array.from({ length: 1_000 }, () => newId());
    let written = 0;
    for (const each of sites) {
      // A socket write that costs what a real one does under load.
      const slow: RealtimeClient = { scope: { deviceId: newId(), organisationId: a, siteId: each }, batches: true, send: () => void ((written += 1), busy(0.05)) };
      clients.add(slow);
      clients.fanOut(beacon(a, each), [{ siteId: each, organisationId: a }]);
    }
    const responder = client(a, site, true);
    clients.add(responder);
    await new Promise<void>((resolve) => {
      const check = () => (written > 0 ? resolve() : setImmediate(check));
      check();
    });
    const heardAfter = await new Promise<number>((resolve) => {
      responder.send = (data) => (responder.got.push(data.toString()), resolve(written));
      clients?.fanOut(alarmMessage({ organisation_id: a, site_id: site }), [{ siteId: site, organisationId: a }]);
    });
    // Before the change the alarm went out only after all 1,000 beacon writes (about 50 ms).
    expect(heardAfter).toBeLessThan(sites.length / 2);
    await expect.poll(() => written, { timeout: 10_000 }).toBe(sites.length);
  });

  it('keeps agreements per site until told they changed', async () => {
    store = await openServerDatabase({ kind: 'sqlite', file: path.join(tempDir(), 'server.sqlite') });
    const directory = new Directory(store.db);
    const [gemeente, uwv] = [await directory.createOrganisation('Gemeente'), await directory.createOrganisation('UWV')];
    const building = await directory.createSite('Werkplein');
    for (const organisation of [gemeente, uwv]) await directory.hostAt(organisation.id, building.id);
    const cache = new AgreementCache(store.db);
    expect(cache.peek(building.id)).toBeUndefined();
    expect(await cache.get(building.id)).toEqual([]);
    await directory.createAgreement({ siteId: building.id, from: gemeente.id, to: uwv.id, shareAlarms: true, shareWarnings: false });
    expect(cache.peek(building.id)).toEqual([]);
    cache.invalidate(building.id);
    expect(await cache.get(building.id)).toEqual([{ siteId: building.id, from: gemeente.id, to: uwv.id, toSiteId: null }]);
    expect(cache.peek(building.id)).toEqual([{ siteId: building.id, from: gemeente.id, to: uwv.id, toSiteId: null }]);
  });
});
