import { useCallback, useEffect, useRef, useState } from 'react';
import { feedNextChangeAt, type DisplayFeed } from '../../../shared/house-rules/display-feed.js';
import { defaultContent } from '../../../shared/house-rules/default-texts.js';
import type { LinkState } from '../bridge/ws-bridge.js';
import { loadCachedRules, saveCachedRules } from './display-cache.js';
import type { DisplaySource } from './display-source.js';
import { DisplayView } from './DisplayView.js';
import { keepDisplayShellOffline } from './offline-shell.js';
import { rotationIntervalMs } from './rotation.js';

/** setTimeout cannot wait longer than this; a later change is looked at again by the source's poll. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const offlineSinceText = (since: string) => `Offline sinds ${new Date(since).toLocaleString('nl-NL', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })}`;

/**
 * The page a TV shows: the web host's Display link, or the central server's for a TV enrolled
 * there. Where the rules come from is the `source`'s business; this page shows them, keeps
 * the last ones for a reload while offline, and at a shared site shows each organisation's
 * rules in turn (every language of one, then the next).
 */
export function DisplayPage({ source }: { source: DisplaySource }) {
  const cached = useRef(loadCachedRules(window.localStorage));
  const [feed, setFeed] = useState<DisplayFeed>(() => cached.current?.feed ?? [{ content: defaultContent(''), versionId: null, override: null, nextChangeAt: null }]);
  const [turn, setTurn] = useState(0);
  const [link, setLink] = useState<LinkState>('connecting');
  const [offlineSince, setOfflineSince] = useState<string | null>(null);
  const shellRef = useRef<HTMLDivElement>(null);
  const rotations = useRef(0);
  const refreshRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    document.title = 'Huisregels';
    const running = source({
      onFeed: (next) => {
        setFeed((previous) => (JSON.stringify(previous) === JSON.stringify(next) ? previous : next));
        saveCachedRules(window.localStorage, next, new Date());
      },
      onLink: (state) => {
        setLink(state);
        if (state === 'open') setOfflineSince(null);
        else if (state !== 'connecting') setOfflineSince((since) => since ?? cached.current?.savedAt ?? new Date().toISOString());
      },
    });
    refreshRef.current = running.refresh;
    return () => running.stop();
  }, [source]);

  // A scheduled version or a notice's start or end: ask again at that moment.
  const nextChange = feedNextChangeAt(feed);
  useEffect(() => {
    if (!nextChange) return;
    const wait = Math.min(Math.max(Date.parse(nextChange) - Date.now(), 0) + 250, MAX_TIMER_MS);
    const timer = setTimeout(() => refreshRef.current(), wait);
    return () => clearTimeout(timer);
  }, [nextChange]);

  // Counted on the element, not in state: a soak test reads it, and the page need not re-render for it.
  const countRotation = useCallback(() => {
    rotations.current += 1;
    shellRef.current?.setAttribute('data-rotations', String(rotations.current));
  }, []);
  const nextOrganisation = useCallback(() => setTurn((current) => current + 1), []);

  useEffect(() => {
    void keepDisplayShellOffline();
    document.documentElement.classList.add('display-mode');
    return () => document.documentElement.classList.remove('display-mode');
  }, []);

  const index = turn % feed.length;
  const snapshot = feed[index] ?? feed[0];
  if (!snapshot) return null;
  const shared = feed.length > 1;
  return (
    <div ref={shellRef} className="display-shell" data-testid="house-display" data-link={link} data-version={snapshot.versionId ?? 'default'} data-organisation={`${index + 1}/${feed.length}`}>
      <DisplayView
        // Each organisation starts at its own first screen, in Dutch.
        key={shared ? index : 'only'}
        snapshot={snapshot}
        intervalMs={rotationIntervalMs(window.location.search, snapshot.content.rotateSeconds)}
        offlineNote={link === 'open' || !offlineSince ? null : offlineSinceText(offlineSince)}
        onRotate={countRotation}
        {...(shared ? { onCycleEnd: nextOrganisation } : {})}
        ownsDocument
      />
    </div>
  );
}
