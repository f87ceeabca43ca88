import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';

/** 256 bits, used as SQLCipher's raw key: no passphrase, so no key derivation on every open. */
export const STORE_KEY_BYTES = 32;

/** The key of the local store. Made at random once; kept by the shell's keychain or the host's key file. */
export type StoreKey = Buffer;

/**
 * A clear store, for the benchmarks' baseline only (`npm run bench` sets encrypted against
 * clear in one run). No shell or host path can produce it: they pass a StoreKey.
 */
export const UNENCRYPTED_BASELINE = Symbol('unencrypted store: benchmark baselines only');
export type StoreKeyOrBaseline = StoreKey | typeof UNENCRYPTED_BASELINE;

export function newStoreKey(): StoreKey {
  return randomBytes(STORE_KEY_BYTES);
}

/**
 * A key written as 64 hex digits or as base64/base64url of 32 bytes. Anything else is an
 * error, never a shorter key.
 */
export function parseStoreKey(text: string, origin: string): StoreKey {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed) ? Buffer.from(trimmed, 'base64url') : null;
  if (key?.length !== STORE_KEY_BYTES) throw new Error(`${origin} must hold a ${STORE_KEY_BYTES}-byte key as 64 hex digits or base64 (got ${trimmed.length} characters)`);
  return key;
}

/**
 * SQLCipher 4's format (AES-256-CBC, HMAC-SHA512 per page), so the file opens in the stock
 * `sqlcipher` tool too. Must run on a fresh handle, before any page is read.
 */
export function applyStoreKey(db: Database, key: StoreKey): void {
  if (key.length !== STORE_KEY_BYTES) throw new Error(`a store key has ${STORE_KEY_BYTES} bytes, not ${key.length}`);
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key.toString('hex')}'"`);
}

/** Encrypts a clear file that no other handle has open; SQLite3MultipleCiphers rewrites every page in one transaction. */
export function encryptClearFile(db: Database, key: StoreKey): void {
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`rekey = "x'${key.toString('hex')}'"`);
}
