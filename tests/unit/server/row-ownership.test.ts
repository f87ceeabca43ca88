import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids.js';
import { DEFAULT_FOLLOW_UP_POLICY } from '../../../shared/incident/follow-up-policy.js';
import { followUpTaskId } from '../../../shared/sync/row-ids.js';
import { twoOrganisationsInOneBuilding } from '../../support/shared-building.js';
import { postgresAvailable, type StorageKind } from '../../support/sync-server.js';


const incident = { occurred_at: '2026-11-28T09:00:00.000Z', channel: 'counter', forms: ['threat'], status: 'open' };
const task = (incidentId: string) => ({ incident_id: incidentId, kind: 'reaction_48h', due_at: '2026-11-30T09:00:00.000Z', mandatory: true, status: 'open' });

const setUp = twoOrganisationsInOneBuilding;

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
