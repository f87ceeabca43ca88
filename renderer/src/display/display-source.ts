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

/** What every source does alike: ask again now and then, and on stop end the polling and what the source opened. */
function polled(refresh: () => Promise<void>, stopSource: () => void): RunningSource {
  const poll = setInterval(() => void refresh(), REFRESH_MS);
  return {
    refresh: () => void refresh(),
    stop() {
      clearInterval(poll);
      stopSource();
    },
  };
}

/** Tries again later, each time twice as late up to a limit, and from the start once it worked. */
function retrying(attempt: () => void) {
  let delay = RETRY_MIN_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    later() {
      timer = setTimeout(attempt, delay);
      delay = Math.min(delay * 2, RETRY_MAX_MS);
    },
    succeeded: () => void (delay = RETRY_MIN_MS),
    cancel: () => clearTimeout(timer),
  };
}

/** The house rules as the contract's `houseRules.display` gives them (through the web host's bridge or the shell). */
async function askForSnapshot(invoke: VangnetApi['invoke']): Promise<DisplayFeed | null> {
  const result = await invoke('houseRules.display', {});
  if (!result.ok) return null;
  const parsed = displaySnapshotSchema.safeParse(result.value);
  return parsed.success ? [parsed.data] : null;
}

/**
 * The counter PC's web host: the bridge socket with the display token, which opens
 * `houseRules.display` and hears `houseRules.changed`, and nothing else.
 */
export function hostBridgeSource(origin: string, token: string | null): DisplaySource {
  return ({ onFeed, onLink }) => {
    let bridge: WebSocketBridge | null = null;
    let stopped = false;
    const refresh = async () => {
      if (!bridge) return;
      const feed = await askForSnapshot(bridge.invoke.bind(bridge));
      if (feed && !stopped) onFeed(feed);
    };
    const connect = () => {
      const next = createWebSocketBridge({
        origin,
        token,
        onLinkState: (state) => {
          if (stopped) return;
          onLink(state);
          if (state === 'open') {
            retry.succeeded();
            void refresh();
          }
          // Never accepted (host gone at load, or restarted): build a new link later, not never.
          if (state === 'unauthenticated') {
            next.dispose();
            retry.later();
          }
        },
      });
      bridge = next;
      next.on('houseRules.changed', () => void refresh());
    };
    const retry = retrying(connect);
    if (token) connect();
    // Opened without the Display link: nothing to connect with; the page shows what it last had.
    else onLink('unauthenticated');
    return polled(refresh, () => {
      stopped = true;
      retry.cancel();
      bridge?.dispose();
    });
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
        retry.succeeded();
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
        retry.later();
      });
    };
    const retry = retrying(connect);
    connect();
    return polled(refresh, () => {
      stopped = true;
      retry.cancel();
      socket?.close();
    });
  };
}

/**
 * The desktop shell's kiosk window: its preload already gives the contract, with the display's
 * role (the shell answers this window's calls as a display), so there is no link to lose.
 */
export function shellSource(api: VangnetApi): DisplaySource {
  return ({ onFeed, onLink }) => {
    let stopped = false;
    const refresh = async () => {
      const feed = await askForSnapshot(api.invoke.bind(api));
      if (feed && !stopped) onFeed(feed);
    };
    const changed = () => void refresh();
    api.on('houseRules.changed', changed);
    onLink('open');
    void refresh();
    return polled(refresh, () => {
      stopped = true;
      api.off('houseRules.changed', changed);
    });
  };
}

/**
 * The link decides: `#key=…` is a display enrolled on the central server (the key stays in the
 * link, so the TV can bookmark it); otherwise the web host's Display link (`#token=…`, kept in the tab).
 */
export function displaySourceFor(location: Location, history: History, sessionStorage: Storage, shellApi?: VangnetApi): DisplaySource {
  if (shellApi) return shellSource(shellApi);
  const key = displayKeyIn(location);
  if (key) return serverSource(location.origin, key);
  return hostBridgeSource(location.origin, takeSessionToken(location, history, sessionStorage));
}

/** The central server's display key in the link, if this is such a link. */
export const displayKeyIn = (location: Pick<Location, 'hash'>): string | null => new URLSearchParams(location.hash.replace(/^#/, '')).get(DISPLAY_KEY_PARAM) || null;
