/**
 * The renderer may only ever show our own entry page (hash routes included).
 * Everything else, links and redirects alike, is refused (checklist items 13 and 14).
 */
export function isAllowedNavigation(target: string, appEntryUrl: string): boolean {
  const targetUrl = parse(target);
  const entry = parse(appEntryUrl);
  if (!targetUrl || !entry) return false;
  return sameDocument(targetUrl, entry);
}

/** `window.open` and target=_blank never open anything. */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/** IPC is answered only for a frame that shows our entry page (checklist item 17). */
export function isTrustedSenderUrl(frameUrl: string | undefined, appEntryUrl: string): boolean {
  if (!frameUrl) return false;
  return isAllowedNavigation(frameUrl, appEntryUrl);
}

function sameDocument(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname && a.username === '' && a.password === '';
}

function parse(value: string): URL | null {
  return URL.canParse(value) ? new URL(value) : null;
}
