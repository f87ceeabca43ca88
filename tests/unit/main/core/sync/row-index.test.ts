import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../../../main/core/db/open-store.js';
import { ReplicaStore } from '../../../../../main/core/sync/replica-store.js';
import type { RowIndex } from '../../../../../main/core/sync/row-index.js';
import { newId } from '../../../../../shared/domain/ids.js';
import { formatHlc } from '../../../../../shared/sync/hlc.js';
import type { PulledRow } from '../../../../../shared/sync/protocol.js';
import { asPulled } from '../../../../support/pulled-rows.js';
import { tempDir } from '../../../../support/temp-dir.js';
import { TEST_STORE_KEY } from '../../../../support/test-keys.js';

const stores: Store[] = [];
afterEach(() => stores.splice(0).forEach((store) => store.close()));

/** Records what it hears, and counts the rows each call can already see in its transaction. */
function recordingIndex(store: Store, entities: string[], fail = false) {
  const calls: { entity: string; ids: string[]; visible: number }[] = [];
  const index: RowIndex = {
    entities: new Set(entities),
    rowsWritten(entity, ids) {
      if (fail) throw new Error('index refused');
      const list = JSON.parse(ids) as string[];
      calls.push({ entity, ids: list, visible: store.write.prepare('SELECT count(*) FROM replica_row WHERE id IN (SELECT value FROM json_each(?))').pluck().get(ids) as number });
    },
  };
  return { index, calls };
}

const scope = { organisationId: newId(), siteId: newId() };
/** A row as the wire brings it, through the wire's schema. */
const pulled = (entity: string, version: number, data: Record<string, unknown>, id = newId()): PulledRow =>
  asPulled([{ id, entity, organisation_id: scope.organisationId, site_id: scope.siteId, version, data, clocks: Object.fromEntries(Object.keys(data).map((field) => [field, formatHlc({ wall: 1_795_000_000_000 + version, counter: 0, node: 'peer' })])) }])[0] as PulledRow;

function replicaWith(entities: string[], fail = false) {
  const store = openStore({ key: TEST_STORE_KEY, dataDir: tempDir() });
  stores.push(store);
  const recorded = recordingIndex(store, entities, fail);
  return { store, replica: new ReplicaStore(store.write, store.read, newId(), () => new Date(), [recorded.index]), ...recorded };
}

describe('the replica tells its indexes what it wrote', () => {
  it('once per transaction and entity, inside it, and only for the entities an index follows', () => {
    const { replica, calls } = replicaWith(['incident', 'incident_task']);
    const rows = [pulled('incident', 1, { status: 'open' }), pulled('incident_task', 2, { kind: 'aftercare' }), pulled('incident', 3, { status: 'draft' }), pulled('house_rules', 4, { title: 'x' })];
    replica.applyPulled(rows, 4, 'epoch-1');
    expect(calls).toEqual([
      { entity: 'incident', ids: [rows[0]?.id, rows[2]?.id], visible: 2 },
      { entity: 'incident_task', ids: [rows[1]?.id], visible: 1 },
    ]);
  });

  it('a row pulled again unchanged is not reported; a changed one is', () => {
    const { replica, calls } = replicaWith(['incident']);
    const row = pulled('incident', 1, { status: 'open' });
    replica.applyPulled([row], 1, 'epoch-1');
    replica.applyPulled([row], 1, 'epoch-1');
    expect(calls).toHaveLength(1);
    replica.applyPulled([pulled('incident', 2, { status: 'closed' }, row.id)], 2, 'epoch-1');
    expect(calls.map((call) => call.ids)).toEqual([[row.id], [row.id]]);
  });

  it('rows dropped after a full re-sync are reported, so their derived data goes too', () => {
    const { replica, calls } = replicaWith(['incident']);
    const row = pulled('incident', 1, { status: 'open' });
    replica.applyPulled([row], 1, 'epoch-1');
    expect(replica.dropUnseen(new Set())).toBe(1);
    expect(calls.at(-1)).toEqual({ entity: 'incident', ids: [row.id], visible: 0 });
  });

  it('an index that fails takes the whole transaction back: no row without its derived data', () => {
    const { replica, store } = replicaWith(['incident'], true);
    expect(() => replica.applyPulled([pulled('incident', 1, { status: 'open' })], 1, 'epoch-1')).toThrow(/index refused/);
    expect(store.read.prepare('SELECT count(*) FROM replica_row').pluck().get()).toBe(0);
    expect(store.read.prepare('SELECT cursor FROM sync_state').pluck().get()).toBe(0);
  });
});
