import { TZDate } from '@date-fns/tz';
import { expect, test } from '@playwright/test';
import { insertIncidents, type SampleIncident } from '../../main/core/incident/sample-incidents.js';
import { endedMonths } from '../../shared/analytics/benchmark.js';
import { newId } from '../../shared/domain/ids.js';
import { ZONE } from '../../shared/incident/deadlines.js';
import { SYNC_SCHEMA_VERSION } from '../../shared/sync/protocol.js';
import { axeViolations } from './support/axe.js';
import { saveDeskSettings } from './support/desk-settings.js';
import { openHostStore, startHostProcess, type HostProcess } from './support/host-process.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { addStaff, signInAs } from './support/staff.js';

// Two processes, five other organisations enrolled by hand, and a desk: more than a minute on a loaded machine.
test.setTimeout(180_000);

let server: ServerProcess;
let host: HostProcess;
test.beforeEach(async () => {
  server = await startServerProcess();
  host = await startHostProcess();
});
test.afterEach(async () => {
  await host.stop();
  await server.stop();
});

const [month] = endedMonths(new Date(), 1) as [string];
const midMonth = new Date(new TZDate(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 15, 12, 0, 0, ZONE).getTime()).toISOString();

/** Another municipality that takes part and has shared two threats for last month, through the device API as its PC would. */
async function otherMunicipality(siteId: string, index: number): Promise<void> {
  const organisation = await server.admin('/v1/admin/organisations', { name: `Gemeente ${index}`, sector: 'gemeente' });
  await server.admin('/v1/admin/hosting', { organisation_id: organisation['id'], site_id: siteId });
  const { code } = await server.admin('/v1/admin/enrolment-codes', { organisation_id: organisation['id'], site_id: siteId });
  const enrolled = (await (await fetch(`${server.url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, device_id: newId(), device_name: 'Balie', schema_version: SYNC_SCHEMA_VERSION }) })).json()) as { credential: string };
  const device = { authorization: `Bearer ${enrolled.credential}`, 'content-type': 'application/json' };
  expect((await fetch(`${server.url}/v1/benchmark/participation`, { method: 'PUT', headers: device, body: JSON.stringify({ participating: true }) })).status).toBe(200);
  expect((await fetch(`${server.url}/v1/benchmark/share`, { method: 'POST', headers: device, body: JSON.stringify({ counts: [{ month, dimension: 'form', key: 'threat', count: 2 }] }) })).status).toBe(200);
}

test('an administrator opts in; the comparison shows own counts beside the sector average and "te weinig gegevens" where it rests on too little, keyboard-usable and axe clean', async ({ page }) => {
  const organisation = await server.admin('/v1/admin/organisations', { name: 'Gemeente Zwolle', sector: 'gemeente' });
  const site = await server.admin('/v1/admin/sites', { name: 'Stadskantoor' });
  await server.admin('/v1/admin/hosting', { organisation_id: organisation['id'], site_id: site['id'] });
  const { code } = await server.admin('/v1/admin/enrolment-codes', { organisation_id: organisation['id'], site_id: site['id'] });
  for (let index = 1; index <= 5; index += 1) await otherMunicipality(site['id'] as string, index);

  // The desk: enrolled first (in set-up mode), then its staff.
  await page.goto(host.operatorUrl);
  await saveDeskSettings(page, { desk: 'Balie 3', floor: '1', serverUrl: server.url });
  await page.getByLabel('Koppelcode').fill(code as string);
  await page.getByRole('button', { name: 'Koppelen' }).click();
  await expect(page.getByText(/Deze pc is gekoppeld op/)).toBeVisible();
  await addStaff(page, 'Beheer', 'Beheerder', '1111', { listed: false });
  await signInAs(page, 'Beheer', '1111');

  const db = openHostStore(host, { write: true });
  try {
    const incident = (forms: SampleIncident['forms']): SampleIncident => ({
      id: newId(), site_id: site['id'] as string, occurred_at: midMonth, channel: 'counter', forms, location: '', causes: [], injury: false, sick_leave_days: 0, damage_amount_cents: 0,
      emotional_impact: 'some', perpetrator_kind: 'unknown', desk_name: 'Balie 3', status: 'open', reporter_id: newId(), reporter_name: 'Anna de Vries', tasks: [],
    });
    insertIncidents(db, organisation['id'] as string, [incident(['threat']), incident(['threat', 'physical_violence']), incident(['threat'])]);
  } finally {
    db.close();
  }

  await page.getByRole('link', { name: 'Analyse' }).click();
  const section = page.getByTestId('benchmark');
  await expect(section.getByTestId('benchmark-state')).toHaveText(/Uw organisatie doet niet mee\./);
  // By keyboard: focus the switch and press Enter.
  await section.getByRole('button', { name: 'Meedoen' }).focus();
  await page.keyboard.press('Enter');
  await expect(section.getByTestId('benchmark-state')).toContainText('Uw organisatie doet mee (sector: gemeente)');
  await expect(section.getByTestId('benchmark-state')).toContainText('Laatst gedeeld');

  const card = section.getByTestId('card-benchmark');
  await expect(card.getByTestId('chart-benchmark')).toBeVisible();
  await card.getByRole('button', { name: 'Toon als tabel' }).click();
  const row = async (header: string) => card.getByRole('row').filter({ has: page.getByRole('rowheader', { name: header, exact: true }) }).locator('th, td').allTextContents();
  expect(await row('Vorm: Bedreiging')).toEqual(['Vorm: Bedreiging', '3', '2', '5']);
  expect(await row('Vorm: Fysiek geweld')).toEqual(['Vorm: Fysiek geweld', '1', 'te weinig gegevens', '']);
  await expect(card.getByTestId('benchmark-suppressed-explained')).toContainText('minder dan 5 andere organisaties');
  expect(await axeViolations(page)).toEqual([]);
  await card.getByRole('button', { name: 'Toon als grafiek' }).click();
  await section.screenshot({ path: 'docs/analytics-benchmark.png', animations: 'disabled' });

  await section.getByRole('button', { name: 'Nu delen' }).click();
  await expect(section.getByText('Gedeeld.')).toBeVisible();
});
