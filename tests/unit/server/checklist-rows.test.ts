import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids.js';
import { formatHlc } from '../../../shared/sync/hlc.js';
import { checklistTaskId } from '../../../shared/sync/row-ids.js';
import { SYNC_SCHEMA_VERSION } from '../../../shared/sync/protocol.js';
import { enrolReplica, type TestReplica } from '../../support/replica.js';
import { postgresAvailable, startTestServer, type StorageKind, type TestServer } from '../../support/sync-server.js';

const open: { servers: TestServer[]; replicas: TestReplica[] } = { servers: [], replicas: [] };
afterEach(async () => {
  for (const replica of open.replicas.splice(0)) await replica.close();
  for (const server of open.servers.splice(0)) await server.close();
});

const assessment = { assessed_on: '2026-11-30', assessed_at: '2026-11-30T09:00:00.000Z', assessed_by: 'Carla', assessed_by_id: '01890000-0000-7000-8000-0000000000c1', answers: { house_rules: { answer: 'no', note: '', owner: 'Carla' } } };
const task = (assessmentId: string) => ({ assessment_id: assessmentId, question_key: 'house_rules', owner: 'Carla', note: '', status: 'open', created_at: '2026-11-30T09:00:00.000Z', created_by: 'Carla' });
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

describe.each(['sqlite', 'postgres'] as StorageKind[])('checklist rows at the server (%s)', (kind) => {
  it('refuses what a desk would refuse: an unknown question, a bad answer, a changed assessment', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { a, push, stored } = await setUp(kind);
    const bad = [
      { ...assessment, answers: { made_up: { answer: 'no', note: '', owner: '' } } },
      { ...assessment, answers: { house_rules: { answer: 'ja', note: '', owner: '' } } },
      { ...assessment, answers: { house_rules: { answer: 'no', note: 'x'.repeat(1_001), owner: '' } } },
      { ...assessment, assessed_on: '30-11-2026' },
    ];
    const ids = bad.map(() => newId());
    expect((await push(a, bad.map((patch, index) => ({ device_seq: index + 1, entity: 'checklist_assessment', row_id: ids[index] ?? '', patch })))).map((r) => r.code)).toEqual(['INVALID_VALUE', 'INVALID_VALUE', 'INVALID_VALUE', 'INVALID_VALUE']);
    for (const id of ids) expect(await stored(id)).toBeUndefined();
    const id = newId();
    expect(await push(a, [{ device_seq: 5, entity: 'checklist_assessment', row_id: id, patch: assessment }])).toEqual([]);
    // History is kept: a dated assessment is never rewritten.
    expect((await push(a, [{ device_seq: 6, entity: 'checklist_assessment', row_id: id, patch: { answers: { house_rules: { answer: 'yes', note: '', owner: '' } } } }])).map((r) => r.code)).toEqual(['IMMUTABLE']);
    expect(JSON.parse((await stored(id))?.data ?? '{}')).toEqual(assessment);
  });

  it("a partner cannot claim a checklist task id derived from another organisation's assessment, nor an id that does not derive", async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { orgA, a, c, push, stored } = await setUp(kind);
    const assessmentId = newId();
    expect(await push(a, [{ device_seq: 1, entity: 'checklist_assessment', row_id: assessmentId, patch: assessment }])).toEqual([]);
    const taskId = checklistTaskId(assessmentId, 'house_rules');
    expect((await push(c, [{ device_seq: 1, entity: 'checklist_task', row_id: taskId, patch: task(assessmentId) }])).map((r) => r.code)).toEqual(['FORBIDDEN_SCOPE']);
    expect((await push(a, [{ device_seq: 2, entity: 'checklist_task', row_id: newId(), patch: task(assessmentId) }])).map((r) => r.code)).toEqual(['FORBIDDEN_SCOPE']);
    expect(await stored(taskId)).toBeUndefined();
    expect(await push(a, [{ device_seq: 3, entity: 'checklist_task', row_id: taskId, patch: task(assessmentId) }])).toEqual([]);
    expect(await stored(taskId)).toMatchObject({ organisation_id: orgA.id });
  });
});
