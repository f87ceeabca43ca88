import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../../shared/contract/roles.js';

export interface SessionToken {
  readonly token: string;
  readonly role: Role;
}

/** Fresh on every start: a token from yesterday, or from another user's host, opens nothing. */
export function createSessionTokens(): { operator: SessionToken; display: SessionToken } {
  return {
    operator: { token: randomBytes(32).toString('hex'), role: 'admin' },
    display: { token: randomBytes(32).toString('hex'), role: 'display' },
  };
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
