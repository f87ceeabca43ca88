import { createHash, createHmac } from 'node:crypto';
import { warningKeysSchema, type WarningKeys } from '../../../shared/warnings/warning.js';
import type { CredentialVault } from '../sync/credential-vault.js';

/** 128 bits of a hash: enough to tell names apart in a building, small enough for 100,000 warnings. */
const cut = (digest: string) => digest.slice(0, 32);

/**
 * The issuing organisation's own index: its rows hold the name in clear already, so an
 * unkeyed hash adds nothing to read, and needs no key to be present.
 */
export const ownMatchKey = (variant: string): string => cut(createHash('sha256').update(`vangnet-own-warning\u0000${variant}`, 'utf8').digest('hex'));

/** A partner's index: keyed with its agreement's key, the same function as the server's. */
export const keyedMatchKey = (key: Buffer, variant: string): string => cut(createHmac('sha256', key).update(variant, 'utf8').digest('hex'));

export const birthKey = (hash: (variant: string) => string, birthDate: string): string => hash(`b:${birthDate}`);


/**
 * The keys the server hands this PC. Kept in a vault of their own (a 0600 file, or the
 * shell's OS-encrypted store), never in the database beside the hashes they make.
 */
export class WarningKeyring {
  private keys: WarningKeys;

  constructor(private readonly vault: CredentialVault) {
    this.keys = parse(vault.read());
  }

  current(): WarningKeys {
    return this.keys;
  }

  /** The server's list replaces ours: a key of an ended agreement is forgotten. */
  replace(keys: WarningKeys): void {
    if (JSON.stringify(keys) === JSON.stringify(this.keys)) return;
    this.keys = keys;
    this.vault.write(JSON.stringify(keys));
  }

  agreementKeys(): { agreementId: string; key: Buffer }[] {
    return this.keys.agreements.map((entry) => ({ agreementId: entry.agreement_id, key: Buffer.from(entry.key, 'base64url') }));
  }

  organisationKey(): Buffer | null {
    return this.keys.organisation_key ? Buffer.from(this.keys.organisation_key, 'base64url') : null;
  }
}

function parse(text: string | null): WarningKeys {
  if (!text) return { agreements: [], organisation_key: null };
  try {
    const parsed = warningKeysSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : { agreements: [], organisation_key: null };
  } catch {
    return { agreements: [], organisation_key: null };
  }
}
