/** Must match CACHE in resources/display-sw.js. */
const CACHE = 'vangnet-display-v1';

/**
 * Registers the display's service worker and stores the page and its files at once, since
 * the first load happens before the worker controls the page. Browsers allow this only on a
 * secure origin (https, or the web host on this PC's loopback); elsewhere the page simply
 * has no offline copy of itself, while the rules still survive in localStorage.
 */
export async function keepDisplayShellOffline(): Promise<boolean> {
  if (!('serviceWorker' in navigator) || !window.isSecureContext || !window.location.protocol.startsWith('http')) return false;
  try {
    await navigator.serviceWorker.register('./display-sw.js');
    await navigator.serviceWorker.ready;
    const files = [...document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[rel="stylesheet"][href], link[rel="icon"][href]')].map((element) => ('src' in element ? element.src : element.href));
    const cache = await caches.open(CACHE);
    await cache.addAll([`${window.location.pathname}${window.location.search}`, ...files]);
    return true;
  } catch {
    // No offline copy of the page; everything else works.
    return false;
  }
}
