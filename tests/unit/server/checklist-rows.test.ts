import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids.js';
import { checklistTaskId } from '../../../shared/sync/row-ids.js';
import { twoOrganisationsInOneBuilding } from '../../support/shared-building.js';
import { postgresAvailable, type StorageKind } from '../../support/sync-server.js';


const assessment = { assessed_on: '2026-11-30', assessed_at: '2026-11-30T09:00:00.000Z', assessed_by: 'Carla', assessed_by_id: '01890000-0000-7000-8000-0000000000c1', answers: { house_rules: { answer: 'no', note: '', owner: 'Carla' } } };
const task = (assessmentId: string) => ({ assessment_id: assessmentId, question_key: 'house_rules', owner: 'Carla', note: '', status: 'open', created_at: '2026-11-30T09:00:00.000Z', created_by: 'Carla' });

const setUp = twoOrganisationsInOneBuilding;

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
