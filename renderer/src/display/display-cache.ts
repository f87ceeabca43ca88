import { z } from 'zod';
import { displaySnapshotSchema, type DisplaySnapshot } from '../../../shared/house-rules/house-rules-contract.js';

const CACHE_KEY = 'vangnet.display.lastRules';

const cachedSchema = z.object({ snapshot: displaySnapshotSchema, savedAt: z.iso.datetime() });
export type CachedRules = z.infer<typeof cachedSchema>;

/** The last rules this display had, so a reload with the host gone still shows them. */
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

export function saveCachedRules(storage: Storage, snapshot: DisplaySnapshot, now: Date): void {
  try {
    storage.setItem(CACHE_KEY, JSON.stringify({ snapshot, savedAt: now.toISOString() } satisfies CachedRules));
  } catch {
    // A full or disabled storage only costs the offline copy; the page goes on.
  }
}
