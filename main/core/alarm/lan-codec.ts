import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { acceptsAlarmEventFrom, countsBeaconFrom, type SiteAudience } from '../../../shared/alarm/audience.js';
import { isBeacon, pathMessageSchema, type PathMessage } from '../../../shared/alarm/readiness.js';
import { alarmKeyIdSchema, type SitePolicy } from '../../../shared/alarm/site-policy.js';

/**
 * A LAN datagram: the message text exactly as signed, the id of the signing key, and the
 * Ed25519 signature (64 bytes, base64).
 */
const envelopeSchema = z.strictObject({ m: z.string().max(6_000), k: alarmKeyIdSchema, s: z.base64().length(88) });

export const MAX_DATAGRAM_BYTES = 8 * 1024;
/** Clocks on a site's PCs may differ a little; anything older or further ahead is a replay or a forgery. */
export const REPLAY_WINDOW_MS = 30_000;
export const ED25519_SEED_BYTES = 32;

// DER headers that turn raw 32-byte Ed25519 keys into the forms node:crypto imports (RFC 8410).
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

export function privateKeyFromSeed(seed: Buffer): KeyObject {
  if (seed.length !== ED25519_SEED_BYTES) throw new Error(`an Ed25519 private key is ${ED25519_SEED_BYTES} bytes, not ${seed.length}`);
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
}

export function publicKeyFromRaw(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new Error(`an Ed25519 public key is 32 bytes, not ${raw.length}`);
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });
}

/** The raw 32 bytes of a public key, as the site policy carries it. */
export function rawPublicKey(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
}

/** What this PC signs with and whom it believes, for one site. */
export interface LanTrust {
  signing: { keyId: string; organisationId: string; privateKey: KeyObject };
  /** Public keys by id; `validUntil` (ms) ends a rotated key's grace, null for a current key. */
  keys: ReadonlyMap<string, { organisationId: string; publicKey: KeyObject; validUntil: number | null }>;
  audience: SiteAudience;
}

/** The trust the server's site policy gives: own key, the keys to check, the agreements. */
export function trustFromPolicy(policy: SitePolicy): LanTrust {
  const keys = new Map(policy.public_keys.map((key) => [key.key_id, { organisationId: key.organisation_id, publicKey: publicKeyFromRaw(Buffer.from(key.public_key, 'base64')), validUntil: key.valid_until ? Date.parse(key.valid_until) : null }]));
  return {
    signing: { keyId: policy.signing_key.key_id, organisationId: policy.signing_key.organisation_id, privateKey: privateKeyFromSeed(Buffer.from(policy.signing_key.private_key, 'base64')) },
    keys,
    audience: { organisationId: policy.signing_key.organisation_id, agreements: policy.agreements },
  };
}

/** A site without a server: one organisation, one key from a file, every PC holding it. */
export function trustFromSeed(organisationId: string, seed: Buffer): LanTrust {
  const privateKey = privateKeyFromSeed(seed);
  const publicKey = createPublicKey(privateKey);
  const keyId = `file-${createHash('sha256').update(rawPublicKey(publicKey)).digest('hex').slice(0, 24)}`;
  return { signing: { keyId, organisationId, privateKey }, keys: new Map([[keyId, { organisationId, publicKey, validUntil: null }]]), audience: { organisationId, agreements: [] } };
}

export type Rejection = 'malformed' | 'unknown_key' | 'forged' | 'other_site' | 'not_audience' | 'stale' | 'replayed';
export type Decoded = { ok: true; message: PathMessage } | { ok: false; reason: Rejection; keyId?: string; organisationId?: string };

/** Signs with this PC's own organisation's key; the message must speak for that organisation. */
export function encodeDatagram(message: PathMessage, signing: LanTrust['signing']): Buffer {
  const m = JSON.stringify(message);
  return Buffer.from(JSON.stringify({ m, k: signing.keyId, s: sign(null, Buffer.from(m), signing.privateKey).toString('base64') }));
}

function parseJson<T>(text: string, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Checks a datagram in the order that costs an attacker most: size and shape, the key id,
 * the signature by the claimed organisation's key, the site, the audience rule, then the
 * time window and the ids already seen.
 */
export class LanVerifier {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly trust: LanTrust,
    private readonly siteId: string,
    private readonly now: () => number,
  ) {}

  decode(datagram: Buffer): Decoded {
    if (datagram.length > MAX_DATAGRAM_BYTES) return { ok: false, reason: 'malformed' };
    const envelope = parseJson(datagram.toString('utf8'), envelopeSchema);
    if (!envelope) return { ok: false, reason: 'malformed' };
    const key = this.trust.keys.get(envelope.k);
    const now = this.now();
    if (!key || (key.validUntil !== null && now > key.validUntil)) return { ok: false, reason: 'unknown_key', keyId: envelope.k };
    if (!verify(null, Buffer.from(envelope.m), key.publicKey, Buffer.from(envelope.s, 'base64'))) return { ok: false, reason: 'forged', keyId: envelope.k };
    const message = parseJson(envelope.m, pathMessageSchema);
    if (!message) return { ok: false, reason: 'malformed', keyId: envelope.k };
    const refused = (reason: Rejection): Decoded => ({ ok: false, reason, keyId: envelope.k, organisationId: message.organisation_id });
    // A valid signature by one organisation's key speaks for that organisation only.
    if (message.organisation_id !== key.organisationId) return refused('forged');
    if (message.site_id !== this.siteId) return refused('other_site');
    const audience = this.trust.audience;
    if (!(isBeacon(message) ? countsBeaconFrom(audience, message.organisation_id) : acceptsAlarmEventFrom(audience, message.organisation_id, message.event, message.origin?.site_id === this.siteId ? message.origin.organisation_id : undefined))) return refused('not_audience');
    if (Math.abs(now - Date.parse(message.at)) > REPLAY_WINDOW_MS) return refused('stale');
    this.forgetOld(now);
    if (this.seen.has(message.message_id)) return refused('replayed');
    this.seen.set(message.message_id, now);
    return { ok: true, message };
  }

  /** Ids older than twice the window can go: their timestamps alone now refuse them. */
  private forgetOld(now: number): void {
    for (const [id, at] of this.seen) {
      if (now - at <= 2 * REPLAY_WINDOW_MS) break;
      this.seen.delete(id);
    }
  }
}
