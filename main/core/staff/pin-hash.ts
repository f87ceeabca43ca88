import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/** scrypt$<salt>$<hash>: the only form in which a PIN is stored or replicated. */
export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${scryptSync(pin, salt, 64).toString('hex')}`;
}

export function pinMatches(pin: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  return timingSafeEqual(scryptSync(pin, Buffer.from(salt, 'hex'), 64), Buffer.from(hash, 'hex'));
}
