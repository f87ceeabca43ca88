import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../../../main/core/core.js';
import type { Incident, IncidentListItem, IncidentSummary, WorklistItem } from '../../../../../shared/incident/incident-contract.js';
import { newId } from '../../../../../shared/domain/ids.js';
import { pullUnreadableRow } from '../../../../support/damaged-rows.js';
import { trackedCores } from '../../../../support/core.js';
import { call, deskCaller, signIn, staffedDesk } from '../../../../support/staff.js';

const openCore = trackedCores(afterEach);

/** A staffed desk whose clock the test moves. Friday 27 November 2026, 15:00 in Amsterdam. */
async function desk() {
  const clock = { now: new Date('2026-11-27T14:00:00Z') };
  const core = openCore(() => clock.now);
  const people = await staffedDesk(core);
  return { core, clock, people };
}

const rowCounts = (core: Core) => core.store.read.prepare("SELECT (SELECT count(*) FROM replica_row) || '/' || (SELECT count(*) FROM outbox)").pluck().get();

describe('quick log', () => {
  it('needs someone signed in, then takes the forms and fills in where and when', async () => {
    const { core, people } = await desk();
    expect(await core.dispatch(deskCaller, 'incident.quickLog', { forms: ['verbal_abuse'] })).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
    await signIn(core, people.anna);
    const incident = await call<Incident>(core, 'incident.quickLog', { forms: ['threat'] });
    expect(incident).toMatchObject({ status: 'open', forms: ['threat'], channel: 'counter', occurred_at: '2026-11-27T14:00:00.000Z', location: 'Balie 3 · Verdieping 1', desk_name: 'Balie 3', reporter_name: 'Anna de Vries', site_name: 'Stadskantoor' });
    // The VPT follow-up is planned at once: a threat makes the police report mandatory.
    expect(incident.tasks.map((task) => [task.kind, task.due_at, task.mandatory, task.status])).toEqual([
      ['aftercare', '2026-11-30T22:59:59.999Z', true, 'open'],
      ['reaction_48h', '2026-11-29T14:00:00.000Z', true, 'open'],
      ['police_report', '2026-12-01T22:59:59.999Z', true, 'open'],
      ['feedback_reporter', '2026-12-11T22:59:59.999Z', true, 'open'],
      ['damage_recovery', '2026-12-25T22:59:59.999Z', false, 'open'],
    ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))));
  });

  it('refuses bad input with a clear code and saves nothing, not even half', async () => {
    const { core, clock, people } = await desk();
    await signIn(core, people.anna);
    const before = rowCounts(core);
    const cases: [unknown, string][] = [
      [{ forms: [] }, 'forms'],
      [{ forms: ['shouting'] }, 'forms'],
      [{ forms: ['threat'], occurred_at: '2026-11-27T15:00:00Z' }, 'in_the_future'],
      [{ forms: ['threat'], occurred_at: '2025-11-26T14:00:00Z' }, 'too_old'],
      [{ forms: ['threat'], occurred_at: 'yesterday' }, 'occurred_at'],
      [{ forms: ['threat'], location: 'x'.repeat(161) }, 'location'],
      [{ forms: ['threat'], location: 'Balie\u0000 3' }, 'location'],
      [{ forms: ['threat'], extra: 1 }, 'extra'],
    ];
    for (const [input, mentions] of cases) {
      const result = await core.dispatch(deskCaller, 'incident.quickLog', input);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      if (!result.ok) expect(result.error.message).toContain(mentions);
    }
    expect(rowCounts(core)).toBe(before);
    // A year back is the default limit; an organisation may set a shorter one.
    expect((await core.dispatch(deskCaller, 'incident.quickLog', { forms: ['threat'], occurred_at: '2025-11-28T14:00:00Z' })).ok).toBe(true);
    await signIn(core, people.coordinator);
    const policy = await call<Record<string, number>>(core, 'followUpPolicy.get', {});
    await call(core, 'followUpPolicy.update', { ...policy, max_age_days: 30 });
    expect(await core.dispatch(deskCaller, 'incident.quickLog', { forms: ['threat'], occurred_at: new Date(clock.now.getTime() - 31 * 86_400_000).toISOString() })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('the full record', () => {
  it('autosaves any field; moving the time re-plans open tasks but keeps finished ones', async () => {
    const { core, people } = await desk();
    await signIn(core, people.anna);
    const { id } = await call<Incident>(core, 'incident.quickLog', { forms: ['verbal_abuse'] });
    const saved = await call<Incident>(core, 'incident.update', { id, patch: { narrative: 'Schreeuwde over de wachttijd.\nSloeg op de balie.', causes: ['waiting_time'], sick_leave_days: 2, damage_amount_cents: 12_550, perpetrator_kind: 'described', perpetrator_description: 'Man, ca. 40, blauwe jas', witnesses: 'Bram', evidence: 'Camerabeelden 14:58–15:05', means: 'Vuist', injury: false, emotional_impact: 'considerable', task_at_the_time: 'Uitkering toelichten' } });
    expect(saved).toMatchObject({ narrative: 'Schreeuwde over de wachttijd.\nSloeg op de balie.', damage_amount_cents: 12_550, perpetrator_kind: 'described' });
    // Damage makes its recovery mandatory.
    expect(saved.tasks.find((task) => task.kind === 'damage_recovery')?.mandatory).toBe(true);

    await signIn(core, people.coordinator);
    const aftercare = saved.tasks.find((task) => task.kind === 'aftercare')!;
    await call(core, 'incident.completeTask', { taskId: aftercare.id, outcome: 'done', note: 'Gebeld met Anna' });
    const moved = await call<Incident>(core, 'incident.update', { id, patch: { occurred_at: '2026-11-26T09:00:00Z' } });
    expect(moved.tasks.find((task) => task.kind === 'reaction_48h')?.due_at).toBe('2026-11-28T09:00:00.000Z');
    expect(moved.tasks.find((task) => task.kind === 'aftercare')).toMatchObject({ status: 'done', due_at: aftercare.due_at, done_by: 'Carla Coördinator', note: 'Gebeld met Anna' });
  });

  it('refuses negative amounts, oversize text and impossible dates in an update, and changes nothing', async () => {
    const { core, people } = await desk();
    await signIn(core, people.anna);
    const { id } = await call<Incident>(core, 'incident.quickLog', { forms: ['verbal_abuse'] });
    const before = rowCounts(core);
    for (const patch of [{ damage_amount_cents: -100 }, { sick_leave_days: -1 }, { damage_amount_cents: 10.5 }, { narrative: 'x'.repeat(10_001) }, { occurred_at: '2027-01-01T00:00:00Z' }, { forms: ['threat', 'threat'] }, { status: 'closed' }]) {
      expect(await core.dispatch(deskCaller, 'incident.update', { id, patch })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(rowCounts(core)).toBe(before);
  });
});

describe('who sees what', () => {
  it('a reporter sees only their own incidents; a coordinator sees the organisation\'s', async () => {
    const { core, people } = await desk();
    await signIn(core, people.anna);
    const annas = await call<Incident>(core, 'incident.quickLog', { forms: ['threat'] });
    await signIn(core, people.bram);
    await call(core, 'incident.quickLog', { forms: ['intimidation'] });
    expect((await call<IncidentSummary[]>(core, 'incident.list', {})).map((incident) => incident.reporter_name)).toEqual(['Bram Jansen']);
    expect(await core.dispatch(deskCaller, 'incident.get', { id: annas.id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await core.dispatch(deskCaller, 'incident.update', { id: annas.id, patch: { narrative: 'x' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await core.dispatch(deskCaller, 'incident.worklist', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await signIn(core, people.coordinator);
    expect((await call<IncidentSummary[]>(core, 'incident.list', {})).map((incident) => incident.reporter_name).sort()).toEqual(['Anna de Vries', 'Bram Jansen']);
  });
});

describe('follow-up and closing', () => {
  it('the worklist shows what is overdue, due soon and later, and moves with the clock', async () => {
    const { core, clock, people } = await desk();
    await signIn(core, people.anna);
    await call(core, 'incident.quickLog', { forms: ['physical_violence'] });
    await signIn(core, people.coordinator);
    const urgencies = async () => (await call<WorklistItem[]>(core, 'incident.worklist', {})).map((item) => `${item.task.kind}:${item.urgency}`);
    expect(await urgencies()).toEqual(['reaction_48h:due_soon', 'aftercare:later', 'police_report:later', 'feedback_reporter:later', 'damage_recovery:later']);
    clock.now = new Date('2026-11-30T08:00:00Z'); // Monday morning
    expect(await urgencies()).toEqual(['reaction_48h:overdue', 'aftercare:due_soon', 'police_report:due_soon', 'feedback_reporter:later', 'damage_recovery:later']);
  });

  it('a mandatory task is set to not needed only with a reason, which stays on the task; an optional one needs none', async () => {
    const { core, people } = await desk();
    await signIn(core, people.anna);
    const { tasks } = await call<Incident>(core, 'incident.quickLog', { forms: ['threat'] });
    await signIn(core, people.coordinator);
    const police = tasks.find((task) => task.kind === 'police_report')!;
    expect(police.mandatory).toBe(true);
    const before = rowCounts(core);
    for (const note of [undefined, '', '   ']) {
      expect(await core.dispatch(deskCaller, 'incident.completeTask', { taskId: police.id, outcome: 'not_needed', ...(note === undefined ? {} : { note }) })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/^note: reason_required/) } });
    }
    expect(rowCounts(core)).toBe(before);
    const setAside = await call<Incident>(core, 'incident.completeTask', { taskId: police.id, outcome: 'not_needed', note: 'Medewerker ziet af van aangifte' });
    expect(setAside.tasks.find((task) => task.kind === 'police_report')).toMatchObject({ status: 'not_needed', note: 'Medewerker ziet af van aangifte' });
    const optional = tasks.find((task) => !task.mandatory)!;
    expect((await core.dispatch(deskCaller, 'incident.completeTask', { taskId: optional.id, outcome: 'not_needed' })).ok).toBe(true);
  });

  it('tasks due on the same day land in the same worklist group, whatever their hour', async () => {
    const { core, clock, people } = await desk();
    await signIn(core, people.anna);
    // Logged Monday 09:00 Amsterdam: the reaction is due Wednesday 09:00, the police report at the end of Wednesday.
    clock.now = new Date('2026-11-30T08:00:00Z');
    await call(core, 'incident.quickLog', { forms: ['physical_violence'] });
    await signIn(core, people.coordinator);
    clock.now = new Date('2026-11-30T09:00:00Z');
    const items = await call<WorklistItem[]>(core, 'incident.worklist', {});
    const wednesday = items.filter((item) => new Date(item.task.due_at).toLocaleDateString('nl-NL', { timeZone: 'Europe/Amsterdam' }) === '2-12-2026');
    expect(wednesday.map((item) => item.task.kind)).toEqual(['reaction_48h', 'police_report']);
    expect(wednesday.map((item) => item.urgency)).toEqual(['due_soon', 'due_soon']);
  });

  it('closing with mandatory follow-up open needs a reason; completing it records who and when', async () => {
    const { core, clock, people } = await desk();
    await signIn(core, people.anna);
    const { id, tasks } = await call<Incident>(core, 'incident.quickLog', { forms: ['threat'] });
    expect(await core.dispatch(deskCaller, 'incident.completeTask', { taskId: tasks[0]!.id, outcome: 'done' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await signIn(core, people.coordinator);
    const refused = await core.dispatch(deskCaller, 'incident.close', { id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'OPEN_MANDATORY_TASKS', message: expect.stringContaining('4 mandatory') } });
    expect(await core.dispatch(deskCaller, 'incident.close', { id, reason: '   ' })).toMatchObject({ ok: false, error: { code: 'OPEN_MANDATORY_TASKS' } });
    clock.now = new Date('2026-11-28T10:00:00Z');
    for (const task of tasks.filter((candidate) => candidate.mandatory)) {
      await call(core, 'incident.completeTask', { taskId: task.id, outcome: task.kind === 'police_report' ? 'not_needed' : 'done', note: task.kind === 'police_report' ? 'Medewerker ziet af van aangifte' : undefined });
    }
    const closed = await call<Incident>(core, 'incident.close', { id });
    expect(closed).toMatchObject({ status: 'closed', closed_by: 'Carla Coördinator', closed_at: '2026-11-28T10:00:00.000Z' });
    expect(closed.tasks.find((task) => task.kind === 'police_report')).toMatchObject({ status: 'not_needed', done_by: 'Carla Coördinator', done_at: '2026-11-28T10:00:00.000Z', note: 'Medewerker ziet af van aangifte' });
    expect(await core.dispatch(deskCaller, 'incident.update', { id, patch: { narrative: 'later' } })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const other = await call<Incident>(core, 'incident.quickLog', { forms: ['threat'] });
    expect((await call<Incident>(core, 'incident.close', { id: other.id, reason: 'Dubbel gemeld, zie eerdere melding' })).close_reason).toBe('Dubbel gemeld, zie eerdere melding');
  });
});

describe('from an alarm to an incident', () => {
  it('a resolved alarm gives a draft with its time, place, people and link; submitting plans the follow-up', async () => {
    const { core, clock, people } = await desk();
    await signIn(core, people.anna);
    const raised = await call<{ alarmId: string }>(core, 'alarm.raise', { level: 'emergency' });
    clock.now = new Date('2026-11-27T14:04:00Z');
    await call(core, 'alarm.resolve', { alarmId: raised.alarmId });
    // A colleague came (as their desk records it, replicated here); the sender's own row names Anna too.
    const scope = core.store.read.prepare("SELECT organisation_id AS organisationId, site_id AS siteId FROM replica_row WHERE entity = 'alarm_event' LIMIT 1").get() as { organisationId: string; siteId: string };
    core.replica.writeRow('alarm_event', newId(), { alarm_id: raised.alarmId, kind: 'coming', level: 'emergency', at: '2026-11-27T14:01:00.000Z', person: 'Bram Jansen' }, scope);
    const draft = await call<Incident>(core, 'incident.draftFromAlarm', { alarmId: raised.alarmId });
    // The sender reports; only those who came are witnesses.
    expect(draft).toMatchObject({ status: 'draft', alarm_id: raised.alarmId, occurred_at: '2026-11-27T14:00:00.000Z', location: 'Balie 3 · Verdieping 1', witnesses: 'Bram Jansen', reporter_name: 'Anna de Vries', tasks: [] });
    // Asking again opens the same draft rather than making a second one.
    expect((await call<Incident>(core, 'incident.draftFromAlarm', { alarmId: raised.alarmId })).id).toBe(draft.id);
    await call(core, 'incident.update', { id: draft.id, patch: { forms: ['physical_violence'] } });
    const submitted = await call<Incident>(core, 'incident.submit', { id: draft.id });
    expect(submitted.status).toBe('open');
    expect(submitted.tasks.find((task) => task.kind === 'police_report')?.mandatory).toBe(true);
    expect(await core.dispatch(deskCaller, 'incident.draftFromAlarm', { alarmId: '8a7e1f0c-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('rows this PC cannot read', () => {
  it('a damaged incident is listed by id and refused as DAMAGED_RECORD; the rest of the list, the worklist and other records still work', async () => {
    const { core, people } = await desk();
    await signIn(core, people.anna);
    const fine = await call<Incident>(core, 'incident.quickLog', { forms: ['threat'] });
    const base = { occurred_at: '2026-11-27T12:00:00.000Z', channel: 'counter', forms: ['threat'], status: 'open', reporter_id: people.anna.id };
    // A bell character an old server let through, a field of the wrong type, and a task without a readable deadline.
    const bell = pullUnreadableRow(core, 'incident', { ...base, narrative: 'Hij belde \u0007 aan' });
    const wrongType = pullUnreadableRow(core, 'incident', { ...base, forms: 'threat' });
    const badTask = pullUnreadableRow(core, 'incident_task', { incident_id: fine.id, kind: 'police_report', due_at: 'tomorrow', mandatory: true, status: 'open' }, newId());
    await signIn(core, people.coordinator);

    const list = await call<IncidentListItem[]>(core, 'incident.list', {});
    expect(list).toHaveLength(3);
    expect(list.find((item) => item.id === fine.id)).toMatchObject({ status: 'open', forms: ['threat'] });
    expect(list.find((item) => item.id === bell)).toEqual({ id: bell, damaged: true, problem: expect.stringContaining('narrative') as unknown });
    expect(list.find((item) => item.id === wrongType)).toEqual({ id: wrongType, damaged: true, problem: expect.stringContaining('forms') as unknown });
    // What is wrong is named, never what the row says.
    expect(JSON.stringify(list)).not.toContain('Hij belde');

    expect(await core.dispatch(deskCaller, 'incident.get', { id: bell })).toMatchObject({ ok: false, error: { code: 'DAMAGED_RECORD', message: expect.stringContaining(bell) as unknown } });
    expect(await core.dispatch(deskCaller, 'incident.update', { id: bell, patch: { narrative: 'hersteld' } })).toMatchObject({ ok: false, error: { code: 'DAMAGED_RECORD' } });
    const record = await call<Incident>(core, 'incident.get', { id: fine.id });
    expect(record.damaged_tasks).toEqual([badTask]);
    expect(record.tasks.length).toBeGreaterThan(0);
    const worklist = await call<WorklistItem[]>(core, 'incident.worklist', {});
    expect(worklist.length).toBe(record.tasks.filter((task) => task.status === 'open').length);
    expect(worklist.every((item) => item.task.id !== badTask)).toBe(true);
  });
});
