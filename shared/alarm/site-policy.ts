import { z } from 'zod';
import { idSchema } from '../domain/ids.js';

/** A signing key's id, carried in each LAN datagram so receivers know which public key to check. */
export const alarmKeyIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
/** 32 bytes, base64: an Ed25519 seed (private) or public key. */
const rawKeySchema = z.base64().length(44);

/** A public key a PC checks LAN datagrams with, and until when (rotation grace); null = current. */
export const alarmPublicKeySchema = z.strictObject({
  key_id: alarmKeyIdSchema,
  organisation_id: idSchema,
  public_key: rawKeySchema,
  valid_until: z.iso.datetime().nullable(),
});
export type AlarmPublicKey = z.infer<typeof alarmPublicKeySchema>;

/**
 * What the server hands each PC about its site's alarm: escalation, its own organisation's
 * signing key, the public keys it must check, and the alarm-sharing agreements there.
 * Never another organisation's private key.
 */
export const sitePolicySchema = z.strictObject({
  /** Nobody coming after this many seconds: alert the next group. */
  escalation_after_s: z.number().int().min(5).max(600),
  /** How many groups the alarm can reach (group 1 at once, then one more per escalation). */
  groups: z.number().int().min(1).max(3),
  /** This PC's organisation's current Ed25519 key: signs its LAN alarms and beacons. */
  signing_key: z.strictObject({ key_id: alarmKeyIdSchema, organisation_id: idSchema, private_key: rawKeySchema }),
  /** Own organisation, organisations whose alarms reach it and those its alarms reach. */
  public_keys: z.array(alarmPublicKeySchema).max(200),
  /** Alarm-sharing agreements at this site: `from`'s alarms reach `to`'s PCs. */
  agreements: z.array(z.strictObject({ from: idSchema, to: idSchema })).max(500),
});
export type SitePolicy = z.infer<typeof sitePolicySchema>;

export const sitePolicyUpdateSchema = sitePolicySchema.pick({ escalation_after_s: true, groups: true });
export type SitePolicyUpdate = z.infer<typeof sitePolicyUpdateSchema>;

export const DEFAULT_SITE_POLICY: SitePolicyUpdate = { escalation_after_s: 30, groups: 2 };

/** After a rotation, PCs accept the previous key this long, so PCs that have not fetched the new one yet are still heard. */
export const DEFAULT_KEY_GRACE_S = 24 * 60 * 60;
export const MAX_KEY_GRACE_S = 14 * 24 * 60 * 60;
export const keyRotationSchema = z.strictObject({ grace_s: z.number().int().min(0).max(MAX_KEY_GRACE_S).default(DEFAULT_KEY_GRACE_S) });
