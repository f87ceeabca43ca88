import { z } from 'zod';
import { idSchema } from '../domain/ids.js';

/**
 * Every lookup and every view or change of a warning leaves an entry in a log that
 * replicates to the server (docs/warnings.md). Entries form one hash chain per device:
 * each carries the hash of the one before, so a removed, altered or reordered entry breaks
 * the chain, and the server refuses it on arrival.
 */
export const accessActions = ['check', 'view', 'list', 'create', 'extend', 'notify', 'revoke', 'export'] as const;
export const accessActionSchema = z.enum(accessActions);
export type AccessAction = z.infer<typeof accessActionSchema>;

export const CHAIN_START = '0'.repeat(64);
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** The fields of an entry (entities.warning_access), all written at once. */
export const accessEntryFields = {
  device_id: idSchema,
  seq: z.number().int().positive(),
  prev_hash: sha256Hex,
  hash: sha256Hex,
  at: z.iso.datetime(),
  actor_id: idSchema,
  actor: z.string().max(120),
  desk: z.string().max(80),
  action: accessActionSchema,
  /** The warning looked at or changed; null for a lookup or a list. */
  warning_id: idSchema.nullable(),
  /** A lookup: the organisation-keyed hash of the normalised name searched (null before the PC had its key), and the answer. */
  query_hash: z.string().regex(/^[0-9a-f]{32}$/).nullable(),
  result: z.enum(['hit', 'no_hit']).nullable(),
};
export const accessEntrySchema = z.strictObject(accessEntryFields);
export type AccessEntry = z.infer<typeof accessEntrySchema>;

/** What the hash covers: every field but the hash, in a fixed order, so both sides compute the same text. */
export function chainPayload(entry: Omit<AccessEntry, 'hash'>): string {
  return JSON.stringify([entry.device_id, entry.seq, entry.prev_hash, entry.at, entry.actor_id, entry.actor, entry.desk, entry.action, entry.warning_id, entry.query_hash, entry.result]);
}

export type ChainProblem = { seq: number; problem: 'hash' | 'link' | 'gap' | 'device' };

/**
 * Checks that `entry` follows `head` (the last accepted entry of its device, or none) and
 * that its hash is its own. `sha256` is passed in: shared code runs in the renderer too.
 */
export function checkLink(entry: AccessEntry, head: { seq: number; hash: string } | null, sha256: (text: string) => string): ChainProblem | null {
  if (entry.seq !== (head?.seq ?? 0) + 1) return { seq: entry.seq, problem: 'gap' };
  if (entry.prev_hash !== (head?.hash ?? CHAIN_START)) return { seq: entry.seq, problem: 'link' };
  const { hash, ...rest } = entry;
  if (sha256(chainPayload(rest)) !== hash) return { seq: entry.seq, problem: 'hash' };
  return null;
}
