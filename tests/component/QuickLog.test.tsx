import { act, cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../main/core/core.js';
import { QuickLog } from '../../renderer/src/incident/QuickLog.js';
import { inProcessApi, trackedCores } from '../support/core.js';
import { renderWithApi } from '../support/render.js';
import { signIn, staffedDesk } from '../support/staff.js';

afterEach(cleanup);
const openCore = trackedCores(afterEach);

async function desk(signedIn = true) {
  const core = openCore();
  const people = await staffedDesk(core);
  if (signedIn) await signIn(core, people.anna);
  return { core, people };
}
const incidents = (core: Core) => core.store.read.prepare("SELECT forms, json_extract(data, '$.location') AS location, reporter_id, status FROM incident").all() as { forms: string; location: string; status: string }[];
const taskCount = (core: Core) => core.store.read.prepare('SELECT count(*) FROM incident_task').pluck().get();

describe('<QuickLog>', () => {
  it('three clicks: open, what happened, save; where and when are filled in', async () => {
    const { core } = await desk();
    renderWithApi(<QuickLog />, inProcessApi(core));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Incident melden' }));
    expect(screen.getByLabelText('Waar')).toHaveValue('Balie 3 · Verdieping 1');
    expect(screen.getByLabelText('Wanneer')).not.toHaveValue('');
    await user.click(screen.getByLabelText('Bedreiging'));
    await user.click(screen.getByRole('button', { name: 'Opslaan' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Incident opgeslagen');
    expect(incidents(core)).toEqual([{ forms: '["threat"]', location: 'Balie 3 · Verdieping 1', reporter_id: expect.any(String), status: 'open' }]);
    expect(taskCount(core)).toBe(5);
    expect(screen.getByRole('link', { name: 'Aanvullen' })).toHaveAttribute('href', expect.stringMatching(/^#\/incidents\/[0-9a-f-]{36}$/));
  });

  it('works from the keyboard alone: Enter opens, Space chooses, Ctrl+Enter saves', async () => {
    const { core } = await desk();
    renderWithApi(<QuickLog />, inProcessApi(core));
    const user = userEvent.setup();
    await screen.findByRole('button', { name: 'Incident melden' });
    await user.tab();
    expect(screen.getByRole('button', { name: 'Incident melden' })).toHaveFocus();
    await user.keyboard('{Enter}');
    // Focus lands on the first choice; the third is a threat.
    expect(screen.getByLabelText('Schelden of schreeuwen')).toHaveFocus();
    await user.tab();
    await user.tab();
    await user.keyboard(' ');
    expect(screen.getByLabelText('Bedreiging')).toBeChecked();
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await screen.findByRole('status')).toHaveTextContent('Incident opgeslagen');
    expect(incidents(core)).toHaveLength(1);
  });

  it('says so when nothing is chosen, the time does not exist or is in the future, and saves nothing', async () => {
    const { core } = await desk();
    renderWithApi(<QuickLog />, inProcessApi(core), 'en');
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Log an incident' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Choose at least one form of aggression.')).toBeInTheDocument();
    await user.click(screen.getByLabelText('Threat'));
    await user.clear(screen.getByLabelText('When'));
    await user.type(screen.getByLabelText('When'), '31/02/2026 10:00');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('This date or time does not exist. Check the day, the month and the time.')).toBeInTheDocument();
    await user.clear(screen.getByLabelText('When'));
    await user.type(screen.getByLabelText('When'), '1/1/2099 10:00');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('This date is in the future.')).toBeInTheDocument();
    expect(screen.getByLabelText('When')).toHaveAttribute('aria-invalid', 'true');
    expect(incidents(core)).toEqual([]);
  });

  it('asks whoever is at the desk to sign in first, then lets them log', async () => {
    const { core } = await desk(false);
    renderWithApi(<QuickLog />, inProcessApi(core));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Incident melden' }));
    await user.selectOptions(await screen.findByLabelText('Naam'), 'Anna de Vries');
    await user.type(screen.getByLabelText('Pincode'), '0000');
    await user.click(screen.getByRole('button', { name: 'Aanmelden' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Deze naam en pincode horen niet bij elkaar. Controleer uw pincode en probeer het opnieuw.');
    await user.type(screen.getByLabelText('Pincode'), '1234');
    await user.click(screen.getByRole('button', { name: 'Aanmelden' }));
    await act(async () => undefined);
    await user.click(await screen.findByLabelText('Fysiek geweld'));
    await user.click(screen.getByRole('button', { name: 'Opslaan' }));
    await waitFor(() => expect(incidents(core)).toHaveLength(1));
  });
});
