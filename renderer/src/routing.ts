import { useEffect, useState } from 'react';
import { questionKeys, type QuestionKey } from '../../shared/checklist/questions.js';

/** The screens the menu links to. */
export const menuRoutes = ['home', 'warnings', 'incidents', 'worklist', 'warningsAdmin', 'analytics', 'checklist', 'settings', 'houseRules'] as const;
export type MenuRoute = (typeof menuRoutes)[number];

export type Route =
  | { name: MenuRoute }
  | { name: 'incident'; id: string }
  | { name: 'policeForm'; id: string }
  | { name: 'warning'; id: string }
  | { name: 'warningLetter'; id: string }
  | { name: 'warningNew'; incidentId: string | null }
  | { name: 'subjectAccess' }
  | { name: 'accessLog' }
  | { name: 'checklistItem'; key: QuestionKey };

export const routeHref: Record<MenuRoute, string> = { home: '#/', incidents: '#/incidents', worklist: '#/worklist', analytics: '#/analytics', checklist: '#/checklist', settings: '#/settings', houseRules: '#/house-rules', warnings: '#/warnings', warningsAdmin: '#/warnings/manage' };
export const incidentHref = (id: string) => `#/incidents/${id}`;
export const policeFormHref = (id: string) => `#/incidents/${id}/police`;

export const warningHref = (id: string) => `#/warnings/${id}`;
export const warningLetterHref = (id: string) => `#/warnings/${id}/letter`;
/** A new warning, resting on an incident when it is drafted from one. */
export const newWarningHref = (incidentId?: string) => (incidentId ? `#/warnings/new/${incidentId}` : '#/warnings/new');
export const subjectAccessHref = '#/warnings/subject-access';
export const accessLogHref = '#/warnings/log';
/** One question of the self-assessment: where a checklist task links back to. */
export const checklistItemHref = (key: QuestionKey) => `#/checklist/${key}`;

const idPattern = '([0-9a-f-]{36})';

export function routeFromHash(hash: string): Route {
  const police = new RegExp(`^#/incidents/${idPattern}/police$`).exec(hash);
  if (police?.[1]) return { name: 'policeForm', id: police[1] };
  const incident = new RegExp(`^#/incidents/${idPattern}$`).exec(hash);
  if (incident?.[1]) return { name: 'incident', id: incident[1] };
  const draft = new RegExp(`^#/warnings/new(?:/${idPattern})?$`).exec(hash);
  if (draft) return { name: 'warningNew', incidentId: draft[1] ?? null };
  if (hash === subjectAccessHref) return { name: 'subjectAccess' };
  if (hash === accessLogHref) return { name: 'accessLog' };
  const letter = new RegExp(`^#/warnings/${idPattern}/letter$`).exec(hash);
  if (letter?.[1]) return { name: 'warningLetter', id: letter[1] };
  const warning = new RegExp(`^#/warnings/${idPattern}$`).exec(hash);
  if (warning?.[1]) return { name: 'warning', id: warning[1] };
  const item = /^#\/checklist\/([a-z_]+)$/.exec(hash)?.[1];
  if (item && (questionKeys as readonly string[]).includes(item)) return { name: 'checklistItem', key: item as QuestionKey };
  const menu = menuRoutes.find((name) => routeHref[name] === hash);
  return { name: menu ?? 'home' };
}

/** The menu item a route belongs to (an incident belongs under Incidents, a warning under Warnings). */
export function menuRouteOf(route: Route): MenuRoute {
  switch (route.name) {
    case 'incident':
    case 'policeForm':
      return 'incidents';
    case 'warning':
    case 'warningLetter':
    case 'warningNew':
    case 'subjectAccess':
    case 'accessLog':
      return 'warningsAdmin';
    case 'checklistItem':
      return 'checklist';
    default:
      return route.name;
  }
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
