import { z } from 'zod';
import { displayFeedSchema, type DisplayFeed } from '../../../shared/house-rules/display-feed.js';
import { displaySnapshotSchema } from '../../../shared/house-rules/house-rules-contract.js';

const CACHE_KEY = 'vangnet.display.lastRules';

const cachedSchema = z.union([
  z.object({ feed: displayFeedSchema, savedAt: z.iso.datetime() }),
  // Kept by a page from before displays showed partners' rules: one organisation's.
  z.object({ snapshot: displaySnapshotSchema, savedAt: z.iso.datetime() }).transform(({ snapshot, savedAt }) => ({ feed: [snapshot], savedAt })),
]);
export interface CachedRules {
  feed: DisplayFeed;
  savedAt: string;
}

/** The last rules this display had, so a reload with the host or server gone still shows them. */
export function loadCachedRules(storage: Storage): CachedRules | null {
  try {
    const raw = storage.getItem(CACHE_KEY);
    if (!raw) return null;
    const parsed = cachedSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    // Unreadable (storage off, or bytes from who knows where): as if there were none.
    return null;
  }
}

export function saveCachedRules(storage: Storage, feed: DisplayFeed, now: Date): void {
  try {
    storage.setItem(CACHE_KEY, JSON.stringify({ feed, savedAt: now.toISOString() } satisfies CachedRules));
  } catch {
    // A full or disabled storage only costs the offline copy; the page goes on.
  }
}
