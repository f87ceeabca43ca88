const STORAGE_KEY = 'vangnet.sessionToken';

/**
 * The web host hands the token over in the URL fragment (never sent to a server).
 * It moves to sessionStorage, so a reload keeps working and the address bar is clean.
 */
export function takeSessionToken(location: Location, history: History, storage: Storage): string | null {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromUrl = fragment.get('token');
  if (fromUrl) {
    storage.setItem(STORAGE_KEY, fromUrl);
    history.replaceState(null, '', `${location.pathname}${location.search}#/`);
    return fromUrl;
  }
  return storage.getItem(STORAGE_KEY);
}
