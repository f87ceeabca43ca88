import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { WorklistScreen } from '../../renderer/src/incident/WorklistScreen.js';
import { StaffAdmin } from '../../renderer/src/staff/StaffAdmin.js';
import { inProcessApi, trackedCores } from '../support/core.js';
import { renderWithApi } from '../support/render.js';
import { call, deskCaller, signIn, staffedDesk } from '../support/staff.js';
import { pinMatches } from '../../main/core/staff/pin-hash.js';

afterEach(cleanup);
const openCore = trackedCores(afterEach);

describe('<StaffAdmin>', () => {
  it('adds the first member of staff on a new desk; a short PIN is refused beside its field', async () => {
    const core = openCore();
    await core.dispatch(deskCaller, 'settings.update', { organisationName: 'G', siteName: 'S', deskName: 'B', floor: '', serverUrl: '' });
    renderWithApi(<StaffAdmin />, inProcessApi(core));
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Naam'), 'Beheer');
    await user.selectOptions(screen.getByLabelText('Rol'), 'Beheerder');
    await user.type(screen.getByLabelText('Pincode (4 tot 12 cijfers)'), '12');
    await user.click(screen.getByRole('button', { name: 'Medewerker toevoegen' }));
    expect(await screen.findByText('Een pincode heeft 4 tot 12 cijfers.')).toBeInTheDocument();
    expect(core.store.read.prepare('SELECT count(*) FROM staff_member').pluck().get()).toBe(0);
    await user.type(screen.getByLabelText('Pincode (4 tot 12 cijfers)'), '3456');
    await user.click(screen.getByRole('button', { name: 'Medewerker toevoegen' }));
    expect(await screen.findByText('Medewerker toegevoegd.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('listitem')).toHaveTextContent('Beheer – Beheerder'));
    expect(core.store.read.prepare('SELECT display_name, role, active FROM staff_member').get()).toEqual({ display_name: 'Beheer', role: 'admin', active: 1 });
  });
});

describe('<StaffAdmin> lockout guards', () => {
  it('proposes an administrator first and says why; switching off asks first; the last administrator stays, in words', async () => {
    const core = openCore();
    await core.dispatch(deskCaller, 'settings.update', { organisationName: 'G', siteName: 'S', deskName: 'B', floor: '', serverUrl: '' });
    renderWithApi(<StaffAdmin />, inProcessApi(core));
    const user = userEvent.setup();
    expect(await screen.findByText(/De eerste medewerker moet beheerder zijn/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Rol')).toHaveValue('admin'));
    // Chosen otherwise anyway, the core refuses and the form says why.
    await user.selectOptions(screen.getByLabelText('Rol'), 'Baliemedewerker');
    await user.type(screen.getByLabelText('Naam'), 'Anna');
    await user.type(screen.getByLabelText('Pincode (4 tot 12 cijfers)'), '3456');
    await user.click(screen.getByRole('button', { name: 'Medewerker toevoegen' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('De eerste medewerker moet beheerder zijn');
    await user.selectOptions(screen.getByLabelText('Rol'), 'Beheerder');
    await user.click(screen.getByRole('button', { name: 'Medewerker toevoegen' }));
    expect(await screen.findByText('Medewerker toegevoegd.')).toBeInTheDocument();
    const admin = (await call<{ id: string; displayName: string; role: 'admin'; active: boolean }[]>(core, 'staff.list', {}))[0];
    if (!admin) throw new Error('no administrator');
    await signIn(core, admin, '3456');

    await user.click(await screen.findByRole('button', { name: 'Uitschakelen' }));
    expect(screen.getByRole('group')).toHaveTextContent('Anna uitschakelen?');
    await user.click(screen.getByRole('button', { name: 'Annuleren' }));
    expect(core.store.read.prepare('SELECT active FROM staff_member').pluck().get()).toBe(1);
    await user.click(screen.getByRole('button', { name: 'Uitschakelen' }));
    await user.click(screen.getByRole('button', { name: 'Ja, uitschakelen' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Dit is de laatste beheerder.');
    expect(core.store.read.prepare('SELECT active FROM staff_member').pluck().get()).toBe(1);
  });
});

describe('<StaffAdmin> duress PIN', () => {
  it('is optional, must differ from the PIN, and only its hash is kept', async () => {
    const core = openCore();
    await core.dispatch(deskCaller, 'settings.update', { organisationName: 'G', siteName: 'S', deskName: 'B', floor: '', serverUrl: '' });
    renderWithApi(<StaffAdmin />, inProcessApi(core));
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Naam'), 'Beheer');
    await user.selectOptions(screen.getByLabelText('Rol'), 'Beheerder');
    await user.type(screen.getByLabelText('Pincode (4 tot 12 cijfers)'), '3456');
    await user.type(screen.getByLabelText('Dwang-pincode (niet verplicht)'), '3456');
    await user.click(screen.getByRole('button', { name: 'Medewerker toevoegen' }));
    expect(await screen.findByText('De dwang-pincode moet anders zijn dan de pincode.')).toBeInTheDocument();
    expect(core.store.read.prepare('SELECT count(*) FROM staff_member').pluck().get()).toBe(0);
    await user.clear(screen.getByLabelText('Dwang-pincode (niet verplicht)'));
    await user.type(screen.getByLabelText('Dwang-pincode (niet verplicht)'), '9911');
    await user.click(screen.getByRole('button', { name: 'Medewerker toevoegen' }));
    expect(await screen.findByText('Medewerker toegevoegd.')).toBeInTheDocument();
    const data = core.store.read.prepare('SELECT data FROM staff_member').pluck().get() as string;
    // Only the hash: no field holds the PIN itself (a hex hash may contain its digits by chance).
    const stored = JSON.parse(data) as { duress_pin_hash: string };
    expect(Object.values(stored)).not.toContain('9911');
    expect(pinMatches('9911', stored.duress_pin_hash)).toBe(true);
  });
});

describe('<WorklistScreen>', () => {
  it('groups open follow-up by urgency; ticking a task off takes it from the list', async () => {
    const clock = { now: new Date('2026-11-27T14:00:00Z') };
    const core = openCore(() => clock.now);
    const people = await staffedDesk(core);
    await signIn(core, people.anna);
    await call(core, 'incident.quickLog', { forms: ['threat'], occurred_at: '2026-11-20T10:00:00Z' });
    await signIn(core, people.coordinator);
    renderWithApi(<WorklistScreen />, inProcessApi(core), 'en');
    const overdue = await screen.findByTestId('worklist-overdue');
    expect(within(overdue).getByRole('heading')).toHaveTextContent('Overdue (3)');
    expect(within(screen.getByTestId('worklist-later')).getByRole('heading')).toHaveTextContent('Later (2)');
    const user = userEvent.setup();
    await user.click(within(within(overdue).getByTestId('task-reaction_48h')).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(within(screen.getByTestId('worklist-overdue')).getByRole('heading')).toHaveTextContent('Overdue (2)'));
    expect(screen.getByRole('heading', { name: 'Follow-up deadlines' })).toBeInTheDocument();
  });
});
