import { useEffect, useState } from 'react';

/** The screens the menu links to. */
export const menuRoutes = ['home', 'warnings', 'incidents', 'worklist', 'analytics', 'settings', 'houseRules'] as const;
export type MenuRoute = (typeof menuRoutes)[number];

export type Route = { name: MenuRoute } | { name: 'incident'; id: string } | { name: 'policeForm'; id: string };

export const routeHref: Record<MenuRoute, string> = { home: '#/', incidents: '#/incidents', worklist: '#/worklist', analytics: '#/analytics', settings: '#/settings', houseRules: '#/house-rules', warnings: '#/warnings' };
export const incidentHref = (id: string) => `#/incidents/${id}`;
export const policeFormHref = (id: string) => `#/incidents/${id}/police`;

const idPattern = '([0-9a-f-]{36})';

export function routeFromHash(hash: string): Route {
  const police = new RegExp(`^#/incidents/${idPattern}/police$`).exec(hash);
  if (police?.[1]) return { name: 'policeForm', id: police[1] };
  const incident = new RegExp(`^#/incidents/${idPattern}$`).exec(hash);
  if (incident?.[1]) return { name: 'incident', id: incident[1] };
  const menu = menuRoutes.find((name) => routeHref[name] === hash);
  return { name: menu ?? 'home' };
}

/** The menu item a route belongs to (an incident belongs under Incidents). */
export const menuRouteOf = (route: Route): MenuRoute => (route.name === 'incident' || route.name === 'policeForm' ? 'incidents' : route.name);

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
