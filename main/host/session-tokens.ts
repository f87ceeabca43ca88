import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '../../shared/contract/roles.js';

export interface SessionToken {
  readonly token: string;
  readonly role: Role;
}

/**
 * The operator token is fresh on every start: a token from yesterday, or from another
 * user's host, opens nothing. The display token (which opens only the house rules) is kept
 * in the data folder, so a TV finds its way back by itself after the host restarts.
 */
export function createSessionTokens(dataDir: string): { operator: SessionToken; display: SessionToken } {
  return {
    operator: { token: randomBytes(32).toString('hex'), role: 'admin' },
    display: { token: displayToken(dataDir), role: 'display' },
  };
}

const DISPLAY_TOKEN_FILE = 'display-token';

function displayToken(dataDir: string): string {
  const file = path.join(dataDir, DISPLAY_TOKEN_FILE);
  try {
    const kept = fs.readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(kept)) return kept;
  } catch {
    // None yet: make one below.
  }
  const token = randomBytes(32).toString('hex');
  fs.writeFileSync(file, token, { mode: 0o600 });
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
