import { describe, expect, it } from 'vitest';
import { allowedPermissions, isPermissionAllowed } from '../../../../main/electron/permission-policy.js';

const entry = 'file:///app/dist/renderer/index.html';

describe('permission policy (checklist #5)', () => {
  it.each(['media', 'geolocation', 'notifications', 'midi', 'clipboard-read', 'openExternal', 'hid', 'serial', 'usb', 'display-capture'])('denies %s', (permission) => {
    expect(isPermissionAllowed(permission, entry, entry)).toBe(false);
  });
  it('allows only what is on the allow-list, and only for our own page', () => {
    expect([...allowedPermissions]).toEqual(['fullscreen']);
    expect(isPermissionAllowed('fullscreen', `${entry}#/`, entry)).toBe(true);
    expect(isPermissionAllowed('fullscreen', 'https://evil.example/', entry)).toBe(false);
    expect(isPermissionAllowed('fullscreen', '', entry)).toBe(false);
  });
});
