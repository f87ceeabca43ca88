import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids.js';
import { defaultContent } from '../../../shared/house-rules/default-texts.js';
import { formatHlc } from '../../../shared/sync/hlc.js';
import { enrolReplica, visibleRows, type TestReplica } from '../../support/replica.js';
import { createTenant, startTestServer, type TestServer } from '../../support/sync-server.js';

const open: { servers: TestServer[]; replicas: TestReplica[] } = { servers: [], replicas: [] };
afterEach(async () => {
  for (const replica of open.replicas.splice(0)) await replica.close();
  for (const server of open.servers.splice(0)) await server.close();
});

describe('house rules through the server', () => {
  it('carries a published version to another PC, and refuses any edit of it or a malformed version', async () => {
    const t = await startTestServer('sqlite');
    open.servers.push(t);
    const tenant = await createTenant(t.directory);
    const a = await enrolReplica(t.server.url, t.directory, tenant);
    const b = await enrolReplica(t.server.url, t.directory, tenant);
    open.replicas.push(a, b);
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
