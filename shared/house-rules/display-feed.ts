import { z } from 'zod';
import { defaultContent } from './default-texts.js';
import { displaySnapshotSchema, type DisplaySnapshot } from './house-rules-contract.js';
import { currentOverride, currentVersion, nextChangeAt, type HouseRulesOverride, type PublishedVersion } from './versions.js';

/**
 * What one organisation's display shows now, from its rows: the same answer on a PC's host
 * and on the central server, so a TV shows the same whichever of the two it reaches.
 */
export function displaySnapshot(versions: readonly PublishedVersion[], overrides: readonly HouseRulesOverride[], siteId: string | null, organisationName: string, now: Date): DisplaySnapshot {
  const version = currentVersion(versions, siteId, now);
  const override = currentOverride(overrides, siteId, now);
  return {
    content: version?.content ?? defaultContent(organisationName),
    versionId: version?.id ?? null,
    override: override ? { messages: override.messages, ends_at: override.ends_at } : null,
    nextChangeAt: nextChangeAt(versions, overrides, siteId, now),
  };
}

/** More organisations than this at one site would make each wait too long for its turn on screen. */
export const MAX_DISPLAY_ORGANISATIONS = 12;

/** What a display shows, one organisation after the other: its own first, then each partner that shares its rules. */
export const displayFeedSchema = z.array(displaySnapshotSchema).min(1).max(MAX_DISPLAY_ORGANISATIONS);
export type DisplayFeed = z.infer<typeof displayFeedSchema>;

/** The earliest moment anything in the feed changes by the clock alone. */
export const feedNextChangeAt = (feed: DisplayFeed): string | null =>
  feed
    .map((snapshot) => snapshot.nextChangeAt)
    .filter((moment): moment is string => moment !== null)
    .sort()[0] ?? null;

/** The central server's display endpoints (a TV enrolled with a display credential). */
export const DISPLAY_PAGE_PATH = '/display/';
export const DISPLAY_FEED_PATH = '/v1/display/house-rules';
export const DISPLAY_LIVE_PATH = '/v1/display/live';
export const DISPLAY_PROTOCOL = 'vangnet.display.v1';
/** The credential travels as a second subprotocol: a browser cannot set headers on a WebSocket, and a URL lands in logs. */
export const DISPLAY_KEY_PROTOCOL_PREFIX = 'key.';
/** In the link's fragment, which a browser never sends to a server, and which stays in the link so a TV can bookmark it. */
export const DISPLAY_KEY_PARAM = 'key';

/** The stable link an administrator puts in the TV's browser. */
export const displayLinkPath = (credential: string) => `${DISPLAY_PAGE_PATH}?view=display#${DISPLAY_KEY_PARAM}=${credential}`;

/** Server to display, on the live socket: the whole feed, at connect and whenever it changes. */
export const displayLiveFrameSchema = z.strictObject({ type: z.literal('house-rules'), feed: displayFeedSchema });
