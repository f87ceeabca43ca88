import { MAX_BODY_BYTES, MAX_PUSH_OPS, SYNC_SCHEMA_VERSION } from '../../../shared/sync/protocol.js';
import type { ReplicaStore } from './replica-store.js';
import { SyncHttpError, type SyncTransport } from './transport.js';

/**
 * The server (or a proxy before it) refused the request itself, not an op in it: the body is too
 * large, or it does not parse as a batch. Another try of the same body gets the same answer.
 */
function refusesBody(error: unknown): error is SyncHttpError {
  return error instanceof SyncHttpError && (error.status === 413 || (error.status === 400 && (error.code === 'BAD_REQUEST' || error.code === 'BATCH_TOO_LARGE')));
}

/**
 * Sends the outbox in ordered batches until it is empty. Batches are filled by measured bytes
 * under the server's body limit (and at most MAX_PUSH_OPS ops). Refused ops are acknowledged too.
 * A batch the server refuses as a whole is halved until the op at fault travels alone; that
 * op then moves to the refused changes with the server's reason, so it never blocks the queue.
 */
export async function pushAll(store: ReplicaStore, transport: SyncTransport, onProgress?: () => void, maxBodyBytes = MAX_BODY_BYTES): Promise<number> {
  let sent = 0;
  let maxOps = MAX_PUSH_OPS;
  let maxBytes = maxBodyBytes;
  for (;;) {
    const { ops, bytes } = store.pendingBatch(maxOps, maxBytes);
    const first = ops[0];
    if (!first) return sent;
    if (bytes > maxBodyBytes) {
      // Sending it would only earn a 413 (or a reset connection): the server takes no body this large.
      store.refuse(first, 'PAYLOAD_TOO_LARGE', `this change is ${bytes} bytes as a request; the server takes at most ${maxBodyBytes}`);
      onProgress?.();
      continue;
    }
    let response;
    try {
      response = await transport.push({ schema_version: SYNC_SCHEMA_VERSION, ops });
    } catch (error) {
      if (!refusesBody(error)) throw error;
      if (ops.length === 1) {
        store.refuse(first, error.status === 413 ? 'PAYLOAD_TOO_LARGE' : error.code, error.message);
        onProgress?.();
        maxOps = MAX_PUSH_OPS;
        continue;
      }
      // Halve and try again: a proxy's lower limit is learnt (the byte budget stays down), and a
      // malformed op is cornered in a few requests.
      maxOps = Math.ceil(ops.length / 2);
      if (error.status === 413) maxBytes = Math.max(1, Math.floor(bytes / 2));
      continue;
    }
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
 * drops local rows the server no longer has. A new epoch first queues this device's own
 * writes again (the server may have lost them), which also keeps those rows from the drop.
 */
export async function pullAll(store: ReplicaStore, transport: SyncTransport, pageSize: number, onProgress?: () => void): Promise<{ rows: number; reset: boolean; requeued: number }> {
  let { cursor, epoch } = store.syncState();
  let seen: Set<string> | undefined;
  let rows = 0;
  let requeued = 0;
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
      // Compaction keeps the epoch and loses nothing a device still needs to send; a restore changes it.
      if (epoch !== null && page.epoch !== epoch) requeued = store.requeueOwnWrites();
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
  return { rows, reset: seen !== undefined, requeued };
}
