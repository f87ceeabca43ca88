import { useCallback, useEffect, useRef, useState } from 'react';
import { displaySnapshotSchema, type DisplaySnapshot } from '../../../shared/house-rules/house-rules-contract.js';
import { defaultContent } from '../../../shared/house-rules/default-texts.js';
import { takeSessionToken } from '../bridge/session-token.js';
import { createWebSocketBridge, type LinkState, type WebSocketBridge } from '../bridge/ws-bridge.js';
import { loadCachedRules, saveCachedRules } from './display-cache.js';
import { DisplayView } from './DisplayView.js';
import { keepDisplayShellOffline } from './offline-shell.js';
import { rotationIntervalMs } from './rotation.js';

/** A host that refused or never answered is tried again: a TV has nobody to press reload. */
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;
/** Ask again now and then even without an event, in case one was missed. */
const REFRESH_MS = 60_000;
/** setTimeout cannot wait longer than this; a later change is looked at again by the refresh. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const offlineSinceText = (since: string) => `Offline sinds ${new Date(since).toLocaleString('nl-NL', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })}`;

/**
 * The page a TV shows (the web host's Display link). It holds its own link to the host
 * with the display token, which opens the house rules call and nothing else.
 */
export function DisplayPage() {
  const cached = useRef(loadCachedRules(window.localStorage));
  const [snapshot, setSnapshot] = useState<DisplaySnapshot>(() => cached.current?.snapshot ?? { content: defaultContent(''), versionId: null, override: null, nextChangeAt: null });
  const [link, setLink] = useState<LinkState>('connecting');
  const [offlineSince, setOfflineSince] = useState<string | null>(null);
  const shellRef = useRef<HTMLDivElement>(null);
  const rotations = useRef(0);
  const bridgeRef = useRef<WebSocketBridge | null>(null);

  const refresh = useCallback(async () => {
    const bridge = bridgeRef.current;
    if (!bridge) return;
    const result = await bridge.invoke('houseRules.display', {});
    if (!result.ok) return;
    const parsed = displaySnapshotSchema.safeParse(result.value);
    if (!parsed.success) return;
    setSnapshot((previous) => (JSON.stringify(previous) === JSON.stringify(parsed.data) ? previous : parsed.data));
    saveCachedRules(window.localStorage, parsed.data, new Date());
  }, []);

  useEffect(() => {
    document.title = 'Huisregels';
    const token = takeSessionToken(window.location, window.history, window.sessionStorage);
    let retryDelay = RETRY_MIN_MS;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    if (!token) {
      // Opened without the Display link: nothing to connect with; show what we last had.
      setLink('unauthenticated');
      setOfflineSince(cached.current?.savedAt ?? new Date().toISOString());
      return;
    }
    const connect = () => {
      const bridge = createWebSocketBridge({
        origin: window.location.origin,
        token,
        onLinkState: (state) => {
          setLink(state);
          if (state === 'open') {
            retryDelay = RETRY_MIN_MS;
            setOfflineSince(null);
            void refresh();
          } else if (state !== 'connecting') {
            setOfflineSince((since) => since ?? cached.current?.savedAt ?? new Date().toISOString());
          }
          // Never accepted (host gone at load, or restarted): build a new link later, not never.
          if (state === 'unauthenticated' && !stopped) {
            bridge.dispose();
            retryTimer = setTimeout(connect, retryDelay);
            retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
          }
        },
      });
      bridgeRef.current = bridge;
      bridge.on('houseRules.changed', () => void refresh());
    };
    connect();
    const poll = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      clearInterval(poll);
      bridgeRef.current?.dispose();
    };
  }, [refresh]);

  // A scheduled version or an override's start or end: ask again at that moment.
  useEffect(() => {
    if (!snapshot.nextChangeAt) return;
    const wait = Math.min(Math.max(Date.parse(snapshot.nextChangeAt) - Date.now(), 0) + 250, MAX_TIMER_MS);
    const timer = setTimeout(() => void refresh(), wait);
    return () => clearTimeout(timer);
  }, [snapshot.nextChangeAt, refresh]);

  // Counted on the element, not in state: a soak test reads it, and the page need not re-render for it.
  const countRotation = useCallback(() => {
    rotations.current += 1;
    shellRef.current?.setAttribute('data-rotations', String(rotations.current));
  }, []);

  useEffect(() => {
    void keepDisplayShellOffline();
    document.documentElement.classList.add('display-mode');
    return () => document.documentElement.classList.remove('display-mode');
  }, []);

  return (
    <div ref={shellRef} className="display-shell" data-testid="house-display" data-link={link} data-version={snapshot.versionId ?? 'default'}>
      <DisplayView snapshot={snapshot} intervalMs={rotationIntervalMs(window.location.search, snapshot.content.rotateSeconds)} offlineNote={link === 'open' || !offlineSince ? null : offlineSinceText(offlineSince)} onRotate={countRotation} ownsDocument />
    </div>
  );
}
