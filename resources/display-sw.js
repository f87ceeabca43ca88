// The house rules display's offline copy: the page and its files are fetched from the web
// host when it answers and served from this cache when it does not, so a TV reloaded while
// the host is gone still shows the last rules (the rules themselves sit in localStorage).
const CACHE = 'vangnet-display-v1';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  // Only the display's own page: the staff app is never served from here.
  if (request.mode === 'navigate' && url.searchParams.get('view') !== 'display') return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
        }
        return response;
      })
      .catch(async () => (await caches.match(request, { ignoreSearch: request.mode === 'navigate' })) ?? Response.error()),
  );
});
