import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Credentials and enrolment codes are stored only as hashes; they are high-entropy, so SHA-256 suffices. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function newCredential(): string {
  return randomBytes(32).toString('base64url');
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford: no I, L, O, U

/** Twelve characters an administrator can read out over the phone: "K7PQ-M2XD-9RTA". */
export function newEnrolmentCode(): string {
  const chars = Array.from({ length: 12 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8)].map((group) => group.join('')).join('-');
}

/** Typing slips are forgiven: case, spaces and dashes do not matter. */
export function normaliseEnrolmentCode(code: string): string {
  const bare = code.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return bare.length === 12 ? `${bare.slice(0, 4)}-${bare.slice(4, 8)}-${bare.slice(8)}` : bare;
}
