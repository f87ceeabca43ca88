import type { VangnetApi } from '../../../shared/contract/api.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser on the web host. */
    vangnet?: VangnetApi;
  }
}
