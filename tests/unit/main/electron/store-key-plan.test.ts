import { describe, expect, it } from 'vitest';
import { shellKeyPlan } from '../../../../main/electron/store-key-plan.js';

describe("the shell's store key (sealed with safeStorage)", () => {
  it('unseals the key it sealed before', () => {
    for (const store of ['none', 'clear', 'encrypted'] as const) expect(shellKeyPlan({ encryptionAvailable: true, sealedKeyExists: true, store })).toEqual({ kind: 'unseal' });
  });

  it('makes a new key for a new store and for a clear store of an earlier release (which is then converted)', () => {
    expect(shellKeyPlan({ encryptionAvailable: true, sealedKeyExists: false, store: 'none' })).toEqual({ kind: 'create' });
    expect(shellKeyPlan({ encryptionAvailable: true, sealedKeyExists: false, store: 'clear' })).toEqual({ kind: 'create' });
  });

  it('never makes a new key for an encrypted store whose sealed key is gone: that would only hide the store', () => {
    expect(shellKeyPlan({ encryptionAvailable: true, sealedKeyExists: false, store: 'encrypted' })).toMatchObject({ kind: 'refuse', message: expect.stringMatching(/its key \(store-key\.safe\) is missing.*left untouched/) });
  });

  it('refuses to run without an OS keychain rather than keep the key in clear', () => {
    for (const sealedKeyExists of [true, false]) {
      expect(shellKeyPlan({ encryptionAvailable: false, sealedKeyExists, store: 'none' })).toMatchObject({ kind: 'refuse', message: expect.stringMatching(/no way to protect the store key/) });
    }
  });
});
