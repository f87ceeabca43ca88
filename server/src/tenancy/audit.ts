import type { Kysely } from 'kysely';
import { z } from 'zod';
import { newId } from '../../../shared/domain/ids.js';
import type { ServerDatabase } from '../db/schema.js';
import type { PacConfigUpdate } from '../pac/pac-config.js';

/** Every change an administrator makes; reads are not logged. */
export const adminActions = [
  'create-organisation',
  'disable-organisation',
  'create-site',
  'host',
  'agreement',
  'end-agreement',
  'enrolment-code',
  'revoke',
  'alarm-policy',
  'rotate-alarm-key',
  'pac',
  'create-display',
  'revoke-display',
  'new-epoch',
  'enrolment-token',
  'approve-device',
  'set-sector',
  /** Not by an administrator: an organisation's own PC opts it in or out (actor `device <id>`). */
  'benchmark-participation',
] as const;
export type AdminAction = (typeof adminActions)[number];

export interface AdminAuditEntry {
  /** Who: `api <address>` or `cli <user>@<host>` (one admin token is shared, so the address is what we know). */
  actor: string;
  action: AdminAction;
  /** The id acted on (organisation, site, device, agreement), if any. */
  target: string | null;
  /** What was set. Never a secret: no enrolment code, no display credential, no PAC key, no private key. */
  detail: Record<string, unknown>;
}

export async function recordAdminAction(db: Kysely<ServerDatabase>, entry: AdminAuditEntry, now: Date): Promise<void> {
  await db
    .insertInto('admin_audit')
    // A UUIDv7 id orders entries made within one millisecond.
    .values({ id: newId(), at: now.toISOString(), actor: entry.actor.slice(0, 200), action: entry.action, target: entry.target, detail: JSON.stringify(entry.detail) })
    .execute();
}

/** A PAC change as logged: everything but the key, and what happened to it. */
export function pacAuditDetail(update: PacConfigUpdate): Record<string, unknown> {
  const { key, ...rest } = update;
  return { ...rest, key: key === undefined ? 'unchanged' : key === null ? 'removed' : 'set' };
}

export const auditQuerySchema = z.strictObject({
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;

/** Newest first, from `since` on. */
export async function readAdminLog(db: Kysely<ServerDatabase>, query: AuditQuery) {
  let select = db.selectFrom('admin_audit').select(['at', 'actor', 'action', 'target', 'detail']);
  if (query.since) select = select.where('at', '>=', new Date(query.since).toISOString());
  const rows = await select.orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
}
