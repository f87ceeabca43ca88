import type { StoreFileState } from '../core/db/open-store.js';

/** The store key, sealed by the OS keychain (DPAPI on Windows), beside the store: unreadable without this user's login. */
export const SEALED_STORE_KEY_FILE = 'store-key.safe';

export type ShellKeyPlan = { kind: 'unseal' } | { kind: 'create' } | { kind: 'refuse'; message: string };

/**
 * What the shell does for its store key. Pure, so each branch is tested without Electron.
 * A key is made only while no encrypted store exists: a lost sealed key never becomes a new
 * key that would make the old store look damaged.
 */
export function shellKeyPlan(facts: { encryptionAvailable: boolean; sealedKeyExists: boolean; store: StoreFileState }): ShellKeyPlan {
  if (!facts.encryptionAvailable) {
    return { kind: 'refuse', message: 'The operating system offers no way to protect the store key (no keychain or DPAPI). Vangnet does not keep its key in clear; ask IT to enable the keychain for this user.' };
  }
  if (facts.sealedKeyExists) return { kind: 'unseal' };
  if (facts.store === 'encrypted') {
    return { kind: 'refuse', message: `The local store is encrypted, but its key (${SEALED_STORE_KEY_FILE}) is missing from the data folder. Restore that file from the same Windows user's backup; the store was left untouched.` };
  }
  return { kind: 'create' };
}
