import type { App, Session } from 'electron';
import { rendererCsp } from '../../shared/security/csp.js';
import { isAllowedNavigation, windowOpenDecision } from './navigation-policy.js';
import { isPermissionAllowed } from './permission-policy.js';

/**
 * Applies the pure policies to Electron: every window, every webContents, the session.
 * `allowCheck` adds permission checks beyond the allow-list (the HID reader's 'hid').
 */
export function hardenApp(app: App, session: Session, appEntryUrl: string, allowCheck: (permission: string, requestingUrl: string) => boolean = () => false): void {
  session.setPermissionRequestHandler((webContents, permission, callback) => {
    callback(isPermissionAllowed(permission, webContents.getURL(), appEntryUrl));
  });
  session.setPermissionCheckHandler((webContents, permission) => {
    const url = webContents?.getURL() ?? '';
    return isPermissionAllowed(permission, url, appEntryUrl) || allowCheck(permission, url);
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [rendererCsp] } });
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url, appEntryUrl)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url, appEntryUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(windowOpenDecision);
  });
}
