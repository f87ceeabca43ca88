import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { WarningCheckScreen } from '../../renderer/src/warnings/WarningCheckScreen.js';
import { inProcessApi, trackedCores } from '../support/core.js';
import { renderWithApi } from '../support/render.js';
import { call, signIn, staffedDesk } from '../support/staff.js';

afterEach(cleanup);
const openCore = trackedCores(afterEach);

describe('<WarningCheckScreen>', () => {
  it('a counter worker types a name and presses Enter (2 interactions): hit, measure, until when and whom to call; nothing else', async () => {
    const core = openCore(() => new Date('2026-12-01T10:00:00Z'));
    const people = await staffedDesk(core);
    await signIn(core, people.coordinator);
    const organisationId = core.store.read.prepare('SELECT id FROM organisation').pluck().get() as string;
    await call(core, 'warnings.create', {
      organisation_id: organisationId, subject: { name: 'Hendrik van der Meulen', description: 'grijze jas' }, measure: { kind: 'appointment_only' }, reason_category: 'threat', reason_note: 'dreigde met geweld', decided_by: 'Carla', contact: 'Teamleider 038-1234', valid_from: '2026-12-01', valid_until: '2027-05-31',
    });
    await signIn(core, people.anna);
    renderWithApi(<WarningCheckScreen />, inProcessApi(core));
    const user = userEvent.setup();
    // The name field has focus when the screen opens.
    expect(await screen.findByLabelText('Naam')).toHaveFocus();
    await user.keyboard('hendrik meulne');
    await user.keyboard('{Enter}');
    const status = await screen.findByRole('status');
    expect(await screen.findByText('Er is een waarschuwing.')).toBeInTheDocument();
    expect(status).toHaveTextContent('Alleen op afspraak');
    expect(status).toHaveTextContent('31 mei 2027');
    expect(status).toHaveTextContent('Bel: Teamleider 038-1234 (Gemeente Zwolle)');
    expect(document.body.textContent).not.toMatch(/dreigde|grijze|Meulen|threat/);

    await user.clear(screen.getByLabelText('Naam'));
    await user.type(screen.getByLabelText('Naam'), 'Piet Jansen{Enter}');
    expect(await screen.findByText('Geen waarschuwing voor deze naam.')).toBeInTheDocument();
  });

  it('a birth date that does not exist is said beside the field, and nothing is checked on the name alone', async () => {
    const core = openCore(() => new Date('2026-12-01T10:00:00Z'));
    const people = await staffedDesk(core);
    await signIn(core, people.anna);
    renderWithApi(<WarningCheckScreen />, inProcessApi(core), 'en');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Name'), 'Piet Jansen');
    const birthDate = screen.getByLabelText(/Date of birth/);
    expect(birthDate).toHaveAccessibleDescription('dd/mm/yyyy, for example 31/01/2026');
    await user.type(birthDate, '31/02/1980{Enter}');
    expect(await screen.findByText('This date does not exist. Check the day and the month.')).toBeInTheDocument();
    expect(birthDate).toHaveFocus();
    expect(screen.queryByText('No warning for this name.')).not.toBeInTheDocument();
  });
});
