import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsScreen } from '../../renderer/src/screens/SettingsScreen.js';
import { inProcessApi, openTestCore } from '../support/core.js';
import { renderWithApi } from '../support/render.js';

afterEach(cleanup);

const deskCount = (core: ReturnType<typeof openTestCore>) => core.store.read.prepare('SELECT count(*) FROM desk').pluck().get();

describe('<SettingsScreen>', () => {
  it('saves valid settings into the store, from the keyboard alone', async () => {
    const core = openTestCore();
    renderWithApi(<SettingsScreen />, inProcessApi(core));
    const user = userEvent.setup();
    await user.tab();
    expect(screen.getByLabelText('Naam van de organisatie')).toHaveFocus();
    await user.keyboard('Gemeente Zwolle');
    await user.tab();
    await user.keyboard('Stadskantoor');
    await user.tab();
    await user.keyboard('Balie 4');
    await user.tab();
    await user.keyboard('3');
    await user.tab();
    await user.keyboard('https://vangnet.zwolle.nl{Enter}');
    expect(await screen.findByRole('status')).toHaveTextContent('Instellingen opgeslagen.');
    expect(core.store.read.prepare('SELECT name, floor FROM desk').get()).toEqual({ name: 'Balie 4', floor: '3' });
  });

  it('puts this PC in an alarm group, and shows the saved group again', async () => {
    const core = openTestCore();
    renderWithApi(<SettingsScreen />, inProcessApi(core));
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Naam van de organisatie'), 'Gemeente Zwolle');
    await user.type(screen.getByLabelText('Naam van de locatie (gebouw)'), 'Stadskantoor');
    await user.type(screen.getByLabelText('Naam van de balie of werkplek'), 'Teamleider');
    await user.selectOptions(screen.getByLabelText('Alarmgroep van deze pc'), 'Groep 2: na opschalen');
    await user.click(screen.getByRole('button', { name: 'Opslaan' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Instellingen opgeslagen.');
    expect(core.store.read.prepare('SELECT alarm_group FROM device_settings').pluck().get()).toBe(2);
    cleanup();
    renderWithApi(<SettingsScreen />, inProcessApi(core));
    await waitFor(() => expect(screen.getByLabelText('Naam van de balie of werkplek')).toHaveValue('Teamleider'));
    expect(screen.getByLabelText('Alarmgroep van deze pc')).toHaveValue('2');
  });

  it('shows each problem beside its field, in Dutch, and writes nothing', async () => {
    const core = openTestCore();
    renderWithApi(<SettingsScreen />, inProcessApi(core));
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Naam van de organisatie'), 'x'.repeat(121));
    await user.type(screen.getByLabelText('Adres van de centrale server'), 'ftp://files');
    await user.click(screen.getByRole('button', { name: 'Opslaan' }));
    expect(await screen.findByText('Deze tekst is te lang.')).toBeInTheDocument();
    expect(screen.getAllByText('Vul dit veld in.')).toHaveLength(2);
    expect(screen.getByText(/Vul een geldig adres in/)).toBeInTheDocument();
    expect(screen.getByLabelText('Adres van de centrale server')).toHaveAttribute('aria-invalid', 'true');
    expect(deskCount(core)).toBe(0);
  });

  it('loads what was saved before', async () => {
    const core = openTestCore();
    await core.dispatch({ role: 'admin', session: 't' }, 'settings.update', { organisationName: 'UWV', siteName: 'Werkplein', deskName: 'Balie 9', floor: '', serverUrl: '' });
    renderWithApi(<SettingsScreen />, inProcessApi(core));
    await waitFor(() => expect(screen.getByLabelText('Naam van de balie of werkplek')).toHaveValue('Balie 9'));
  });

  it('tells a non-administrator plainly that they may not change settings', async () => {
    const core = openTestCore();
    renderWithApi(<SettingsScreen />, inProcessApi(core, 'counter'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Uw rol mag dit niet doen. Vraag een coördinator of beheerder.');
  });

  it('speaks English when asked', async () => {
    renderWithApi(<SettingsScreen />, inProcessApi(openTestCore()), 'en');
    expect(screen.getByRole('heading', { name: 'Settings of this workstation' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save' })).toBeInTheDocument();
  });
});
