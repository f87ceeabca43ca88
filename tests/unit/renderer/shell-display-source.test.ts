import { afterEach, describe, expect, it } from 'vitest';
import type { DisplayFeed } from '../../../shared/house-rules/display-feed.js';
import { defaultContent } from '../../../shared/house-rules/default-texts.js';
import type { LinkState } from '../../../renderer/src/bridge/ws-bridge.js';
import { displaySourceFor, type RunningSource } from '../../../renderer/src/display/display-source.js';
import { inProcessApi, trackedCores } from '../../support/core.js';
import { call, signIn, staffedDesk } from '../../support/staff.js';
import { until } from '../../support/until.js';

const openCore = trackedCores(afterEach);
const sources: RunningSource[] = [];
afterEach(() => sources.splice(0).forEach((source) => source.stop()));

describe("the desktop shell's kiosk window as a display source", () => {
  it('reads the rules through the shell with the display role and follows each publication; staff calls stay closed to it', async () => {
    const core = openCore();
    const people = await staffedDesk(core);
    await signIn(core, people.coordinator);
    // The shell answers the kiosk window's calls as a display, whoever is signed in at the desk.
    const kiosk = inProcessApi(core, 'display', 'ipc:kiosk');
    const feeds: DisplayFeed[] = [];
    const links: LinkState[] = [];
    const fake = { search: '?view=display', hash: '', origin: 'file://' } as unknown as Location;
    sources.push(displaySourceFor(fake, noHistory(), memory(), kiosk)({ onFeed: (feed) => feeds.push(feed), onLink: (state) => links.push(state) }));
    await until(() => feeds.length > 0);
    expect(links).toEqual(['open']);
    expect(feeds.at(-1)?.[0]?.content.organisationName).toBe('Gemeente Zwolle');

    const content = defaultContent('Gemeente Zwolle');
    await call(core, 'houseRules.publish', { content: { ...content, texts: { ...content.texts, nl: { ...content.texts.nl, weOffer: 'Welkom bij de balie.' } } }, startsAt: null, thisSiteOnly: false });
    await until(() => feeds.at(-1)?.[0]?.content.texts.nl?.weOffer === 'Welkom bij de balie.');
    expect(await kiosk.invoke('incident.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

function noHistory(): History {
  return { replaceState: () => undefined } as unknown as History;
}

function memory(): Storage {
  const items = new Map<string, string>();
  return { length: 0, clear: () => items.clear(), getItem: (key: string) => items.get(key) ?? null, key: () => null, removeItem: (key: string) => void items.delete(key), setItem: (key: string, value: string) => void items.set(key, value) };
}
