import { describe, expect, it } from 'vitest';
import type { ChecklistOverview, ChecklistTask } from '../../../shared/checklist/checklist-contract.js';
import type { StaffMember } from '../../../shared/domain/staff.js';
import type { FeedbackNotice } from '../../../shared/incident/feedback.js';
import type { Incident } from '../../../shared/incident/incident-contract.js';
import { followUpTaskId } from '../../../shared/sync/row-ids.js';
import { call, signIn } from '../../support/staff.js';
import { settled, twoDesksAtServer } from '../../support/desks-at-server.js';
import { postgresAvailable, type StorageKind } from '../../support/sync-server.js';

describe.each(['sqlite', 'postgres'] as StorageKind[])('feedback and the checklist across two desks (%s server)', (kind) => {
  it('feedback given on desk A is read once on desk B; the read time and aftercare answers come back to A', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { a, b } = await twoDesksAtServer(kind, '2026-11-30T09:00:00Z');
    const admin = await call<StaffMember>(a.core, 'staff.create', { displayName: 'Beheer', role: 'admin', pin: '0000' });
    await signIn(a.core, admin, '0000');
    const anna = await call<StaffMember>(a.core, 'staff.create', { displayName: 'Anna', role: 'counter', pin: '1234' });
    const carla = await call<StaffMember>(a.core, 'staff.create', { displayName: 'Carla', role: 'coordinator', pin: '4321' });
    await signIn(a.core, anna);
    const incident = await call<Incident>(a.core, 'incident.quickLog', { forms: ['threat'] });
    await signIn(a.core, carla, '4321');
    const taskId = followUpTaskId(incident.id, 'feedback_reporter');
    await call(a.core, 'incident.completeTask', { taskId, outcome: 'done', note: 'De bezoeker mag een half jaar niet komen.' });
    await settled(a.core, b.core);

    // Anna signs in at the other desk: the note is there, once.
    await signIn(b.core, anna);
    const waiting = await call<FeedbackNotice[]>(b.core, 'feedback.unread', {});
    expect(waiting.map((notice) => [notice.task_id, notice.note, notice.done_by])).toEqual([[taskId, 'De bezoeker mag een half jaar niet komen.', 'Carla']]);
    b.clock.now = new Date('2026-11-30T10:30:00Z');
    await call(b.core, 'feedback.markRead', { taskId });
    await call(b.core, 'incident.answerAftercare', { id: incident.id, offered: true, wanted: true });
    expect(await call<FeedbackNotice[]>(b.core, 'feedback.unread', {})).toEqual([]);
    await settled(b.core, a.core);

    // Back at desk A: read, and not shown again to Anna there either.
    const atA = await call<Incident>(a.core, 'incident.get', { id: incident.id });
    expect(atA.tasks.find((task) => task.id === taskId)?.read_at).toBe('2026-11-30T10:30:00.000Z');
    expect(atA).toMatchObject({ aftercare_offered: true, aftercare_wanted: true });
    await signIn(a.core, anna);
    expect(await call<FeedbackNotice[]>(a.core, 'feedback.unread', {})).toEqual([]);

    // The checklist: assessed on A, a task made from it on B, both seen on both.
    await signIn(a.core, carla, '4321');
    const { assessments } = await call<ChecklistOverview>(a.core, 'checklist.assess', { assessed_on: '2026-11-30', answers: { staff_trained: { answer: 'no', note: 'Training in maart', owner: 'P&O' } } });
    await settled(a.core, b.core);
    await signIn(b.core, carla, '4321');
    const task = await call<ChecklistTask>(b.core, 'checklist.makeTask', { assessmentId: assessments[0]?.id, questionKey: 'staff_trained' });
    await settled(b.core, a.core);
    const overview = await call<ChecklistOverview>(a.core, 'checklist.overview', {});
    expect(overview.assessments.map((assessment) => assessment.id)).toEqual([assessments[0]?.id]);
    expect(overview.items.find((item) => item.key === 'staff_trained')?.task).toMatchObject({ id: task.id, owner: 'P&O', status: 'open' });
  }, 90_000);
});
