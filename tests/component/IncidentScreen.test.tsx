import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/core.js';
import type { Incident } from '../../shared/incident/incident-contract.js';
import { IncidentScreen } from '../../renderer/src/incident/IncidentScreen.js';
import { PoliceFormScreen } from '../../renderer/src/incident/PoliceFormScreen.js';
import { refusedField, validationMessage } from '../../renderer/src/incident/field-messages.js';
import { recordFieldOf } from '../../renderer/src/incident/record-fields.js';
import { createI18n } from '../../renderer/src/i18n.js';
import { inProcessApi, trackedCores } from '../support/core.js';
import { renderWithApi } from '../support/render.js';
import { call, signIn, staffedDesk } from '../support/staff.js';

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});
const openCore = trackedCores(afterEach);

async function loggedIncident(forms: string[] = ['verbal_abuse']) {
  const core = openCore();
  const people = await staffedDesk(core);
  await signIn(core, people.anna);
  const incident = await call<Incident>(core, 'incident.quickLog', { forms });
  return { core, people, incident };
}
const stored = (core: Core, id: string) => JSON.parse(core.store.read.prepare('SELECT data FROM incident WHERE id = ?').pluck().get(id) as string) as Record<string, unknown>;

describe('<IncidentScreen>: the full record', () => {
  it('saves itself a moment after typing, field by field, and says when', async () => {
    const { core, incident } = await loggedIncident();
    renderWithApi(<IncidentScreen id={incident.id} />, inProcessApi(core));
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Wat is er gebeurd (in uw eigen woorden)'), 'Bezoeker schreeuwde over de wachttijd.');
    await user.click(screen.getByLabelText('Wachttijd'));
    await user.selectOptions(screen.getByLabelText('Dader'), 'Beschreven');
    await user.type(screen.getByLabelText('Beschrijving van de dader'), 'Man, ongeveer 40, blauwe jas');
    await user.type(screen.getByLabelText('Schade in euro'), '125,50');
    await user.type(screen.getByLabelText('Dagen verzuim'), '2');
    await waitFor(() => expect(stored(core, incident.id)).toMatchObject({ narrative: 'Bezoeker schreeuwde over de wachttijd.', causes: ['waiting_time'], perpetrator_kind: 'described', perpetrator_description: 'Man, ongeveer 40, blauwe jas', damage_amount_cents: 12_550, sick_leave_days: 2 }), { timeout: 3_000 });
    expect(screen.getByText(/Opgeslagen om/)).toBeInTheDocument();
    // Damage makes recovering it mandatory: the follow-up moved with the facts.
    await waitFor(() => expect(within(screen.getByTestId('task-damage_recovery')).getByText('verplicht')).toBeInTheDocument());
  });

  it('marks a negative amount or oversize text and keeps saving the other fields', async () => {
    const { core, incident } = await loggedIncident();
    renderWithApi(<IncidentScreen id={incident.id} />, inProcessApi(core), 'en');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Damage in euros'), '-20');
    await user.type(screen.getByLabelText('Witnesses'), 'Bram');
    await user.tab();
    expect(await screen.findByText('Enter 0 or more.')).toBeInTheDocument();
    expect(screen.getByLabelText('Damage in euros')).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(stored(core, incident.id)['witnesses']).toBe('Bram'));
    expect(stored(core, incident.id)['damage_amount_cents']).toBeUndefined();
    await user.type(screen.getByLabelText('With what (object, weapon)'), 'x'.repeat(501));
    await user.tab();
    expect(await screen.findByText('This text is too long.')).toBeInTheDocument();
    expect(stored(core, incident.id)['means']).toBeUndefined();
  });

  it.each([
    ['Damage in euros', '2000000', 'damage_amount_cents'],
    ['Days of sick leave', '400', 'sick_leave_days'],
  ])('checks %s against the contract\'s limit and calls it too large, not text too long', async (label, typed, field) => {
    const { core, incident } = await loggedIncident();
    renderWithApi(<IncidentScreen id={incident.id} />, inProcessApi(core), 'en');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(label), typed);
    await user.tab();
    expect(await screen.findByText('This number is larger than allowed.')).toBeInTheDocument();
    expect(screen.queryByText('This text is too long.')).toBeNull();
    expect(stored(core, incident.id)[field]).toBeUndefined();
  });

  it('puts the core\'s refusal beside its field in words, not a generic message', () => {
    const { t } = createI18n('en');
    const refused = refusedField({ code: 'INVALID_INPUT', message: 'patch.damage_amount_cents: too_large' }, recordFieldOf);
    expect(refused).toEqual({ field: 'damage_amount', key: 'too_large' });
    expect(validationMessage(t, refused?.key)).toBe('This number is larger than allowed.');
  });

  it('a mandatory task is set to not needed only with a reason and a confirmation, and the reason shows', async () => {
    const { core, people, incident } = await loggedIncident(['threat']);
    await signIn(core, people.coordinator);
    renderWithApi(<IncidentScreen id={incident.id} />, inProcessApi(core));
    const user = userEvent.setup();
    const police = await screen.findByTestId('task-police_report');
    await user.click(within(police).getByRole('button', { name: 'Niet nodig' }));
    const note = within(police).getByLabelText(/Toelichting bij Aangifte bij de politie \(verplicht/);
    expect(note).toHaveFocus();
    expect(note).toHaveAccessibleDescription('Een verplichte taak zet u alleen met een reden op niet nodig. Vul de reden in.');
    await user.type(note, 'Medewerker ziet af van aangifte');
    await user.click(within(police).getByRole('button', { name: 'Niet nodig' }));
    expect(within(police).getByRole('button', { name: 'Ja, niet nodig' })).toHaveFocus();
    await user.click(within(police).getByRole('button', { name: 'Terug' }));
    expect(within(screen.getByTestId('task-police_report')).getByText('Open')).toBeInTheDocument();
    await user.click(within(police).getByRole('button', { name: 'Niet nodig' }));
    await user.click(within(police).getByRole('button', { name: 'Ja, niet nodig' }));
    expect(await within(screen.getByTestId('task-police_report')).findByText(/reden: Medewerker ziet af van aangifte/)).toBeInTheDocument();
  });

  it('a coordinator completes follow-up and closes; with mandatory follow-up open only with a reason', async () => {
    const { core, people, incident } = await loggedIncident(['threat']);
    await signIn(core, people.coordinator);
    renderWithApi(<IncidentScreen id={incident.id} />, inProcessApi(core));
    const user = userEvent.setup();
    expect(await screen.findByText(/doe altijd aangifte/)).toBeInTheDocument();
    const aftercare = screen.getByTestId('task-aftercare');
    await user.type(within(aftercare).getByRole('textbox'), 'Gesprek gehad');
    await user.click(within(aftercare).getByRole('button', { name: 'Gedaan' }));
    await waitFor(() => expect(within(screen.getByTestId('task-aftercare')).getByText(/Gedaan door Carla Coördinator op/)).toBeInTheDocument());
    await user.click(screen.getByRole('button', { name: 'Incident sluiten' }));
    expect(await screen.findByText(/Nog open en verplicht: .*Aangifte bij de politie.*Rond die eerst af/)).toBeInTheDocument();
    await user.type(screen.getByLabelText('Reden om te sluiten terwijl verplichte opvolging openstaat'), 'Medewerker wil geen aangifte; overleg gehad');
    await user.click(screen.getByRole('button', { name: 'Incident sluiten' }));
    expect(await screen.findByText(/Gesloten door Carla Coördinator/)).toBeInTheDocument();
    expect(screen.getByLabelText('Wat is er gebeurd (in uw eigen woorden)')).toBeDisabled();
  });

  it('a counter member sees the follow-up but cannot tick it off or close', async () => {
    const { core, incident } = await loggedIncident(['threat']);
    renderWithApi(<IncidentScreen id={incident.id} />, inProcessApi(core));
    await screen.findByTestId('task-aftercare');
    expect(screen.queryByRole('button', { name: 'Gedaan' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Incident sluiten' })).toBeNull();
  });
});

describe('<IncidentScreen>: nothing typed is lost', () => {
  it('when the connection drops, the text stays on this PC and is saved when the screen opens again', async () => {
    const { core, incident } = await loggedIncident();
    const real = inProcessApi(core);
    let connected = false;
    const flaky = { ...real, invoke: ((name: string, input: unknown) => (name === 'incident.update' && !connected ? Promise.resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'bridge closed' } }) : real.invoke(name as never, input as never))) as typeof real.invoke };
    renderWithApi(<IncidentScreen id={incident.id} />, flaky);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Wat is er gebeurd (in uw eigen woorden)'), 'Schopte tegen de balie.');
    expect(await screen.findByText(/Geen verbinding met Vangnet/)).toBeInTheDocument();
    cleanup(); // the screen closes before the connection comes back
    expect(stored(core, incident.id)['narrative']).toBeUndefined();

    connected = true;
    renderWithApi(<IncidentScreen id={incident.id} />, flaky);
    expect(await screen.findByText(/zijn teruggezet/)).toBeInTheDocument();
    expect(screen.getByLabelText('Wat is er gebeurd (in uw eigen woorden)')).toHaveValue('Schopte tegen de balie.');
    await waitFor(() => expect(stored(core, incident.id)['narrative']).toBe('Schopte tegen de balie.'), { timeout: 3_000 });
    // Saved, so the copy on this PC is gone: a third visit restores nothing.
    expect(window.localStorage.getItem(`vangnet.unsaved.${incident.id}`)).toBeNull();
  });
});

describe('<IncidentScreen>: a damaged local copy', () => {
  it.each([['not json'], ['{"forms":"threat"}'], ['{"narrative":42}']])('is ignored, not trusted: %s', async (stored) => {
    const { core, incident } = await loggedIncident();
    window.localStorage.setItem(`vangnet.unsaved.${incident.id}`, stored);
    renderWithApi(<IncidentScreen id={incident.id} />, inProcessApi(core));
    expect(await screen.findByLabelText('Wat is er gebeurd (in uw eigen woorden)')).toHaveValue('');
    expect(screen.queryByText(/zijn teruggezet/)).toBeNull();
  });
});

describe('<PoliceFormScreen>', () => {
  it('lists the 7 W facts of the incident for the police, with injury, damage, evidence and its reference', async () => {
    const { core, incident } = await loggedIncident(['physical_violence']);
    await call(core, 'incident.update', { id: incident.id, patch: { narrative: 'Sloeg de medewerker', means: 'Paraplu', causes: ['refused_benefit_or_permit'], witnesses: 'Bram Jansen', perpetrator_kind: 'described', perpetrator_description: 'Vrouw, ca. 30', injury: true, damage_amount_cents: 12_550, evidence: 'Camerabeelden 14:58' } });
    renderWithApi(<PoliceFormScreen id={incident.id} />, inProcessApi(core));
    // Intl writes a no-break space between € and the amount.
    const text = ((await screen.findByRole('article')).textContent ?? '').replaceAll('\u00a0', ' ');
    for (const expected of ['Wat', 'Fysiek geweld. Sloeg de medewerker', 'Waar', 'Balie 3 · Verdieping 1, Stadskantoor, Gemeente Zwolle', 'Wanneer', 'Wie', 'Vrouw, ca. 30', 'Anna de Vries', 'Bram Jansen', 'Hoe', 'Aan de balie', 'Waarom', 'Afgewezen uitkering of vergunning', 'Waarmee', 'Paraplu', 'LetselJa', 'Schade€ 125,50', 'BewijsCamerabeelden 14:58', `Kenmerk van de melding${incident.id}`]) {
      expect(text).toContain(expected);
    }
    expect(screen.getByRole('button', { name: 'Afdrukken' })).toBeInTheDocument();
  });
});
