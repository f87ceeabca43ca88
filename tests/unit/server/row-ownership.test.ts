import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids.js';
import { DEFAULT_FOLLOW_UP_POLICY } from '../../../shared/incident/follow-up-policy.js';
import { formatHlc } from '../../../shared/sync/hlc.js';
import { followUpTaskId } from '../../../shared/sync/row-ids.js';
import { SYNC_SCHEMA_VERSION } from '../../../shared/sync/protocol.js';
import { enrolReplica, type TestReplica } from '../../support/replica.js';
import { postgresAvailable, startTestServer, type StorageKind, type TestServer } from '../../support/sync-server.js';

const open: { servers: TestServer[]; replicas: TestReplica[] } = { servers: [], replicas: [] };
afterEach(async () => {
  for (const replica of open.replicas.splice(0)) await replica.close();
  for (const server of open.servers.splice(0)) await server.close();
});

const incident = { occurred_at: '2026-11-28T09:00:00.000Z', channel: 'counter', forms: ['threat'], status: 'open' };
const task = (incidentId: string) => ({ incident_id: incidentId, kind: 'reaction_48h', due_at: '2026-11-30T09:00:00.000Z', mandatory: true, status: 'open' });
type Op = { op_id?: string; device_seq: number; entity: string; row_id: string; patch: Record<string, unknown> };

async function setUp(kind: StorageKind) {
  const t = await startTestServer(kind);
  open.servers.push(t);
  // Two organisations in one building, as on a shared LAN where organisation ids travel in every datagram.
  const site = await t.directory.createSite('Werkplein');
  const [orgA, orgC] = [await t.directory.createOrganisation('Gemeente'), await t.directory.createOrganisation('UWV')];
  await t.directory.hostAt(orgA.id, site.id);
  await t.directory.hostAt(orgC.id, site.id);
  const a = await enrolReplica(t.server.url, t.directory, { organisationId: orgA.id, siteId: site.id });
  const c = await enrolReplica(t.server.url, t.directory, { organisationId: orgC.id, siteId: site.id });
  open.replicas.push(a, c);
  const push = async (device: TestReplica, ops: Op[]) => {
    const response = await fetch(`${t.server.url}/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${device.credential}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        schema_version: SYNC_SCHEMA_VERSION,
        ops: ops.map((op) => ({ op_id: newId(), ...op, hlc: formatHlc({ wall: Date.now(), counter: op.device_seq, node: device.deviceId }), base_hlc: null, schema_version: SYNC_SCHEMA_VERSION })),
      }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    return ((await response.json()) as { rejected: { op_id: string; code: string }[] }).rejected;
  };
  const stored = (id: string) => t.server.store.db.selectFrom('replica_row').select(['organisation_id', 'data']).where('id', '=', id).executeTakeFirst();
  return { t, orgA, orgC, site, a, c, push, stored };
}

describe.each(['sqlite', 'postgres'] as StorageKind[])('row ownership against a hostile tenant on %s', (kind) => {
  it("a partner cannot claim another organisation's follow-up policy id, and the owner's push is applied", async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { orgA, a, c, push, stored } = await setUp(kind);
    const squat = await push(c, [{ device_seq: 1, entity: 'follow_up_policy', row_id: orgA.id, patch: { ...DEFAULT_FOLLOW_UP_POLICY, reaction_hours: 1 } }]);
    expect(squat.map((r) => r.code)).toEqual(['FORBIDDEN_SCOPE']);
    expect(await stored(orgA.id)).toBeUndefined();
    expect(await push(a, [{ device_seq: 1, entity: 'follow_up_policy', row_id: orgA.id, patch: DEFAULT_FOLLOW_UP_POLICY }])).toEqual([]);
    expect(await stored(orgA.id)).toMatchObject({ organisation_id: orgA.id });
  });

  it('a squat stored before this check is taken back by the owner: the owner is fixed by the credential, not by the first writer', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { t, orgA, orgC, site, a, push, stored } = await setUp(kind);
    await t.server.store.db
      .insertInto('replica_row')
      .values({ id: orgA.id, entity: 'follow_up_policy', organisation_id: orgC.id, site_id: site.id, data: JSON.stringify({ ...DEFAULT_FOLLOW_UP_POLICY, reaction_hours: 1 }), clocks: '{}', deleted: 0, version: 1, updated_at: new Date().toISOString() })
      .execute();
    expect(await push(a, [{ device_seq: 1, entity: 'follow_up_policy', row_id: orgA.id, patch: DEFAULT_FOLLOW_UP_POLICY }])).toEqual([]);
    const row = await stored(orgA.id);
    expect(row?.organisation_id).toBe(orgA.id);
    expect(JSON.parse(row?.data ?? '{}')).toEqual(DEFAULT_FOLLOW_UP_POLICY);
  });

  it("a partner cannot claim a follow-up task id derived from another organisation's incident, nor a task id that does not derive", async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { a, c, push, stored } = await setUp(kind);
    const incidentId = newId();
    expect(await push(a, [{ device_seq: 1, entity: 'incident', row_id: incidentId, patch: incident }])).toEqual([]);
    const taskId = followUpTaskId(incidentId, 'reaction_48h');
    expect((await push(c, [{ device_seq: 1, entity: 'incident_task', row_id: taskId, patch: task(incidentId) }])).map((r) => r.code)).toEqual(['FORBIDDEN_SCOPE']);
    expect((await push(a, [{ device_seq: 2, entity: 'incident_task', row_id: newId(), patch: task(incidentId) }])).map((r) => r.code)).toEqual(['FORBIDDEN_SCOPE']);
    expect(await stored(taskId)).toBeUndefined();
    expect(await push(a, [{ device_seq: 3, entity: 'incident_task', row_id: taskId, patch: task(incidentId) }])).toEqual([]);
    expect(await stored(taskId)).toBeDefined();
  });

  it("an op id is unique per device: another device's op id, or a reused one, is refused out loud, and a plain retry is a no-op", async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { a, c, push, stored } = await setUp(kind);
    const opId = newId();
    const first = newId();
    expect(await push(a, [{ op_id: opId, device_seq: 1, entity: 'incident', row_id: first, patch: incident }])).toEqual([]);
    // The same op again (a lost reply): nothing new, nothing refused.
    expect(await push(a, [{ op_id: opId, device_seq: 1, entity: 'incident', row_id: first, patch: incident }])).toEqual([]);
    const [later, theirs] = [newId(), newId()];
    expect(await push(a, [{ op_id: opId, device_seq: 2, entity: 'incident', row_id: later, patch: incident }])).toEqual([{ op_id: opId, code: 'OP_ID_CLASH', message: expect.any(String) as string }]);
    expect(await push(c, [{ op_id: opId, device_seq: 1, entity: 'incident', row_id: theirs, patch: incident }])).toEqual([{ op_id: opId, code: 'OP_ID_CLASH', message: expect.any(String) as string }]);
    expect(await stored(first)).toBeDefined();
    expect(await stored(later)).toBeUndefined();
    expect(await stored(theirs)).toBeUndefined();
  });
});
