import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { WorklistScreen } from '../../renderer/src/incident/WorklistScreen.js';
import { WarningCreateScreen } from '../../renderer/src/warnings/WarningForm.js';
import { WarningScreen } from '../../renderer/src/warnings/WarningScreen.js';
import { WarningsScreen } from '../../renderer/src/warnings/WarningsScreen.js';
import type { Core } from '../../main/core/core.js';
import { addMonths, today, type Warning } from '../../shared/warnings/warning.js';
import { inProcessApi, trackedCores } from '../support/core.js';
import { renderWithApi } from '../support/render.js';
import { call, signIn, staffedDesk } from '../support/staff.js';

afterEach(cleanup);
const openCore = trackedCores(afterEach);
const setField = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
/** Dates are typed the Dutch way, as the UI shows them: 2027-05-31 → 31-05-2027. */
const dutchDay = (day: string) => day.split('-').reverse().join('-');
const warningCount = (core: Core) => core.store.read.prepare('SELECT count(*) FROM visitor_warning').pluck().get();
const organisationOf = (core: Core) => core.store.read.prepare('SELECT id FROM organisation').pluck().get() as string;

async function coordinatorDesk() {
  const core = openCore();
  const people = await staffedDesk(core);
  await signIn(core, people.coordinator);
  return core;
}

const warningInput = (organisationId: string, name: string, extra: Record<string, unknown> = {}) => ({
  organisation_id: organisationId, subject: { name }, measure: { kind: 'appointment_only' }, reason_category: 'threat', decided_by: 'Carla', contact: 'Teamleider 038-1234',
  valid_from: today(new Date()), valid_until: addMonths(today(new Date()), 6), ...extra,
});

describe('<WarningCreateScreen>', () => {
  it('checks the term cap and the other rules before sending, names the field beside it, writes nothing until all is right', async () => {
    const core = await coordinatorDesk();
    renderWithApi(<WarningCreateScreen incidentId={null} />, inProcessApi(core));
    const user = userEvent.setup();
    // The cap is explained in the form, with the organisation's numbers.
    expect(await screen.findByText(/Standaard hoogstens 12 maanden\. Langer, tot hoogstens 24 maanden/)).toBeInTheDocument();
    await user.type(screen.getByLabelText('Naam *'), 'Hendrik van der Meulen');
    await user.type(screen.getByLabelText(/Wie een partner belt/), 'Teamleider 038-1234');
    const start = today(new Date());
    setField('Geldig tot en met *', dutchDay(addMonths(start, 18)));
    await user.selectOptions(screen.getByLabelText('Maatregel *'), 'other');
    await user.click(screen.getByRole('button', { name: 'Waarschuwing opslaan' }));
    expect(await screen.findByText('Motivering voor een langere looptijd: Een looptijd langer dan de standaard heeft een schriftelijke motivering nodig.')).toBeInTheDocument();
    expect(screen.getByText('Omschrijving van de maatregel: Omschrijf de maatregel.')).toBeInTheDocument();
    expect(screen.getByLabelText('Omschrijving van de maatregel')).toHaveAttribute('aria-invalid', 'true');
    setField('Geldig tot en met *', dutchDay(addMonths(start, 30)));
    await user.type(screen.getByLabelText('Omschrijving van de maatregel'), 'alleen via de achteringang');
    await user.type(screen.getByLabelText('Motivering voor een langere looptijd'), 'herhaald bedreigend');
    await user.click(screen.getByRole('button', { name: 'Waarschuwing opslaan' }));
    expect(await screen.findByText('Geldig tot en met: Deze looptijd is langer dan het maximum van uw organisatie.')).toBeInTheDocument();
    expect(warningCount(core)).toBe(0);

    setField('Geldig tot en met *', dutchDay(addMonths(start, 18)));
    await user.click(screen.getByRole('button', { name: 'Waarschuwing opslaan' }));
    await waitFor(() => expect(window.location.hash).toMatch(/^#\/warnings\/[0-9a-f-]{36}$/));
    const [warning] = await call<Warning[]>(core, 'warnings.list', {});
    expect(warning).toMatchObject({ subject: { name: 'Hendrik van der Meulen' }, measure: { kind: 'other', text: 'alleen via de achteringang' }, term_reason: 'herhaald bedreigend', valid_until: addMonths(start, 18), decided_by: 'Carla Coördinator', notification_due: expect.any(String) });
  });

  it('a date of birth in the future is refused beside its field, and nothing is written', async () => {
    const core = await coordinatorDesk();
    renderWithApi(<WarningCreateScreen incidentId={null} />, inProcessApi(core));
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Naam *'), 'Piet Jansen');
    await user.type(screen.getByLabelText(/Wie een partner belt/), 'Balie 038-1');
    setField('Geboortedatum', dutchDay(addMonths(today(new Date()), 1)));
    await user.click(screen.getByRole('button', { name: 'Waarschuwing opslaan' }));
    expect(await screen.findByText('Geboortedatum: Een geboortedatum kan niet in de toekomst liggen.')).toBeInTheDocument();
    expect(warningCount(core)).toBe(0);
  });
  it('a date of birth that does not exist stops the save beside its field, rather than saving the warning without it', async () => {
    const core = await coordinatorDesk();
    renderWithApi(<WarningCreateScreen incidentId={null} />, inProcessApi(core));
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Naam *'), 'Piet Jansen');
    await user.type(screen.getByLabelText(/Wie een partner belt/), 'Balie 038-1');
    await user.type(screen.getByLabelText('Geboortedatum'), '31-02-1980');
    await user.click(screen.getByRole('button', { name: 'Waarschuwing opslaan' }));
    expect(await screen.findByText('Deze datum bestaat niet. Kijk de dag en de maand na.')).toBeInTheDocument();
    expect(screen.getByLabelText('Geboortedatum')).toHaveFocus();
    expect(warningCount(core)).toBe(0);
    await user.clear(screen.getByLabelText('Geboortedatum'));
    await user.type(screen.getByLabelText('Geboortedatum'), '28-2-1980');
    await user.click(screen.getByRole('button', { name: 'Waarschuwing opslaan' }));
    await waitFor(() => expect(warningCount(core)).toBe(1));
    const [warning] = await call<Warning[]>(core, 'warnings.list', {});
    expect(warning?.subject.birth_date).toBe('1980-02-28');
  });
});

describe('<WarningScreen> and the list', () => {
  it('records the letter, extends within the cap, and revokes only after a second, explicit yes', async () => {
    const core = await coordinatorDesk();
    const created = await call<Warning>(core, 'warnings.create', warningInput(organisationOf(core), 'Sanne Bakker'));
    renderWithApi(<WarningScreen id={created.id} />, inProcessApi(core));
    const user = userEvent.setup();
    expect(await screen.findByTestId('warning-incomplete')).toHaveTextContent(/Onvolledig/);
    // A letter date that does not exist is said, not sent as "no letter".
    setField('Brief verstuurd op', '31-02-2026');
    await user.click(screen.getByRole('button', { name: 'Kennisgeving opslaan' }));
    expect(await screen.findByText('Deze datum bestaat niet. Kijk de dag en de maand na.')).toBeInTheDocument();
    expect(screen.getByLabelText('Brief verstuurd op')).toHaveFocus();
    setField('Brief verstuurd op', dutchDay(today(new Date())));
    await user.click(screen.getByRole('button', { name: 'Kennisgeving opslaan' }));
    await waitFor(() => expect(screen.queryByTestId('warning-incomplete')).toBeNull());

    setField('Geldig tot en met *', dutchDay(addMonths(created.valid_from, 30)));
    await user.click(screen.getByRole('button', { name: 'Verlengen' }));
    expect(await screen.findByText('Geldig tot en met: Deze looptijd is langer dan het maximum van uw organisatie.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Intrekken…' }));
    expect(await screen.findByText('Reden van intrekken: Vul dit veld in.')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Reden van intrekken *'), 'bezwaar gegrond');
    await user.click(screen.getByRole('button', { name: 'Intrekken…' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).getByRole('button', { name: 'Nee, niet intrekken' })).toHaveFocus();
    expect((await call<Warning>(core, 'warnings.get', { id: created.id })).state).toBe('active');
    await user.click(within(dialog).getByRole('button', { name: 'Ja, intrekken' }));
    expect(await screen.findByText(/Ingetrokken op .*: bezwaar gegrond/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Intrekken…' })).toBeNull();
  });

  it('lists active before revoked, marks the incomplete one with its deadline; the worklist shows it without the name', async () => {
    const core = await coordinatorDesk();
    const organisationId = organisationOf(core);
    const open = await call<Warning>(core, 'warnings.create', warningInput(organisationId, 'Kees Open'));
    const told = await call<Warning>(core, 'warnings.create', warningInput(organisationId, 'Lies Verteld', { notification: { exception_reason: 'adres onbekend' } }));
    await call(core, 'warnings.revoke', { id: told.id, reason: 'vergissing' });
    renderWithApi(<WarningsScreen />, inProcessApi(core));
    const rows = await screen.findAllByTestId('warning-row');
    expect(rows.map((row) => row.textContent)).toEqual([expect.stringMatching(/Kees Open.*Actief.*Onvolledig.*Kennisgeving uiterlijk/), expect.stringMatching(/Lies Verteld.*Ingetrokken$/)]);
    cleanup();

    renderWithApi(<WorklistScreen />, inProcessApi(core));
    const section = await screen.findByTestId('worklist-warnings');
    expect(within(section).getAllByRole('listitem')).toHaveLength(1);
    expect(within(section).getByRole('link')).toHaveAttribute('href', `#/warnings/${open.id}`);
    expect(section).toHaveTextContent(/Alleen op afspraak, geldig vanaf .*Kennisgeving uiterlijk/);
    expect(section.textContent).not.toMatch(/Kees/);
  });
});
