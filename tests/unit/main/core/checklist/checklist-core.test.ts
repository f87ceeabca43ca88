import { afterEach, describe, expect, it } from 'vitest';
import type { ChecklistOverview, ChecklistTask } from '../../../../../shared/checklist/checklist-contract.js';
import type { Incident } from '../../../../../shared/incident/incident-contract.js';
import type { FeedbackNotice } from '../../../../../shared/incident/feedback.js';
import { followUpTaskId } from '../../../../../shared/sync/row-ids.js';
import { trackedCores } from '../../../../support/core.js';
import { call, deskCaller, signIn, staffedDesk } from '../../../../support/staff.js';

const openCore = trackedCores(afterEach);

/** Monday 30 November 2026, 10:00 in Amsterdam. */
async function desk() {
  const clock = { now: new Date('2026-11-30T09:00:00Z') };
  const core = openCore(() => clock.now);
  const people = await staffedDesk(core);
  return { core, clock, people };
}

const yes = { answer: 'yes', note: '', owner: '' } as const;
const no = (note: string, owner: string) => ({ answer: 'no', note, owner }) as const;
const rows = (core: Awaited<ReturnType<typeof desk>>['core'], entity: string) => core.store.read.prepare('SELECT count(*) FROM replica_row WHERE entity = ?').pluck().get(entity);

describe('checklist through the contract', () => {
  it('keeps each assessment as a dated record and shows the trend and what is open', async () => {
    const { core, clock, people } = await desk();
    await signIn(core, people.coordinator);
    await call(core, 'checklist.assess', { assessed_on: '2026-06-01', answers: { risks_mapped: no('RI&E loopt', 'Carla'), house_rules: yes } });
    clock.now = new Date('2026-11-30T10:00:00Z');
    const overview = await call<ChecklistOverview>(core, 'checklist.assess', { assessed_on: '2026-11-30', answers: { risks_mapped: yes, house_rules: yes, policy_secured: no('Nog geen jaarplan', 'Directie') } });
    expect(overview.assessments.map((assessment) => [assessment.assessed_on, assessment.assessed_by])).toEqual([['2026-11-30', 'Carla Coördinator'], ['2026-06-01', 'Carla Coördinator']]);
    expect(overview.trend.map((point) => point.yes)).toEqual([1, 2]);
    const items = Object.fromEntries(overview.items.map((item) => [item.key, item]));
    expect(items['risks_mapped']).toMatchObject({ open: false, done_since: '2026-11-30' });
    expect(items['house_rules']).toMatchObject({ open: false, done_since: '2026-06-01' });
    expect(items['policy_secured']).toMatchObject({ open: true, latest: { answer: 'no', note: 'Nog geen jaarplan', owner: 'Directie' } });
    expect(overview.items.filter((item) => item.open)).toHaveLength(16);
    // Two records, neither changed by the second.
    expect(rows(core, 'checklist_assessment')).toBe(2);
  });

  it('refuses bad input in words and saves nothing', async () => {
    const { core, people } = await desk();
    await signIn(core, people.coordinator);
    const cases: [unknown, string][] = [
      [{ assessed_on: '2026-12-01', answers: { house_rules: yes } }, 'in_the_future'],
      [{ assessed_on: '30-11-2026', answers: { house_rules: yes } }, 'assessed_on'],
      [{ assessed_on: '2026-11-30', answers: {} }, 'answer_at_least_one'],
      [{ assessed_on: '2026-11-30', answers: { house_rules: { answer: 'ja', note: '', owner: '' } } }, 'answer'],
      [{ assessed_on: '2026-11-30', answers: { made_up: yes } }, 'made_up'],
      [{ assessed_on: '2026-11-30', answers: { house_rules: { answer: 'no', note: 'x'.repeat(1_001), owner: '' } } }, 'too_long'],
      [{ assessed_on: '2026-11-30', answers: { house_rules: { answer: 'no', note: '', owner: 'Carla\u0007' } } }, 'invalid_characters'],
    ];
    for (const [input, mentions] of cases) {
      const result = await core.dispatch(deskCaller, 'checklist.assess', input);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      if (!result.ok) expect(result.error.message).toContain(mentions);
    }
    expect(rows(core, 'checklist_assessment')).toBe(0);
  });

  it('is the coordinator’s and the administrator’s, with someone signed in', async () => {
    const { core, people } = await desk();
    // Nobody signed in at a staffed desk has no role that may see it.
    expect(await core.dispatch(deskCaller, 'checklist.overview', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await signIn(core, people.anna);
    expect(await core.dispatch(deskCaller, 'checklist.overview', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await core.dispatch(deskCaller, 'checklist.assess', { assessed_on: '2026-11-30', answers: { house_rules: yes } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await signIn(core, people.admin);
    expect((await core.dispatch(deskCaller, 'checklist.overview', {})).ok).toBe(true);
  });

  it('turns an open item into one task on the worklist that points back at its question; a done item cannot', async () => {
    const { core, people } = await desk();
    await signIn(core, people.coordinator);
    const { assessments } = await call<ChecklistOverview>(core, 'checklist.assess', { assessed_on: '2026-11-30', answers: { staff_trained: no('Training in maart', 'Team P&O'), house_rules: yes } });
    const assessmentId = assessments[0]?.id;
    const task = await call<ChecklistTask>(core, 'checklist.makeTask', { assessmentId, questionKey: 'staff_trained' });
    expect(task).toMatchObject({ assessment_id: assessmentId, question_key: 'staff_trained', owner: 'Team P&O', note: 'Training in maart', status: 'open', created_by: 'Carla Coördinator' });
    // A second click is the same task.
    expect(await call<ChecklistTask>(core, 'checklist.makeTask', { assessmentId, questionKey: 'staff_trained' })).toEqual(task);
    // An item the assessment left out is open too.
    await call(core, 'checklist.makeTask', { assessmentId, questionKey: 'minimum_staffing' });
    await call(core, 'checklist.makeTask', { assessmentId, questionKey: 'risks_mapped' });
    // Made in one minute: the guide's order.
    expect((await call<ChecklistTask[]>(core, 'checklist.tasks', {})).map((open) => open.question_key)).toEqual(['risks_mapped', 'staff_trained', 'minimum_staffing']);
    expect(await core.dispatch(deskCaller, 'checklist.makeTask', { assessmentId, questionKey: 'house_rules' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await core.dispatch(deskCaller, 'checklist.makeTask', { assessmentId: '01890000-0000-7000-8000-000000000009', questionKey: 'staff_trained' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const done = await call<ChecklistTask>(core, 'checklist.completeTask', { taskId: task.id, note: 'Iedereen getraind' });
    expect(done).toMatchObject({ status: 'done', done_by: 'Carla Coördinator', done_note: 'Iedereen getraind', done_at: '2026-11-30T09:00:00.000Z' });
    expect((await call<ChecklistTask[]>(core, 'checklist.tasks', {})).map((open) => open.question_key)).toEqual(['risks_mapped', 'minimum_staffing']);
    const overview = await call<ChecklistOverview>(core, 'checklist.overview', {});
    expect(overview.items.find((item) => item.key === 'staff_trained')?.task).toMatchObject({ id: task.id, status: 'done' });
  });

  it('names a damaged row by id and still shows the rest', async () => {
    const { core, people } = await desk();
    await signIn(core, people.coordinator);
    await call(core, 'checklist.assess', { assessed_on: '2026-11-01', answers: { house_rules: yes } });
    const { assessments } = await call<ChecklistOverview>(core, 'checklist.assess', { assessed_on: '2026-11-30', answers: { house_rules: yes } });
    const broken = assessments[0]?.id ?? '';
    core.store.write.prepare("UPDATE replica_row SET data = json_set(data, '$.answers', json('{\"house_rules\":{\"answer\":\"misschien\"}}')) WHERE id = ?").run(broken);
    const overview = await call<ChecklistOverview>(core, 'checklist.overview', {});
    expect(overview.damaged).toEqual([broken]);
    expect(overview.assessments.map((assessment) => assessment.assessed_on)).toEqual(['2026-11-01']);
  });
});

describe('feedback to the reporter through the contract', () => {
  async function incidentWithFeedback() {
    const context = await desk();
    const { core, people } = context;
    await signIn(core, people.anna);
    const incident = await call<Incident>(core, 'incident.quickLog', { forms: ['threat'] });
    const taskId = followUpTaskId(incident.id, 'feedback_reporter');
    return { ...context, incident, taskId };
  }

  it('a completed feedback task with a note is the reporter’s to read once; read_at is recorded', async () => {
    const { core, clock, people, incident, taskId } = await incidentWithFeedback();
    expect(await call<FeedbackNotice[]>(core, 'feedback.unread', {})).toEqual([]);
    await signIn(core, people.coordinator);
    await call(core, 'incident.completeTask', { taskId, outcome: 'done', note: 'De bezoeker heeft een brief gekregen.' });
    // The coordinator has no feedback of their own waiting.
    expect(await call<FeedbackNotice[]>(core, 'feedback.unread', {})).toEqual([]);
    await signIn(core, people.bram);
    expect(await call<FeedbackNotice[]>(core, 'feedback.unread', {})).toEqual([]);
    expect(await core.dispatch(deskCaller, 'feedback.markRead', { taskId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await signIn(core, people.anna);
    expect(await call<FeedbackNotice[]>(core, 'feedback.unread', {})).toEqual([
      { task_id: taskId, incident_id: incident.id, occurred_at: incident.occurred_at, forms: ['threat'], note: 'De bezoeker heeft een brief gekregen.', done_by: 'Carla Coördinator', done_at: '2026-11-30T09:00:00.000Z' },
    ]);
    clock.now = new Date('2026-11-30T11:00:00Z');
    expect(await call(core, 'feedback.markRead', { taskId })).toEqual({ read_at: '2026-11-30T11:00:00.000Z' });
    expect(await call<FeedbackNotice[]>(core, 'feedback.unread', {})).toEqual([]);
    clock.now = new Date('2026-11-30T12:00:00Z');
    expect(await call(core, 'feedback.markRead', { taskId })).toEqual({ read_at: '2026-11-30T11:00:00.000Z' });
    // Always under the incident, with when it was read.
    const task = (await call<Incident>(core, 'incident.get', { id: incident.id })).tasks.find((item) => item.kind === 'feedback_reporter');
    expect(task).toMatchObject({ note: 'De bezoeker heeft een brief gekregen.', read_at: '2026-11-30T11:00:00.000Z' });
  });

  it('no note, set aside, or still open: nothing to show, and nothing to mark read', async () => {
    const { core, people, taskId } = await incidentWithFeedback();
    expect(await core.dispatch(deskCaller, 'feedback.markRead', { taskId })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    await signIn(core, people.coordinator);
    await call(core, 'incident.completeTask', { taskId, outcome: 'done' });
    await signIn(core, people.anna);
    expect(await call<FeedbackNotice[]>(core, 'feedback.unread', {})).toEqual([]);
    expect(await core.dispatch(deskCaller, 'feedback.markRead', { taskId: followUpTaskId(taskId, 'reaction_48h') })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await core.dispatch(deskCaller, 'session.signOut', {});
    expect(await call<FeedbackNotice[]>(core, 'feedback.unread', {})).toEqual([]);
  });

  it('the reporter, and only the reporter, answers on aftercare; the coordinator sees the answers', async () => {
    const { core, clock, people, incident } = await incidentWithFeedback();
    await signIn(core, people.bram);
    expect(await core.dispatch(deskCaller, 'incident.answerAftercare', { id: incident.id, offered: true, wanted: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await signIn(core, people.coordinator);
    expect(await core.dispatch(deskCaller, 'incident.answerAftercare', { id: incident.id, offered: true, wanted: true })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await call(core, 'incident.close', { id: incident.id, reason: 'Afgehandeld' });
    await signIn(core, people.anna);
    expect(await core.dispatch(deskCaller, 'incident.answerAftercare', { id: incident.id, offered: 'ja', wanted: true })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    clock.now = new Date('2026-11-30T13:00:00Z');
    // Closed or not: the answers are the reporter's.
    expect(await call<Incident>(core, 'incident.answerAftercare', { id: incident.id, offered: true, wanted: false })).toMatchObject({ aftercare_offered: true, aftercare_wanted: false, aftercare_answered_at: '2026-11-30T13:00:00.000Z' });
    await signIn(core, people.coordinator);
    expect(await call<Incident>(core, 'incident.get', { id: incident.id })).toMatchObject({ aftercare_offered: true, aftercare_wanted: false });
  });
});

describe('migration 012', () => {
  it('reads assessments and checklist tasks through their views, by organisation', async () => {
    const { core, people } = await desk();
    await signIn(core, people.coordinator);
    const { assessments } = await call<ChecklistOverview>(core, 'checklist.assess', { assessed_on: '2026-11-30', answers: { house_rules: no('', '') } });
    await call(core, 'checklist.makeTask', { assessmentId: assessments[0]?.id, questionKey: 'house_rules' });
    expect(core.store.read.prepare('SELECT assessed_on FROM checklist_assessment').all()).toEqual([{ assessed_on: '2026-11-30' }]);
    expect(core.store.read.prepare('SELECT question_key, status FROM checklist_task').all()).toEqual([{ question_key: 'house_rules', status: 'open' }]);
    // Another entity's rows never show through the views, nor a deleted task.
    core.store.write.prepare("UPDATE replica_row SET deleted = 1 WHERE entity = 'checklist_task'").run();
    expect(core.store.read.prepare('SELECT count(*) FROM checklist_task').pluck().get()).toBe(0);
  });
});
