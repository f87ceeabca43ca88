import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { AnalyticsScreen } from '../../renderer/src/analytics/AnalyticsScreen.js';
import { insertIncidents, type SampleIncident } from '../../main/core/incident/sample-incidents.js';
import { followUpTaskId } from '../../shared/sync/row-ids.js';
import { inProcessApi, trackedCores } from '../support/core.js';
import { renderWithApi } from '../support/render.js';
import { signIn, staffedDesk } from '../support/staff.js';

afterEach(cleanup);
const openCore = trackedCores(afterEach);

const base: Omit<SampleIncident, 'id' | 'site_id' | 'occurred_at' | 'forms' | 'tasks'> = { channel: 'counter', location: '', causes: [], injury: false, sick_leave_days: 0, damage_amount_cents: 0, emotional_impact: 'some', perpetrator_kind: 'described', desk_name: 'Balie 1', floor: '0', status: 'open', reporter_id: '00000000-0000-4000-8000-0000000000aa', reporter_name: 'Anna de Vries' };
const a = '00000000-0000-4000-8000-000000000001';
const b = '00000000-0000-4000-8000-000000000002';
/** Two incidents either side of the clock change of Sunday 31 March 2024, and one without its hour. */
const fixture: SampleIncident[] = [
  { ...base, id: a, site_id: '', occurred_at: '2024-03-31T00:30:00.000Z', forms: ['threat'], causes: ['waiting_time'], tasks: [{ id: followUpTaskId(a, 'reaction_48h'), kind: 'reaction_48h', mandatory: true, due_at: '2024-04-02T00:30:00.000Z', status: 'done', done_at: '2024-03-31T10:30:00.000Z' }] },
  { ...base, id: b, site_id: '', occurred_at: '2024-03-31T01:30:00.000Z', forms: ['physical_violence', 'verbal_abuse'], injury: true, sick_leave_days: 3, tasks: [{ id: followUpTaskId(b, 'reaction_48h'), kind: 'reaction_48h', mandatory: true, due_at: '2024-04-02T01:30:00.000Z', status: 'open' }] },
  { ...base, id: '00000000-0000-4000-8000-000000000003', site_id: '', occurred_at: '2024-03-12T11:00:00.000Z', time_unknown: true, forms: ['vandalism'], channel: 'phone', desk_name: 'Balie 2', damage_amount_cents: 12_550, tasks: [] },
];

async function screenOverMarch2024() {
  const core = openCore();
  const people = await staffedDesk(core);
  const organisationId = core.store.read.prepare('SELECT id FROM organisation').pluck().get() as string;
  const siteId = core.store.read.prepare('SELECT id FROM site').pluck().get() as string;
  insertIncidents(core.store.write, organisationId, fixture, () => siteId);
  await signIn(core, people.coordinator);
  renderWithApi(<AnalyticsScreen />, inProcessApi(core));
  await screen.findByTestId('chart-heatmap');
  fireEvent.change(screen.getByLabelText('Van'), { target: { value: '2024-03-01' } });
  fireEvent.change(screen.getByLabelText('Tot en met'), { target: { value: '2024-03-31' } });
  await waitFor(() => expect(screen.getByTestId('analytics-total')).toHaveTextContent('3 incidenten in deze periode'));
}

/** Opens a chart's table view and reads it as rows of cells (the row header first). */
async function tableOf(id: string) {
  const card = screen.getByTestId(`card-${id}`);
  await userEvent.click(within(card).getByRole('button', { name: 'Toon als tabel' }));
  const table = within(card).getByRole('table');
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
}

describe('analytics table views', () => {
  it('show the same hand-counted numbers the charts draw, with row headers and a caption', async () => {
    await screenOverMarch2024();
    expect(await tableOf('forms')).toEqual([
      ['Schelden of schreeuwen', '1'], ['Discriminatie', '0'], ['Bedreiging', '1'], ['Intimidatie', '0'], ['Fysiek geweld', '1'], ['Gooien met voorwerpen of vernieling', '1'], ['Anders', '0'],
    ]);
    const bars = screen.getByTestId('chart-forms').querySelectorAll('rect[data-value]');
    expect([...bars].map((bar) => bar.getAttribute('data-value'))).toEqual(['1', '0', '1', '0', '1', '1', '0']);
    const heat = await tableOf('heatmap');
    // Sunday: one at 01:30 and one at 03:30, none at 02:00 (it did not exist); Tuesday: one without its hour.
    expect(heat[6]?.slice(0, 5)).toEqual(['zondag', '0', '1', '0', '1']);
    expect(heat[1]?.[25]).toBe('1');
    expect(heat.flatMap((row) => row.slice(1)).reduce((sum, cell) => sum + Number(cell), 0)).toBe(3);
    expect(await tableOf('followUp')).toEqual([
      ['Reactie aan de dader binnen de termijn (48 uur)', '2', '1', '50%', '10'],
      ['Aangifte gedaan waar verplicht', '0', '0', '', ''],
      ['Schade verhaald', '0', '0', '', ''],
      ['Nazorg geboden', '0', '0', '', ''],
    ]);
    const consequences = within(screen.getByRole('region', { name: 'Gevolgen' })).getByRole('table');
    expect(within(consequences).getByRole('rowheader', { name: 'Schade (euro)' }).nextElementSibling?.textContent).toBe('125.5');
    expect(within(screen.getByTestId('card-trend')).getByRole('img')).toHaveAccessibleName('Per maand, met dezelfde maand een jaar eerder');
  });
});
