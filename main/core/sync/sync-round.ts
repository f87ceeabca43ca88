import { MAX_PUSH_OPS, SYNC_SCHEMA_VERSION } from '../../../shared/sync/protocol.js';
import type { ReplicaStore } from './replica-store.js';
import type { SyncTransport } from './transport.js';

/** Sends the outbox in ordered batches until it is empty. Refused ops are acknowledged too. */
export async function pushAll(store: ReplicaStore, transport: SyncTransport, onProgress?: () => void): Promise<number> {
  let sent = 0;
  for (;;) {
    const ops = store.pendingOps(MAX_PUSH_OPS);
    if (ops.length === 0) return sent;
    const response = await transport.push({ schema_version: SYNC_SCHEMA_VERSION, ops });
    store.acknowledge(ops, response);
    sent += ops.length;
    onProgress?.();
    const last = ops.at(-1)?.device_seq ?? 0;
    if (response.acked_through < last) throw new Error(`the server acknowledged through ${response.acked_through}, not ${last}`);
  }
}

/**
 * Pulls every page above the cursor. If the server says reset (a new epoch after a
 * restore, or a cursor older than its compaction), it starts from zero and afterwards
 * drops local rows the server no longer has.
 */
export async function pullAll(store: ReplicaStore, transport: SyncTransport, pageSize: number, onProgress?: () => void): Promise<{ rows: number; reset: boolean }> {
  let { cursor, epoch } = store.syncState();
  let seen: Set<string> | undefined;
  let rows = 0;
  const request = (from: number) => {
    const next = transport.pull({ cursor: from, limit: pageSize, epoch: epoch ?? undefined, schema_version: SYNC_SCHEMA_VERSION });
    next.catch(() => undefined); // awaited below; this only stops an early rejection from going unhandled
    return next;
  };
  let pending = request(cursor);
  for (;;) {
    const page = await pending;
    if (page.reset) {
      if (seen) throw new Error('the server asked for a re-sync twice in one round');
      seen = new Set();
      cursor = 0;
      epoch = page.epoch;
      pending = request(0);
      continue;
    }
    // Ask for the next page first, so the server works while we write this one.
    if (page.has_more) pending = request(page.cursor);
    if (store.applyPulled(page.rows, page.cursor, page.epoch, seen) > 0) onProgress?.();
    rows += page.rows.length;
    cursor = page.cursor;
    epoch = page.epoch;
    if (!page.has_more) break;
  }
  if (seen) store.dropUnseen(seen);
  return { rows, reset: seen !== undefined };
}
