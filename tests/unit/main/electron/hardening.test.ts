import type { App, Session } from 'electron';
import { describe, expect, it } from 'vitest';
import { hardenApp } from '../../../../main/electron/hardening.js';

const entry = 'file:///app/dist/renderer/index.html';
type Fn = (...args: never[]) => unknown;

/** Captures every hook hardenApp installs, so each can be fired as Electron would. */
function capture(allowCheck?: (permission: string, url: string) => boolean) {
  const hooks: Record<string, Fn> = {};
  const session = {
    setPermissionRequestHandler: (fn: Fn) => (hooks['permissionRequest'] = fn),
    setPermissionCheckHandler: (fn: Fn) => (hooks['permissionCheck'] = fn),
    webRequest: { onHeadersReceived: (fn: Fn) => (hooks['headers'] = fn) },
  } as unknown as Session;
  const app = { on: (name: string, fn: Fn) => (hooks[name] = fn) } as unknown as App;
  hardenApp(app, session, entry, allowCheck);
  const contentsHooks: Record<string, Fn> = {};
  let openHandler: Fn = () => null;
  const contents = { on: (name: string, fn: Fn) => (contentsHooks[name] = fn), setWindowOpenHandler: (fn: Fn) => (openHandler = fn) };
  (hooks['web-contents-created'] as (e: unknown, c: unknown) => void)({}, contents);
  return { hooks, contentsHooks, openHandler: () => openHandler() };
}

function prevented(hook: Fn | undefined, url?: string): boolean {
  let stopped = false;
  (hook as (e: unknown, url?: string) => void)({ preventDefault: () => (stopped = true) }, url);
  return stopped;
}

describe('hardenApp wires the policies into Electron', () => {
  it('denies a camera request and allows nothing by default', () => {
    const { hooks } = capture();
    let answer: boolean | undefined;
    (hooks['permissionRequest'] as (w: unknown, p: string, cb: (ok: boolean) => void) => void)({ getURL: () => entry }, 'media', (ok) => (answer = ok));
    expect(answer).toBe(false);
    expect((hooks['permissionCheck'] as (w: unknown, p: string) => boolean)({ getURL: () => entry }, 'geolocation')).toBe(false);
  });

  it('adds only the extra permission checks it is given (the HID reader\'s hid), never to requests', () => {
    const reader = 'file:///app/electron/hid-reader.html';
    const { hooks } = capture((permission, url) => permission === 'hid' && url === reader);
    const check = hooks['permissionCheck'] as (w: unknown, p: string) => boolean;
    expect(check({ getURL: () => reader }, 'hid')).toBe(true);
    expect(check({ getURL: () => entry }, 'hid')).toBe(false);
    expect(check({ getURL: () => reader }, 'usb')).toBe(false);
    expect(check({ getURL: () => entry }, 'fullscreen')).toBe(true);
    let answer: boolean | undefined;
    (hooks['permissionRequest'] as (w: unknown, p: string, cb: (ok: boolean) => void) => void)({ getURL: () => reader }, 'hid', (ok) => (answer = ok));
    expect(answer).toBe(false);
  });

  it('adds the CSP header to every response', () => {
    const { hooks } = capture();
    let headers: Record<string, string[]> = {};
    (hooks['headers'] as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)({ responseHeaders: {} }, (r) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']?.[0]).toContain("default-src 'self'");
  });

  it('blocks navigation, redirects and webviews away from our page, and every window.open', () => {
    const { contentsHooks, openHandler } = capture();
    expect(prevented(contentsHooks['will-navigate'], 'https://evil.example')).toBe(true);
    expect(prevented(contentsHooks['will-navigate'], `${entry}#/settings`)).toBe(false);
    expect(prevented(contentsHooks['will-redirect'], 'https://evil.example')).toBe(true);
    expect(prevented(contentsHooks['will-attach-webview'])).toBe(true);
    expect(openHandler()).toEqual({ action: 'deny' });
  });
});
