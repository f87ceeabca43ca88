import { act, cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { HomeScreen } from '../../renderer/src/screens/HomeScreen.js';
import { inProcessApi, openTestCore } from '../support/core.js';
import { renderWithApi } from '../support/render.js';

afterEach(cleanup);

describe('<HomeScreen>', () => {
  it('shows an unconfigured device and points to the settings', async () => {
    renderWithApi(<HomeScreen />, inProcessApi(openTestCore()));
    expect(await screen.findByTestId('status-connection')).toHaveTextContent('Geen server ingesteld');
    expect(screen.getByTestId('status-organisation')).toHaveTextContent('Nog niet ingesteld');
    expect(screen.getByRole('link', { name: 'Instellingen' })).toHaveAttribute('href', '#/settings');
  });

  it('follows the core: a settings change elsewhere appears without a reload', async () => {
    const core = openTestCore(undefined, () => new Date('2026-11-28T09:30:00Z'));
    renderWithApi(<HomeScreen />, inProcessApi(core));
    await screen.findByTestId('status-desk');
    await act(() => core.dispatch({ role: 'admin', session: 'other' }, 'settings.update', { organisationName: 'Gemeente Utrecht', siteName: 'Stadskantoor', deskName: 'Balie 3', floor: '1', serverUrl: 'https://vangnet.utrecht.nl' }));
    expect(screen.getByTestId('status-organisation')).toHaveTextContent('Gemeente Utrecht');
    expect(screen.getByTestId('status-desk')).toHaveTextContent('Balie 3 · Verdieping 1');
    expect(screen.getByTestId('status-connection')).toHaveTextContent('Niet verbonden');
    expect(screen.getByText(/Laatst gewijzigd op 28 november 2026/)).toBeInTheDocument();
  });

  it('formats dates with the English locale in English', async () => {
    const core = openTestCore(undefined, () => new Date('2026-11-28T09:30:00Z'));
    await core.dispatch({ role: 'admin', session: 't' }, 'settings.update', { organisationName: 'A', siteName: 'B', deskName: 'C', floor: '', serverUrl: '' });
    renderWithApi(<HomeScreen />, inProcessApi(core), 'en');
    expect(await screen.findByText(/Last changed on 28 November 2026/)).toBeInTheDocument();
  });
});
