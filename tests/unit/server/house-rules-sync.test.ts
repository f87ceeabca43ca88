import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids.js';
import { defaultContent } from '../../../shared/house-rules/default-texts.js';
import { formatHlc } from '../../../shared/sync/hlc.js';
import { visibleRows } from '../../support/replica.js';
import { tenantWithDesks } from '../../support/tenant-desks.js';

describe('house rules through the server', () => {
  it('carries a published version to another PC, and refuses any edit of it or a malformed version', async () => {
    const { t, desks: [a, b] } = await tenantWithDesks('sqlite', 2);
    if (!a || !b) throw new Error('two desks');
    const id = newId();
    const version = { content: defaultContent('Gemeente Zwolle'), starts_at: '2026-11-30T09:00:00.000Z', published_at: '2026-11-30T09:00:00.000Z', published_by: 'Carla', for_site_id: null };
    a.replica.writeRow('house_rules_version', id, version, a.scope);
    await a.engine.syncNow();
    await b.engine.syncNow();
    expect(visibleRows(b.store.read, 'house_rules_version')).toEqual([{ id, data: version }]);

    // A device with a newer clock tries to rewrite what displays showed, or to slip in a broken version.
    const hlc = formatHlc({ wall: Date.now() + 60_000, counter: 0, node: b.deviceId });
    const attempts: [string, Record<string, unknown>, string][] = [
      [id, { published_by: 'Someone else' }, 'IMMUTABLE'],
      [id, { _deleted: true }, 'UNKNOWN_FIELD'],
      [newId(), { ...version, content: { organisationName: 'X' } }, 'INVALID_VALUE'],
    ];
    for (const [rowId, patch, code] of attempts) {
      const push = await fetch(`${t.server.url}/v1/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${b.credential}`, 'content-type': 'application/json' },
        body: JSON.stringify({ schema_version: 1, ops: [{ op_id: newId(), device_seq: 1, entity: 'house_rules_version', row_id: rowId, patch, hlc, base_hlc: null, schema_version: 1 }] }),
      });
      expect(((await push.json()) as { rejected: { code: string }[] }).rejected.map((r) => r.code), JSON.stringify(patch).slice(0, 40)).toEqual([code]);
    }
    const stored = await t.server.store.db.selectFrom('replica_row').select(['data']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.data)).toEqual(version);
  });
});
