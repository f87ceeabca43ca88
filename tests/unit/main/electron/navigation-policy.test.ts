import { describe, expect, it } from 'vitest';
import { isAllowedNavigation, isTrustedSenderUrl, windowOpenDecision } from '../../../../main/electron/navigation-policy.js';

const entry = 'file:///opt/Vangnet/resources/app.asar/dist/renderer/index.html';

describe('navigation policy (checklist #13, #14)', () => {
  it('allows our own entry page and its hash routes', () => {
    expect(isAllowedNavigation(entry, entry)).toBe(true);
    expect(isAllowedNavigation(`${entry}#/settings`, entry)).toBe(true);
  });
  it.each([
    'https://evil.example/',
    'http://127.0.0.1:4780/',
    'file:///etc/passwd',
    'file:///opt/Vangnet/resources/app.asar/dist/renderer/other.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'not a url',
    '',
  ])('refuses %s', (target) => {
    expect(isAllowedNavigation(target, entry)).toBe(false);
  });
  it('denies every window.open', () => {
    expect(windowOpenDecision()).toEqual({ action: 'deny' });
  });
});

describe('IPC sender check (checklist #17)', () => {
  it('trusts only a frame that shows our entry page', () => {
    expect(isTrustedSenderUrl(`${entry}#/`, entry)).toBe(true);
    expect(isTrustedSenderUrl('https://evil.example/', entry)).toBe(false);
    expect(isTrustedSenderUrl(undefined, entry)).toBe(false);
    expect(isTrustedSenderUrl('', entry)).toBe(false);
  });
});
