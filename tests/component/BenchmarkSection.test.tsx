import { TZDate } from '@date-fns/tz';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { insertIncidents, type SampleIncident } from '../../main/core/incident/sample-incidents.js';
import { BenchmarkSection } from '../../renderer/src/analytics/BenchmarkSection.js';
import { endedMonths } from '../../shared/analytics/benchmark.js';
import { newId } from '../../shared/domain/ids.js';
import type { StaffMember } from '../../shared/domain/staff.js';
import { ZONE } from '../../shared/incident/deadlines.js';
import { inProcessApi, openTestCore } from '../support/core.js';
import { renderWithApi } from '../support/render.js';
import { call, deskCaller, signIn } from '../support/staff.js';
import { createTenant, startTestServer } from '../support/sync-server.js';

// The core runs in this test's page here, not in Electron's main process: its requests to the
// server are not a page's cross-origin requests, so the browser's same-origin rule is off.
(window as unknown as { happyDOM: { settings: { fetch: { disableSameOriginPolicy: boolean } } } }).happyDOM.settings.fetch.disableSameOriginPolicy = true;

const after: (() => Promise<void>)[] = [];
afterEach(async () => {
  cleanup();
  for (const step of after.splice(0).reverse()) await step();
}, 30_000);

const [month] = endedMonths(new Date(), 1) as [string];
const midMonth = new Date(new TZDate(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 15, 12, 0, 0, ZONE).getTime()).toISOString();

/** An enrolled desk whose organisation is one of six municipalities; five have shared already. */
async function desk(locale: 'nl' | 'en' = 'nl') {
  const test = await startTestServer('sqlite');
  after.push(() => test.close());
  const tenant = await createTenant(test.directory, 'Gemeente Zwolle');
  await test.directory.setSector(tenant.organisationId, 'gemeente');
  const db = test.server.store.db;
  for (let index = 0; index < 5; index += 1) {
    const other = await test.directory.createOrganisation(`Gemeente ${index}`, 'gemeente');
    await db.insertInto('benchmark_participation').values({ organisation_id: other.id, since: new Date().toISOString(), last_shared_at: null }).execute();
    // Threats: 2 each (shown, average 2); physical violence: 1 from a single organisation (suppressed).
    await db.insertInto('benchmark_count').values({ organisation_id: other.id, month, dimension: 'form', item: 'threat', incidents: 2 }).execute();
    if (index === 0) await db.insertInto('benchmark_count').values({ organisation_id: other.id, month, dimension: 'form', item: 'physical_violence', incidents: 1 }).execute();
  }
  const core = openTestCore();
  after.push(() => core.close());
  await call(core, 'settings.update', { organisationName: 'G', siteName: 'S', deskName: 'Balie 1', floor: '', serverUrl: test.server.url });
  await call(core, 'sync.enrol', { code: (await test.directory.createEnrolmentCode(tenant.organisationId, tenant.siteId)).code });
  const admin = (await core.dispatch(deskCaller, 'staff.create', { displayName: 'Beheer', role: 'admin', pin: '1234' })) as { ok: true; value: StaffMember };
  await signIn(core, admin.value);
  await call(core, 'staff.create', { displayName: 'Carla', role: 'coordinator', pin: '1234' });
  const incident = (forms: SampleIncident['forms']): SampleIncident => ({
    id: newId(), site_id: tenant.siteId, occurred_at: midMonth, channel: 'counter', forms, location: '', causes: [], injury: false, sick_leave_days: 0, damage_amount_cents: 0,
    emotional_impact: 'some', perpetrator_kind: 'unknown', desk_name: 'Balie 1', status: 'open', reporter_id: admin.value.id, reporter_name: 'Beheer', tasks: [],
  });
  insertIncidents(core.store.write, tenant.organisationId, [incident(['threat']), incident(['threat', 'physical_violence']), incident(['threat'])]);
  renderWithApi(<BenchmarkSection />, inProcessApi(core), locale);
  return { core, test };
}

/** Opting in shares and asks the server twice: seconds, on a loaded machine, not testing-library's default second. */
const slow = { timeout: 15_000 };
const rowOf = (table: HTMLElement, header: string) => [...(within(table).getByRole('rowheader', { name: header }).closest('tr')?.querySelectorAll('th, td') ?? [])].map((cell) => cell.textContent);

describe('the benchmark section', () => {
  it('lets the administrator opt in, shows own counts beside the sector average, and says "te weinig gegevens" with no number where the average rests on too little', { timeout: 60_000 }, async () => {
    await desk();
    expect(await screen.findByTestId('benchmark-state', {}, slow)).toHaveTextContent('Uw organisatie doet niet mee.');
    await userEvent.click(screen.getByRole('button', { name: 'Meedoen' }));
    await waitFor(() => expect(screen.getByTestId('benchmark-state')).toHaveTextContent(/doet mee \(sector: gemeente\).*Laatst gedeeld/), slow);

    const card = await screen.findByTestId('card-benchmark', {}, slow);
    await userEvent.click(within(card).getByRole('button', { name: 'Toon als tabel' }));
    const table = within(card).getByRole('table');
    expect(within(table).getAllByRole('columnheader').map((cell) => cell.textContent)).toEqual(['Categorie', 'Uw organisatie', 'Gemiddelde sector', 'Aantal organisaties']);
    expect(rowOf(table, 'Vorm: Bedreiging')).toEqual(['Vorm: Bedreiging', '3', '2', '5']);
    expect(rowOf(table, 'Vorm: Fysiek geweld')).toEqual(['Vorm: Fysiek geweld', '1', 'te weinig gegevens', '']);
    expect(rowOf(table, 'Kanaal: Aan de balie')).toEqual(['Kanaal: Aan de balie', '3', 'te weinig gegevens', '']);
    expect(screen.getByTestId('benchmark-suppressed-explained')).toHaveTextContent('minder dan 5 andere organisaties of op minder dan 5 meldingen');
    // The chart draws no bar for a suppressed average: it says so in words.
    await userEvent.click(within(card).getByRole('button', { name: 'Toon als grafiek' }));
    expect(within(card).getByTestId('chart-benchmark').querySelectorAll('[data-suppressed="true"]').length).toBe(11);

    await userEvent.click(screen.getByRole('button', { name: 'Nu delen' }));
    expect(await screen.findByText('Gedeeld.', {}, slow)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Stoppen met meedoen' }));
    await waitFor(() => expect(screen.getByTestId('benchmark-state')).toHaveTextContent('Uw organisatie doet niet mee.'), slow);
    expect(screen.queryByTestId('card-benchmark')).toBeNull();
  });

  it('speaks English, and a coordinator sees the comparison but cannot opt the organisation in or out', { timeout: 60_000 }, async () => {
    const { core } = await desk('en');
    await userEvent.click(await screen.findByRole('button', { name: 'Take part' }, slow));
    await screen.findByTestId('card-benchmark', {}, slow);
    cleanup();
    const carla = (await call<StaffMember[]>(core, 'staff.list', {})).find((member) => member.displayName === 'Carla') as StaffMember;
    await signIn(core, carla);
    renderWithApi(<BenchmarkSection />, inProcessApi(core), 'en');
    await waitFor(() => expect(screen.getByTestId('benchmark-state')).toHaveTextContent('Your organisation takes part (sector: municipality)'), slow);
    expect(screen.getByText('Only an administrator can make your organisation take part or stop.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Stop taking part' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Share now' })).toBeInTheDocument();
    // The contract refuses it too, whatever a screen shows.
    const refused = await core.dispatch(deskCaller, 'benchmark.setParticipation', { participating: false });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
