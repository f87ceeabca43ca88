import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { accessEntrySchema, checkLink, type AccessEntry, type ChainProblem } from '../../../shared/warnings/access-log.js';
import type { ServerDatabase } from '../db/schema.js';

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export interface ChainVerdict {
  chains: number;
  entries: number;
  /** The first entry that breaks its chain, by device and sequence number; null when every chain holds. */
  firstBad: { device_id: string; seq: number; row_id: string; problem: ChainProblem['problem'] | 'unreadable' } | null;
}

/** Checks every device's chain of the warnings access log from its first entry (the admin CLI's verify-audit). */
export async function verifyAccessChains(db: Kysely<ServerDatabase>): Promise<ChainVerdict> {
  const rows = await db.selectFrom('replica_row').select(['id', 'data']).where('entity', '=', 'warning_access').execute();
  const chains = new Map<string, { id: string; entry: AccessEntry | null; seq: number }[]>();
  for (const row of rows) {
    const raw = JSON.parse(row.data) as Record<string, unknown>;
    const parsed = accessEntrySchema.safeParse(raw);
    const deviceId = typeof raw['device_id'] === 'string' ? raw['device_id'] : 'unknown';
    const list = chains.get(deviceId) ?? [];
    list.push({ id: row.id, entry: parsed.success ? parsed.data : null, seq: typeof raw['seq'] === 'number' ? raw['seq'] : 0 });
    chains.set(deviceId, list);
  }
  let firstBad: ChainVerdict['firstBad'] = null;
  for (const [deviceId, list] of [...chains].sort(([a], [b]) => a.localeCompare(b))) {
    list.sort((a, b) => a.seq - b.seq);
    let head: { seq: number; hash: string } | null = null;
    for (const { id, entry, seq } of list) {
      const problem = entry ? checkLink(entry, head, sha256Hex)?.problem : 'unreadable';
      if (problem) {
        firstBad ??= { device_id: deviceId, seq, row_id: id, problem };
        break;
      }
      head = entry ? { seq: entry.seq, hash: entry.hash } : head;
    }
  }
  return { chains: chains.size, entries: rows.length, firstBad };
}
