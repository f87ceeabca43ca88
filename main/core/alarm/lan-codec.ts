import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { pathMessageSchema, type PathMessage } from '../../../shared/alarm/readiness.js';

/** A LAN datagram: the message text exactly as signed, and its HMAC-SHA256 under the site key. */
const envelopeSchema = z.strictObject({ m: z.string().max(6_000), s: z.string().regex(/^[0-9a-f]{64}$/) });

export const MAX_DATAGRAM_BYTES = 8 * 1024;
/** Clocks on a site's PCs may differ a little; anything older or further ahead is a replay or a forgery. */
export const REPLAY_WINDOW_MS = 30_000;
export const MIN_SITE_KEY_BYTES = 32;

export type Rejection = 'malformed' | 'forged' | 'replayed' | 'stale' | 'other_site' | 'duplicate';
export type Decoded = { ok: true; message: PathMessage } | { ok: false; reason: Rejection };

export function encodeDatagram(message: PathMessage, siteKey: Buffer): Buffer {
  const m = JSON.stringify(message);
  return Buffer.from(JSON.stringify({ m, s: createHmac('sha256', siteKey).update(m).digest('hex') }));
}

/**
 * Checks a datagram in the order that costs an attacker most: size and shape, then the
 * signature, then the site, then the time window and the ids already seen.
 */
export class LanVerifier {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly siteKey: Buffer,
    private readonly siteId: string,
    private readonly now: () => number,
  ) {
    if (siteKey.length < MIN_SITE_KEY_BYTES) throw new Error(`the site key must be at least ${MIN_SITE_KEY_BYTES} bytes`);
  }

  decode(datagram: Buffer): Decoded {
    if (datagram.length > MAX_DATAGRAM_BYTES) return { ok: false, reason: 'malformed' };
    let envelope: z.infer<typeof envelopeSchema>;
    try {
      const parsed = envelopeSchema.safeParse(JSON.parse(datagram.toString('utf8')));
      if (!parsed.success) return { ok: false, reason: 'malformed' };
      envelope = parsed.data;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    const expected = createHmac('sha256', this.siteKey).update(envelope.m).digest();
    if (!timingSafeEqual(expected, Buffer.from(envelope.s, 'hex'))) return { ok: false, reason: 'forged' };
    let message: PathMessage;
    try {
      const parsed = pathMessageSchema.safeParse(JSON.parse(envelope.m));
      if (!parsed.success) return { ok: false, reason: 'malformed' };
      message = parsed.data;
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (message.site_id !== this.siteId) return { ok: false, reason: 'other_site' };
    const now = this.now();
    if (Math.abs(now - Date.parse(message.at)) > REPLAY_WINDOW_MS) return { ok: false, reason: 'stale' };
    this.forgetOld(now);
    if (this.seen.has(message.message_id)) return { ok: false, reason: 'replayed' };
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
