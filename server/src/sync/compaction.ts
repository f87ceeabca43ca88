import { subDays } from 'date-fns';
import type { Kysely } from 'kysely';
import type { ServerDatabase } from '../db/schema.js';

/**
 * Tombstones are not kept forever (CouchDB's weak spot). Removing them raises
 * min_version; a device whose cursor is below it is told to re-sync in full.
 */
export async function compact(db: Kysely<ServerDatabase>, now: Date, tombstoneDays = 90, opDays = 30): Promise<{ tombstones: number; ops: number }> {
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('server_state').set((eb) => ({ version: eb.ref('version') })).where('id', '=', 1).execute();
    const cutoff = subDays(now, tombstoneDays).toISOString();
    const newest = await trx.selectFrom('replica_row').select((eb) => eb.fn.max('version').as('version')).where('deleted', '=', 1).where('updated_at', '<', cutoff).executeTakeFirst();
    const removed = await trx.deleteFrom('replica_row').where('deleted', '=', 1).where('updated_at', '<', cutoff).executeTakeFirst();
    if (newest?.version !== null && newest?.version !== undefined) {
      const state = await trx.selectFrom('server_state').select('min_version').where('id', '=', 1).executeTakeFirstOrThrow();
      await trx.updateTable('server_state').set({ min_version: Math.max(Number(state.min_version), Number(newest.version)) }).where('id', '=', 1).execute();
    }
    const ops = await trx.deleteFrom('applied_op').where('applied_at', '<', subDays(now, opDays).toISOString()).executeTakeFirst();
    return { tombstones: Number(removed.numDeletedRows), ops: Number(ops.numDeletedRows) };
  });
}
