import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ServerConfigError, type ServerConfig } from '../config.js';
import type { ServerDatabase } from '../db/schema.js';
import { readOrCreateSecretFile } from './secrets.js';

export const SERVER_KEY_ENV = 'VANGNET_SERVER_KEY';
const SEALED_PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The server key. PostgreSQL and production need it from the environment, kept apart from the
 * database and its backups. Only the embedded default (SQLite, not production) may fall back to
 * a 0600 file the server makes in its data folder, so `npm run server` works out of the box.
 */
export function loadServerKey(config: ServerConfig): Buffer {
  if (config.serverKey) return decodeServerKey(config.serverKey);
  if (config.production || config.storage.kind === 'postgres') {
    throw new ServerConfigError(
      `${SERVER_KEY_ENV} is not set: with PostgreSQL or NODE_ENV=production the server needs it to seal the organisations' alarm keys. Make one with \`openssl rand -hex 32\`, keep it outside the database and its backups, and give every instance the same one (docs/deployment.md)`,
    );
  }
  const file = config.serverKeyFile ?? `${config.storage.file}.server-key`;
  return readOrCreateSecretFile(file);
}

function decodeServerKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64url');
  if (key.length !== 32) throw new ServerConfigError(`${SERVER_KEY_ENV} must be 32 bytes`);
  return key;
}

/**
 * Seals and opens the organisations' Ed25519 private keys with AES-256-GCM under a key derived
 * from the server key. The row's key id is bound in, so a sealed key moved to another row is refused.
 */
export class AlarmKeySeal {
  private readonly key: Buffer;

  constructor(serverKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', serverKey, Buffer.alloc(0), 'vangnet organisation alarm key v1', 32));
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(SEALED_PREFIX);
  }

  seal(privateKey: string, keyId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(keyId, 'utf8'));
    const body = Buffer.concat([cipher.update(privateKey, 'utf8'), cipher.final()]);
    return `${SEALED_PREFIX}${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  open(stored: string, keyId: string): string {
    if (!AlarmKeySeal.isSealed(stored)) throw new Error(`the alarm key ${keyId} is not sealed`);
    const raw = Buffer.from(stored.slice(SEALED_PREFIX.length), 'base64url');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(keyId, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw new ServerConfigError(`the alarm key ${keyId} cannot be opened with this ${SERVER_KEY_ENV}: the server key is not the one the keys were sealed with`, { cause });
    }
  }
}

/**
 * Seals the private keys releases before this one stored in clear, each row in place, then
 * checks that one sealed key opens: a wrong server key stops the start with a message instead
 * of handing out keys that fail later.
 */
export async function sealStoredAlarmKeys(db: Kysely<ServerDatabase>, seal: AlarmKeySeal): Promise<number> {
  const rows = await db.selectFrom('organisation_alarm_key').select(['key_id', 'private_key']).execute();
  let sealed = 0;
  for (const row of rows) {
    if (AlarmKeySeal.isSealed(row.private_key)) continue;
    // Only where it is still clear: another instance sealing at the same moment wins, nothing is sealed twice.
    const result = await db.updateTable('organisation_alarm_key').set({ private_key: seal.seal(row.private_key, row.key_id) }).where('key_id', '=', row.key_id).where('private_key', '=', row.private_key).executeTakeFirst();
    sealed += Number(result.numUpdatedRows);
  }
  const probe = await db.selectFrom('organisation_alarm_key').select(['key_id', 'private_key']).limit(1).executeTakeFirst();
  if (probe) seal.open(probe.private_key, probe.key_id);
  return sealed;
}
