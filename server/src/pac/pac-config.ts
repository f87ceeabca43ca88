import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { ServerDatabase } from '../db/schema.js';
import { TenancyError } from '../tenancy/directory.js';
import { eventTokens, keyFromHex } from './dc09.js';

const hexId = (max: number, what: string) => z.string().regex(new RegExp(`^[0-9A-F]{1,${max}}$`), { error: `${what} is 1-${max} upper-case hex digits` });

/**
 * What an administrator sets per site. `key` omitted keeps the stored key, `null` removes it:
 * the key is never shown again, so an update must not need it.
 */
export const pacConfigUpdateSchema = z.strictObject({
  enabled: z.boolean(),
  host: z.union([z.ipv4(), z.ipv6(), z.hostname()], { error: 'host must be a host name or an IP address' }),
  port: z.number().int().min(1).max(65535),
  /** The account the alarm centre knows this site by: 3-16 hex digits (DC-09). */
  account: z.string().regex(/^[0-9A-F]{3,16}$/, { error: 'account is 3-16 upper-case hex digits' }),
  receiver: hexId(6, 'receiver').default('0'),
  line_prefix: hexId(6, 'line_prefix').default('0'),
  token: z.enum(eventTokens).default('ADM-CID'),
  key: z
    .string()
    .regex(/^(?:[0-9A-Fa-f]{32}|[0-9A-Fa-f]{64})$/, { error: 'key is 32 (AES-128) or 64 (AES-256) hex digits' })
    .nullable()
    .optional(),
  /** A NULL message this often while idle, so the centre notices a dead link. */
  supervision_s: z.number().int().min(10).max(90_000).default(180),
});
export type PacConfigUpdate = z.infer<typeof pacConfigUpdateSchema>;

/** What the admin API and CLI show: everything but the key. */
export interface PacConfigView {
  site_id: string;
  enabled: boolean;
  host: string;
  port: number;
  account: string;
  receiver: string;
  line_prefix: string;
  token: (typeof eventTokens)[number];
  key_set: boolean;
  supervision_s: number;
}

/** What the forwarder needs, key included; stays inside the server. */
export interface PacConfig extends Omit<PacConfigView, 'key_set'> {
  key: Buffer | null;
}

type Row = ServerDatabase['site_pac'];

const view = (row: Row): PacConfigView => ({
  site_id: row.site_id,
  enabled: Number(row.enabled) === 1,
  host: row.host,
  port: Number(row.port),
  account: row.account,
  receiver: row.receiver,
  line_prefix: row.line_prefix,
  token: row.token,
  key_set: row.key_hex !== null,
  supervision_s: Number(row.supervision_s),
});

const full = (row: Row): PacConfig => {
  const { key_set: _keySet, ...rest } = view(row);
  return { ...rest, key: row.key_hex === null ? null : keyFromHex(row.key_hex) };
};

export async function updatePacConfig(db: Kysely<ServerDatabase>, siteId: string, update: PacConfigUpdate, now: Date): Promise<PacConfigView> {
  const site = await db.selectFrom('site').select('id').where('id', '=', siteId).executeTakeFirst();
  if (!site) throw new TenancyError('NOT_FOUND', `no site ${siteId}`);
  const { key, ...fields } = update;
  const values = { ...fields, enabled: fields.enabled ? 1 : 0, updated_at: now.toISOString() };
  const keyChange = key === undefined ? {} : { key_hex: key === null ? null : key.toUpperCase() };
  await db
    .insertInto('site_pac')
    .values({ site_id: siteId, ...values, key_hex: key ? key.toUpperCase() : null })
    .onConflict((conflict) => conflict.column('site_id').doUpdateSet({ ...values, ...keyChange }))
    .execute();
  return readPacConfigView(db, siteId);
}

export async function readPacConfigView(db: Kysely<ServerDatabase>, siteId: string): Promise<PacConfigView> {
  const row = await db.selectFrom('site_pac').selectAll().where('site_id', '=', siteId).executeTakeFirst();
  if (!row) throw new TenancyError('NOT_FOUND', `no alarm receiving centre is configured for site ${siteId}`);
  return view(row);
}

export async function loadPacConfig(db: Kysely<ServerDatabase>, siteId: string): Promise<PacConfig | null> {
  const row = await db.selectFrom('site_pac').selectAll().where('site_id', '=', siteId).where('enabled', '=', 1).executeTakeFirst();
  return row ? full(row) : null;
}

export async function enabledPacConfigs(db: Kysely<ServerDatabase>): Promise<PacConfig[]> {
  const rows = await db.selectFrom('site_pac').selectAll().where('enabled', '=', 1).execute();
  return rows.map(full);
}
