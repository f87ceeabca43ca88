import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ChecklistScreen } from '../../renderer/src/checklist/ChecklistScreen.js';
import { FeedbackNotices } from '../../renderer/src/incident/FeedbackNotices.js';
import { AftercareAnswers } from '../../renderer/src/incident/AftercareAnswers.js';
import { IncidentScreen } from '../../renderer/src/incident/IncidentScreen.js';
import { WorklistScreen } from '../../renderer/src/incident/WorklistScreen.js';
import { routeFromHash, checklistItemHref } from '../../renderer/src/routing.js';
import type { Incident } from '../../shared/incident/incident-contract.js';
import { followUpTaskId } from '../../shared/sync/row-ids.js';
import { inProcessApi, trackedCores } from '../support/core.js';
import { renderWithApi } from '../support/render.js';
import { call, signIn, staffedDesk } from '../support/staff.js';

afterEach(cleanup);
const openCore = trackedCores(afterEach);

/** Monday 30 November 2026 in Amsterdam: the form's date is the real today, so the core's clock is the real one too. */
async function coordinatorDesk() {
  const core = openCore();
  const people = await staffedDesk(core);
  await signIn(core, people.coordinator);
  return { core, people };
}

describe('<ChecklistScreen>', () => {
  it('fills in an assessment, shows where each question stands and the trend, and puts an open item on the worklist', async () => {
    const { core } = await coordinatorDesk();
    const user = userEvent.setup();
    renderWithApi(<ChecklistScreen />, inProcessApi(core));
    expect(await screen.findByText('18 punten staan nog open')).toBeInTheDocument();
    expect(screen.getByText('Nog geen beoordelingen.')).toBeInTheDocument();

    const risks = within(screen.getByTestId('q-risks_mapped'));
    await user.click(risks.getByRole('radio', { name: 'Ja' }));
    const trained = within(screen.getByTestId('q-staff_trained'));
    await user.click(trained.getByRole('radio', { name: 'Nee' }));
    await user.type(trained.getByLabelText('Toelichting'), 'Training in maart');
    await user.type(trained.getByLabelText('Eigenaar'), 'Team P&O');
    await user.click(screen.getByRole('button', { name: 'Beoordeling opslaan' }));
    expect(await screen.findByRole('status')).toHaveTextContent(/Beoordeling van .* opgeslagen/);
    expect(screen.getByTestId('checklist-open')).toHaveTextContent('17 punten staan nog open');

    // The standing: answer, owner and note in words; the trend table has the same count as the chart's bar.
    const row = within(screen.getByTestId('item-staff_trained'));
    expect(row.getByRole('rowheader')).toHaveTextContent('Is het personeel voorgelicht, getraind en geïnstrueerd?');
    expect(row.getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['Nee', '', 'Team P&O', 'Training in maart', 'Op de werklijst']);
    expect(within(screen.getByTestId('item-risks_mapped')).getAllByRole('cell')[0]).toHaveTextContent('Ja');
    const trend = within(screen.getByTestId('table-checklist-trend'));
    expect(within(trend.getAllByRole('row')[1] as HTMLElement).getAllByRole('cell').map((cell) => cell.textContent)).toEqual(['1 / 4', '0 / 12', '0 / 2', '1 / 18']);
    expect(screen.getByTestId('chart-checklist-trend').querySelector('[data-yes]')?.getAttribute('data-yes')).toBe('1');

    await user.click(row.getByRole('button', { name: 'Zet op de werklijst: Is het personeel voorgelicht, getraind en geïnstrueerd?' }));
    await waitFor(() => expect(within(screen.getByTestId('item-staff_trained')).getAllByRole('cell')[4]).toHaveTextContent('Op de werklijst'));
    expect(core.store.read.prepare("SELECT question_key, status FROM checklist_task").all()).toEqual([{ question_key: 'staff_trained', status: 'open' }]);
    // A second assessment keeps the first: two in the history.
    await user.click(within(screen.getByTestId('q-policy_secured')).getByRole('radio', { name: 'Ja' }));
    await user.click(screen.getByRole('button', { name: 'Beoordeling opslaan' }));
    await waitFor(() => expect(within(screen.getByTestId('checklist-history')).getAllByRole('listitem')).toHaveLength(2));
  });

  it('says so when nothing is answered, and shows the questions in English', async () => {
    const { core } = await coordinatorDesk();
    const user = userEvent.setup();
    renderWithApi(<ChecklistScreen />, inProcessApi(core), 'en');
    expect(await screen.findByText('Have the risks been mapped?', { selector: 'legend' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save assessment' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Answer at least one question.');
    expect(core.store.read.prepare('SELECT count(*) FROM checklist_assessment').pluck().get()).toBe(0);
  });
});

describe('checklist tasks on the worklist', () => {
  it('link back to their question and are marked done there', async () => {
    const { core } = await coordinatorDesk();
    const { assessments } = await call<{ assessments: { id: string }[] }>(core, 'checklist.assess', { assessed_on: '2026-01-05', answers: { aggression_protocol: { answer: 'no', note: '', owner: 'Carla' } } });
    await call(core, 'checklist.makeTask', { assessmentId: assessments[0]?.id, questionKey: 'aggression_protocol' });
    const user = userEvent.setup();
    renderWithApi(<WorklistScreen />, inProcessApi(core));
    const task = await screen.findByTestId('checklist-task');
    const link = within(task).getByRole('link', { name: 'Checklist stap 2: Is er een agressieprotocol?' });
    expect(link).toHaveAttribute('href', checklistItemHref('aggression_protocol'));
    expect(routeFromHash('#/checklist/aggression_protocol')).toEqual({ name: 'checklistItem', key: 'aggression_protocol' });
    expect(routeFromHash('#/checklist/not_a_question')).toEqual({ name: 'home' });
    expect(within(task).getByText('Eigenaar: Carla')).toBeInTheDocument();
    await user.type(within(task).getByLabelText('Wat is er gedaan? (optioneel)'), 'Protocol vastgesteld');
    await user.click(within(task).getByRole('button', { name: 'Gedaan' }));
    await waitFor(() => expect(screen.queryByTestId('checklist-task')).not.toBeInTheDocument());
    expect(core.store.read.prepare("SELECT json_extract(data, '$.done_note') FROM checklist_task").pluck().get()).toBe('Protocol vastgesteld');
  });
});

describe('feedback to the reporter', () => {
  async function feedbackGiven() {
    const core = openCore();
    const people = await staffedDesk(core);
    await signIn(core, people.anna);
    const incident = await call<Incident>(core, 'incident.quickLog', { forms: ['threat'] });
    await signIn(core, people.coordinator);
    await call(core, 'incident.completeTask', { taskId: followUpTaskId(incident.id, 'feedback_reporter'), outcome: 'done', note: 'Er is aangifte gedaan.' });
    await signIn(core, people.anna);
    return { core, people, incident };
  }

  it('shows the note once after sign-in; "Gelezen" records the time and the notice is gone', async () => {
    const { core, incident } = await feedbackGiven();
    const user = userEvent.setup();
    renderWithApi(<FeedbackNotices />, inProcessApi(core));
    expect(await screen.findByTestId('feedback-note')).toHaveTextContent('Er is aangifte gedaan.');
    expect(screen.getByRole('heading', { name: 'Terugkoppeling op uw melding' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Melding bekijken' })).toHaveAttribute('href', `#/incidents/${incident.id}`);
    await user.click(screen.getByRole('button', { name: 'Gelezen' }));
    await waitFor(() => expect(screen.queryByTestId('feedback-notice')).not.toBeInTheDocument());
    expect((await call<Incident>(core, 'incident.get', { id: incident.id })).tasks.find((task) => task.kind === 'feedback_reporter')?.read_at).toBeDefined();
  });

  it('the reporter answers on aftercare; the coordinator reads the answers', async () => {
    const { core, people, incident } = await feedbackGiven();
    const user = userEvent.setup();
    let current = incident;
    const view = renderWithApi(<AftercareAnswers incident={incident} onChanged={(changed) => (current = changed)} />, inProcessApi(core));
    const save = await screen.findByRole('button', { name: 'Antwoorden opslaan' });
    expect(save).toBeDisabled();
    await user.click(within(screen.getByRole('group', { name: 'Is u nazorg aangeboden?' })).getByRole('radio', { name: 'Ja' }));
    await user.click(within(screen.getByRole('group', { name: 'Wilt u nazorg?' })).getByRole('radio', { name: 'Nee' }));
    await user.click(save);
    expect(await screen.findByText('Opgeslagen.')).toBeInTheDocument();
    expect(current).toMatchObject({ aftercare_offered: true, aftercare_wanted: false });
    view.unmount();
    await signIn(core, people.coordinator);
    renderWithApi(<AftercareAnswers incident={current} onChanged={() => undefined} />, inProcessApi(core));
    expect(await screen.findByText(/nazorg aangeboden: Ja; nazorg gewenst: Nee/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Antwoorden opslaan' })).not.toBeInTheDocument();
  });

  it('on the incident screen, the reporter sees the note with its read time and answers; the saved answer stays said', async () => {
    const { core, incident } = await feedbackGiven();
    await call(core, 'feedback.markRead', { taskId: followUpTaskId(incident.id, 'feedback_reporter') });
    const user = userEvent.setup();
    renderWithApi(<IncidentScreen id={incident.id} />, inProcessApi(core));
    expect(await screen.findByTestId('feedback-read')).toHaveTextContent(/^Gelezen door de melder op /);
    expect(screen.getByTestId('task-feedback_reporter')).toHaveTextContent('Er is aangifte gedaan.');
    const answers = within(await screen.findByTestId('aftercare-answers'));
    // The answers form shows once it knows who is signed in (its own call), after the note.
    await user.click(within(await answers.findByRole('group', { name: 'Is u nazorg aangeboden?' })).getByRole('radio', { name: 'Nee' }));
    await user.click(within(answers.getByRole('group', { name: 'Wilt u nazorg?' })).getByRole('radio', { name: 'Ja' }));
    await user.click(answers.getByRole('button', { name: 'Antwoorden opslaan' }));
    // The screen takes the changed incident; the form stays and says it saved.
    expect(await answers.findByText('Opgeslagen.')).toBeInTheDocument();
    expect(answers.getByText(/nazorg aangeboden: Nee; nazorg gewenst: Ja/)).toBeInTheDocument();
  });
});
