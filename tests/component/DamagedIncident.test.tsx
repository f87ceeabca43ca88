import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/domain/ids.js';
import type { Incident } from '../../shared/incident/incident-contract.js';
import { IncidentScreen } from '../../renderer/src/incident/IncidentScreen.js';
import { IncidentsScreen } from '../../renderer/src/incident/IncidentsScreen.js';
import { WorklistScreen } from '../../renderer/src/incident/WorklistScreen.js';
import { inProcessApi, trackedCores } from '../support/core.js';
import { pullUnreadableRow } from '../support/damaged-rows.js';
import { renderWithApi } from '../support/render.js';
import { call, signIn, staffedDesk } from '../support/staff.js';

afterEach(cleanup);
const openCore = trackedCores(afterEach);

/** A coordinator's desk holding one good incident and one an old server let through with a bell character. */
async function deskWithDamagedRow() {
  const core = openCore();
  const people = await staffedDesk(core);
  await signIn(core, people.anna);
  const fine = await call<Incident>(core, 'incident.quickLog', { forms: ['threat'] });
  const damaged = pullUnreadableRow(core, 'incident', { occurred_at: new Date().toISOString(), channel: 'counter', forms: ['threat'], status: 'open', narrative: 'Hij belde \u0007 aan' });
  pullUnreadableRow(core, 'incident_task', { incident_id: damaged, kind: 'reaction_48h', due_at: new Date(Date.now() - 3_600_000).toISOString(), mandatory: true, status: 'open' }, newId());
  await signIn(core, people.coordinator);
  return { core, fine, damaged };
}

describe('a record this PC cannot read', () => {
  it('is one line "Beschadigde melding <id>" in the list, and the other incidents show as usual', async () => {
    const { core, fine, damaged } = await deskWithDamagedRow();
    renderWithApi(<IncidentsScreen />, inProcessApi(core));
    const line = await screen.findByRole('link', { name: `Beschadigde melding ${damaged}` });
    expect(line).toHaveAttribute('href', `#/incidents/${damaged}`);
    const rows = screen.getAllByRole('row');
    expect(rows).toHaveLength(3); // the header, the damaged line and the good incident
    const good = rows.find((row) => within(row).queryByRole('link', { name: /Beschadigde/ }) === null && row.querySelector(`a[href="#/incidents/${fine.id}"]`));
    expect(good).toBeDefined();
    expect(good).toHaveTextContent('Bedreiging');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('opened, it says "Damaged record <id>" with the reason instead of a blank screen', async () => {
    const { core, damaged } = await deskWithDamagedRow();
    renderWithApi(<IncidentScreen id={damaged} />, inProcessApi(core), 'en');
    expect(await screen.findByRole('heading', { level: 1, name: `Damaged record ${damaged}` })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('This record is damaged and cannot be read.');
    expect(screen.getByRole('link', { name: 'Back to the incidents' })).toHaveAttribute('href', '#/incidents');
  });

  it('keeps the worklist working: its open follow-up is listed under the damaged record', async () => {
    const { core, damaged } = await deskWithDamagedRow();
    renderWithApi(<WorklistScreen />, inProcessApi(core), 'en');
    const overdue = await screen.findByTestId('worklist-overdue');
    expect(within(overdue).getByRole('link', { name: `Damaged record ${damaged}` })).toBeInTheDocument();
    expect(screen.getByTestId('worklist-later')).toBeInTheDocument();
  });
});
