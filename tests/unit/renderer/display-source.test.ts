import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DisplayFeed } from '../../../shared/house-rules/display-feed.js';
import { defaultContent } from '../../../shared/house-rules/default-texts.js';
import type { LinkState } from '../../../renderer/src/bridge/ws-bridge.js';
import { loadCachedRules, saveCachedRules } from '../../../renderer/src/display/display-cache.js';
import { displayKeyIn, displaySourceFor, serverSource, type RunningSource } from '../../../renderer/src/display/display-source.js';
import { offers, publishVersion } from '../../support/display.js';
import { enrolRaw } from '../../support/raw-device.js';
import { createTenant, startTestServer, type TestServer } from '../../support/sync-server.js';
import { until } from '../../support/until.js';

const open: { servers: TestServer[]; sources: RunningSource[] } = { servers: [], sources: [] };
afterEach(async () => {
  open.sources.splice(0).forEach((source) => source.stop());
  for (const server of open.servers.splice(0)) await server.close();
});

const nodeSocket = (url: string, protocols: string[]) => new WebSocket(url, protocols) as unknown as globalThis.WebSocket;

/** A Storage in memory, as a browser's localStorage behaves. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

describe("the display page's server source, against a real server", () => {
  it('gets the feed when its socket opens and each change after; on revocation reports the link lost and then refused, and hears nothing more', async () => {
    const t = await startTestServer('sqlite');
    open.servers.push(t);
    const tenant = await createTenant(t.directory, 'Gemeente Zwolle');
    const pc = await enrolRaw(t.server.url, t.directory, tenant);
    const { id, credential } = await t.directory.createDisplay(tenant.organisationId, tenant.siteId, 'Wachtkamer');
    const feeds: DisplayFeed[] = [];
    const links: LinkState[] = [];
    const source = serverSource(t.server.url, credential, { createSocket: nodeSocket })({ onFeed: (feed) => feeds.push(feed), onLink: (state) => links.push(state) });
    open.sources.push(source);
    await until(() => feeds.length === 1);
    expect(links).toEqual(['connecting', 'open']);
    expect(feeds[0]?.map((snapshot) => snapshot.content.organisationName)).toEqual(['Gemeente Zwolle']);

    await publishVersion(t.server.url, pc, 'Gemeente Zwolle', 'Nieuw op het scherm');
    await until(() => feeds.length === 2, 2_000);
    expect(offers(feeds[1] ?? null)).toEqual(['Nieuw op het scherm']);
    source.refresh();
    await until(() => feeds.length === 3);
    expect(feeds[2]).toEqual(feeds[1]);

    await t.directory.revokeDisplay(id);
    await t.server.relay.publishAccessChange();
    await until(() => links.at(-1) === 'unauthenticated');
    expect(links.slice(2, 4)).toEqual(['closed', 'unauthenticated']);
    await publishVersion(t.server.url, pc, 'Gemeente Zwolle', 'Niet meer voor deze tv');
    source.refresh();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(feeds).toHaveLength(3);
  });

  it('picks the server for a #key= link and leaves the key in it; the web host for #token=, which it moves out of the address bar', () => {
    const location = (href: string) => new URL(href) as unknown as Location;
    const replaced: string[] = [];
    const history = { replaceState: (_state: unknown, _unused: string, url: string) => replaced.push(url) } as unknown as History;
    const storage = memoryStorage();
    const tv = location('https://vangnet.example.nl/display/?view=display#key=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG');
    expect(displayKeyIn(tv)).toBe('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG');
    displaySourceFor(tv, history, storage);
    expect(replaced).toEqual([]);
    expect(storage.length).toBe(0);
    const pc = location('http://127.0.0.1:4780/?view=display#token=0123');
    expect(displayKeyIn(pc)).toBeNull();
    displaySourceFor(pc, history, storage);
    expect(replaced).toEqual(['/?view=display#/']);
    expect(storage.getItem('vangnet.sessionToken')).toBe('0123');
  });
});

describe("the display's offline copy", () => {
  it('keeps the whole feed, and reads a copy kept before feeds (one organisation) as a feed of one', () => {
    const storage = memoryStorage();
    const snapshot = { content: defaultContent('Gemeente'), versionId: null, override: null, nextChangeAt: null };
    saveCachedRules(storage, [snapshot, { ...snapshot, content: defaultContent('UWV') }], new Date('2026-11-30T10:00:00.000Z'));
    expect(loadCachedRules(storage)?.feed.map((kept) => kept.content.organisationName)).toEqual(['Gemeente', 'UWV']);
    storage.setItem('vangnet.display.lastRules', JSON.stringify({ snapshot, savedAt: '2026-11-29T10:00:00.000Z' }));
    expect(loadCachedRules(storage)).toEqual({ feed: [snapshot], savedAt: '2026-11-29T10:00:00.000Z' });
    storage.setItem('vangnet.display.lastRules', '{"feed":[]}');
    expect(loadCachedRules(storage)).toBeNull();
  });
});
