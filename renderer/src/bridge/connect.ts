import type { VangnetApi } from '../../../shared/contract/api.js';
import { takeSessionToken } from './session-token.js';
import { createWebSocketBridge, type LinkState } from './ws-bridge.js';

/**
 * The only place that knows there are two transports. In Electron the preload has
 * already put `window.vangnet` there; in a browser we build it over the web host socket.
 */
export function connectBridge(onLinkState: (state: LinkState) => void): VangnetApi {
  if (window.vangnet) {
    onLinkState('open');
    return window.vangnet;
  }
  const token = takeSessionToken(window.location, window.history, window.sessionStorage);
  const api = createWebSocketBridge({ origin: window.location.origin, token, onLinkState });
  window.vangnet = api;
  return api;
}
