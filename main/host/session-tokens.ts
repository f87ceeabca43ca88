import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../../shared/contract/roles.js';
import type { CredentialVault } from '../core/sync/credential-vault.js';

export interface SessionToken {
  readonly token: string;
  readonly role: Role;
}

/**
 * The operator token is fresh on every start: a token from yesterday, or from another
 * user's host, opens nothing. The display token (which opens only the house rules) is kept
 * in the encrypted store, so a TV finds its way back by itself after the host restarts.
 */
export function createSessionTokens(displayVault: CredentialVault): { operator: SessionToken; display: SessionToken } {
  return {
    operator: { token: randomBytes(32).toString('hex'), role: 'admin' },
    display: { token: displayToken(displayVault), role: 'display' },
  };
}

function displayToken(vault: CredentialVault): string {
  const kept = vault.read();
  if (kept && /^[0-9a-f]{64}$/.test(kept)) return kept;
  const token = randomBytes(32).toString('hex');
  vault.write(token);
  return token;
}

export function roleForToken(presented: string | undefined, tokens: readonly SessionToken[]): Role | null {
  if (!presented) return null;
  const given = Buffer.from(presented);
  for (const { token, role } of tokens) {
    const expected = Buffer.from(token);
    if (given.length === expected.length && timingSafeEqual(given, expected)) return role;
  }
  return null;
}
