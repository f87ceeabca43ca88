import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';

/** 256 bits, used as the cipher's raw key: no passphrase, so no key derivation on every open. */
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
 * The store's cipher: AEGIS-256 (an authenticated cipher built on the AES round, so it runs
 * on the CPU's AES instructions), a random nonce and a 256-bit tag on every page of the
 * database, its WAL and journal. Measured against SQLCipher 4's AES-CBC + HMAC-SHA512 it
 * removes nearly all of encryption's cost (see docs/security.md). Must run on a fresh
 * handle, before any page is read.
 */
export const STORE_CIPHER = { cipher: 'aegis', algorithm: 'aegis-256' } as const;

export function applyStoreKey(db: Database, key: StoreKey): void {
  selectStoreCipher(db);
  db.pragma(`key = ${rawKeyLiteral(key)}`);
}

/** Encrypts a clear file that no other handle has open; SQLite3MultipleCiphers rewrites every page in one transaction. */
export function encryptClearFile(db: Database, key: StoreKey): void {
  selectStoreCipher(db);
  db.pragma(`rekey = ${rawKeyLiteral(key)}`);
}

/**
 * SQLCipher 4's format (AES-256-CBC, HMAC-SHA512 per page), which releases up to 0.1.x wrote.
 * Only to read such a store once, while it is re-encrypted with STORE_CIPHER.
 */
export function applyPreviousStoreKey(db: Database, key: StoreKey): void {
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = ${rawKeyLiteral(key)}`);
}

/** On a handle opened with applyPreviousStoreKey, in rollback-journal mode: every page rewritten in STORE_CIPHER. */
export function reencryptWithStoreCipher(db: Database, key: StoreKey): void {
  selectStoreCipher(db);
  db.pragma(`rekey = ${rawKeyLiteral(key)}`);
}

function selectStoreCipher(db: Database): void {
  db.pragma(`cipher = '${STORE_CIPHER.cipher}'`);
  db.pragma(`algorithm = '${STORE_CIPHER.algorithm}'`);
}

/** The x'..' form is a raw key: SQLite3MultipleCiphers then skips its passphrase KDF (Argon2 or PBKDF2) on every open. */
function rawKeyLiteral(key: StoreKey): string {
  if (key.length !== STORE_KEY_BYTES) throw new Error(`a store key has ${STORE_KEY_BYTES} bytes, not ${key.length}`);
  return `"x'${key.toString('hex')}'"`;
}
