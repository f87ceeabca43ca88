import { useEffect, useState } from 'react';

export const routes = ['home', 'settings'] as const;
export type Route = (typeof routes)[number];

export const routeHref: Record<Route, string> = { home: '#/', settings: '#/settings' };

export function routeFromHash(hash: string): Route {
  return hash === '#/settings' ? 'settings' : 'home';
}

/** Hash routes: they work from file:// in Electron and from the web host alike. */
export function useHashRoute(): Route {
  const [route, setRoute] = useState<Route>(() => routeFromHash(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
