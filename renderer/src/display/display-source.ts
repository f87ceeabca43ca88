import { displaySnapshotSchema } from '../../../shared/house-rules/house-rules-contract.js';
import { DISPLAY_FEED_PATH, DISPLAY_KEY_PARAM, DISPLAY_KEY_PROTOCOL_PREFIX, DISPLAY_LIVE_PATH, DISPLAY_PROTOCOL, displayFeedSchema, displayLiveFrameSchema, type DisplayFeed } from '../../../shared/house-rules/display-feed.js';
import type { VangnetApi } from '../../../shared/contract/api.js';
import { takeSessionToken } from '../bridge/session-token.js';
import { createWebSocketBridge, type LinkState, type WebSocketBridge } from '../bridge/ws-bridge.js';

/** Where a display page gets its rules: the PC's web host, or the central server for a TV enrolled there. */
export interface DisplayHandlers {
  /** Every answer, parsed; the page decides whether it differs from what it shows. */
  onFeed(feed: DisplayFeed): void;
  onLink(state: LinkState): void;
}
export interface RunningSource {
  /** Ask again now: a scheduled version or a notice has come due. */
  refresh(): void;
  stop(): void;
}
export type DisplaySource = (handlers: DisplayHandlers) => RunningSource;

/** A host or server that refused or never answered is tried again: a TV has nobody to press reload. */
export const RETRY_MIN_MS = 1_000;
export const RETRY_MAX_MS = 30_000;
/** Ask again now and then even without news, in case some was missed. */
const REFRESH_MS = 60_000;

/**
 * The counter PC's web host: the bridge socket with the display token, which opens
 * `houseRules.display` and hears `houseRules.changed`, and nothing else.
 */
export function hostBridgeSource(origin: string, token: string | null): DisplaySource {
  return ({ onFeed, onLink }) => {
    let bridge: WebSocketBridge | null = null;
    let retryDelay = RETRY_MIN_MS;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const refresh = async () => {
      if (!bridge) return;
      const result = await bridge.invoke('houseRules.display', {});
      if (!result.ok) return;
      const parsed = displaySnapshotSchema.safeParse(result.value);
      if (parsed.success && !stopped) onFeed([parsed.data]);
    };
    const connect = () => {
      const next = createWebSocketBridge({
        origin,
        token,
        onLinkState: (state) => {
          if (stopped) return;
          onLink(state);
          if (state === 'open') {
            retryDelay = RETRY_MIN_MS;
            void refresh();
          }
          // Never accepted (host gone at load, or restarted): build a new link later, not never.
          if (state === 'unauthenticated') {
            next.dispose();
            retryTimer = setTimeout(connect, retryDelay);
            retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
          }
        },
      });
      bridge = next;
      next.on('houseRules.changed', () => void refresh());
    };
    if (token) connect();
    // Opened without the Display link: nothing to connect with; the page shows what it last had.
    else onLink('unauthenticated');
    const poll = setInterval(() => void refresh(), REFRESH_MS);
    return {
      refresh: () => void refresh(),
      stop() {
        stopped = true;
        clearTimeout(retryTimer);
        clearInterval(poll);
        bridge?.dispose();
      },
    };
  };
}

export interface ServerSourceOptions {
  createSocket?: (url: string, protocols: string[]) => WebSocket;
  fetch?: typeof fetch;
}

/**
 * The central server, for a TV enrolled with a display credential: a live socket on which
 * the server sends the whole feed at once and again whenever it changes, and the feed
 * endpoint for a scheduled change and the occasional poll. Reconnects with backoff.
 */
export function serverSource(origin: string, key: string, options: ServerSourceOptions = {}): DisplaySource {
  const createSocket = options.createSocket ?? ((url, protocols) => new WebSocket(url, protocols));
  const fetchFeed = options.fetch ?? ((input, init) => fetch(input, init));
  return ({ onFeed, onLink }) => {
    let socket: WebSocket | null = null;
    let retryDelay = RETRY_MIN_MS;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const accept = (json: unknown, parse: (value: unknown) => DisplayFeed | null) => {
      const feed = parse(json);
      if (feed && !stopped) onFeed(feed);
    };
    const refresh = async () => {
      try {
        const response = await fetchFeed(`${origin}${DISPLAY_FEED_PATH}`, { headers: { authorization: `Bearer ${key}` }, cache: 'no-store' });
        if (stopped) return;
        // Revoked or unknown: say so (the page keeps its rules with the offline mark), and keep trying slowly.
        if (response.status === 401) return onLink('unauthenticated');
        if (response.ok) accept(await response.json(), (value) => displayFeedSchema.safeParse(value).data ?? null);
      } catch {
        // The server is gone; the socket's reconnect finds out when it is back.
      }
    };
    const connect = () => {
      if (stopped) return;
      onLink('connecting');
      const ws = createSocket(`${origin.replace(/^http/, 'ws')}${DISPLAY_LIVE_PATH}`, [DISPLAY_PROTOCOL, `${DISPLAY_KEY_PROTOCOL_PREFIX}${key}`]);
      socket = ws;
      ws.addEventListener('open', () => {
        retryDelay = RETRY_MIN_MS;
        if (!stopped) onLink('open');
      });
      ws.addEventListener('message', (message) => {
        if (typeof message.data !== 'string') return;
        try {
          accept(JSON.parse(message.data), (value) => displayLiveFrameSchema.safeParse(value).data?.feed ?? null);
        } catch {
          // Not JSON: ignored, like any frame that does not parse.
        }
      });
      ws.addEventListener('error', () => undefined);
      ws.addEventListener('close', () => {
        socket = null;
        if (stopped) return;
        onLink('closed');
        // Refused, or cut off by a revocation, or the server gone: the feed endpoint tells which.
        void refresh();
        retryTimer = setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
      });
    };
    connect();
    const poll = setInterval(() => void refresh(), REFRESH_MS);
    return {
      refresh: () => void refresh(),
      stop() {
        stopped = true;
        clearTimeout(retryTimer);
        clearInterval(poll);
        socket?.close();
      },
    };
  };
}

/**
 * The link decides: `#key=…` is a display enrolled on the central server (the key stays in the
 * link, so the TV can bookmark it); otherwise the web host's Display link (`#token=…`, kept in the tab).
 */
/**
 * The desktop shell's kiosk window: its preload already gives the contract, with the display's
 * role (the shell answers this window's calls as a display), so there is no link to lose.
 */
export function shellSource(api: VangnetApi): DisplaySource {
  return ({ onFeed, onLink }) => {
    let stopped = false;
    const refresh = async () => {
      const result = await api.invoke('houseRules.display', {});
      if (!result.ok || stopped) return;
      const parsed = displaySnapshotSchema.safeParse(result.value);
      if (parsed.success) onFeed([parsed.data]);
    };
    const changed = () => void refresh();
    api.on('houseRules.changed', changed);
    onLink('open');
    void refresh();
    const poll = setInterval(() => void refresh(), REFRESH_MS);
    return {
      refresh: () => void refresh(),
      stop() {
        stopped = true;
        clearInterval(poll);
        api.off('houseRules.changed', changed);
      },
    };
  };
}

export function displaySourceFor(location: Location, history: History, sessionStorage: Storage, shellApi?: VangnetApi): DisplaySource {
  if (shellApi) return shellSource(shellApi);
  const key = displayKeyIn(location);
  if (key) return serverSource(location.origin, key);
  return hostBridgeSource(location.origin, takeSessionToken(location, history, sessionStorage));
}

/** The central server's display key in the link, if this is such a link. */
export const displayKeyIn = (location: Pick<Location, 'hash'>): string | null => new URLSearchParams(location.hash.replace(/^#/, '')).get(DISPLAY_KEY_PARAM) || null;
