/**
 * Deny every permission request unless it is on the allow-list (checklist item 5).
 * Fullscreen is needed for the responder's alarm window; nothing else is.
 */
export const allowedPermissions: ReadonlySet<string> = new Set(['fullscreen']);

export function isPermissionAllowed(permission: string, requestingUrl: string, appEntryUrl: string, allowList = allowedPermissions): boolean {
  if (!allowList.has(permission)) return false;
  if (!URL.canParse(requestingUrl) || !URL.canParse(appEntryUrl)) return false;
  const from = new URL(requestingUrl);
  const entry = new URL(appEntryUrl);
  return from.protocol === entry.protocol && from.pathname === entry.pathname;
}
