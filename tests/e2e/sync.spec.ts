import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './support/axe.js';
import { startHostProcess, type HostProcess } from './support/host-process.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

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

/** What the server administrator does, then what the PC's administrator does, up to entering the code. */
async function setUpPc(page: Page, organisationName: string, siteName: string) {
  const organisation = await server.admin('/v1/admin/organisations', { name: organisationName });
  const site = await server.admin('/v1/admin/sites', { name: siteName });
  await server.admin('/v1/admin/hosting', { organisation_id: organisation['id'], site_id: site['id'] });
  const { code } = await server.admin('/v1/admin/enrolment-codes', { organisation_id: organisation['id'], site_id: site['id'] });
  await page.goto(host.operatorUrl);
  await page.getByRole('link', { name: 'Instellingen' }).first().click();
  await page.getByLabel('Naam van de organisatie').fill(`${organisationName} (lokaal)`);
  await page.getByLabel('Naam van de locatie (gebouw)').fill(siteName);
  await page.getByLabel('Naam van de balie of werkplek').fill('Balie 2');
  await page.getByLabel('Adres van de centrale server').fill(server.url);
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByText('Instellingen opgeslagen.')).toBeVisible();
  return code as string;
}

test('an administrator enrols the PC with a one-time code and sees it synchronise', async ({ page }) => {
  const code = await setUpPc(page, 'Gemeente Zwolle', 'Stadskantoor Zwolle');

  await page.getByLabel('Koppelcode').fill('wrong-code-1');
  await page.getByRole('button', { name: 'Koppelen' }).click();
  await expect(page.getByRole('alert')).toContainText('De server weigerde de koppelcode');

  await page.getByLabel('Koppelcode').fill(code);
  await page.getByRole('button', { name: 'Koppelen' }).click();
  await expect(page.getByText(/Deze pc is gekoppeld op/)).toBeVisible();
  // Enrolled: the form is gone, the facts of the enrolment and a way to the server are there.
  await expect(page.getByLabel('Koppelcode')).toHaveCount(0);
  await expect(page.getByTestId('enrolment-facts')).toContainText('Stadskantoor Zwolle');
  await expect(page.getByRole('link', { name: 'Status van de server bekijken' })).toHaveAttribute('href', `${server.url}/health`);
  await expect(page.getByLabel('Naam van de organisatie')).toHaveJSProperty('readOnly', true);
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole('link', { name: 'Overzicht' }).click();
  await expect(page.getByTestId('status-organisation')).toHaveText('Gemeente Zwolle');
  await expect(page.getByTestId('status-site')).toHaveText('Stadskantoor Zwolle');
  await expect(page.getByTestId('sync-phase')).toHaveText('Bijgewerkt', { timeout: 10_000 });
  await expect(page.getByTestId('status-connection')).toHaveText('Verbonden');
  await page.getByRole('button', { name: 'Nu synchroniseren' }).click();
  await expect(page.getByTestId('sync-last')).toContainText('Laatst gesynchroniseerd');
  expect(await axeViolations(page)).toEqual([]);
});

test('when the server goes away the PC says so, keeps working, and recovers', async ({ page }) => {
  const code = await setUpPc(page, 'UWV', 'Werkplein');
  await page.getByLabel('Koppelcode').fill(code);
  await page.getByRole('button', { name: 'Koppelen' }).click();
  await page.getByRole('link', { name: 'Overzicht' }).click();
  await expect(page.getByTestId('sync-phase')).toHaveText('Bijgewerkt', { timeout: 10_000 });

  await server.stop();
  await page.getByRole('button', { name: 'Nu synchroniseren' }).click();
  await expect(page.getByTestId('sync-phase')).toContainText('Server niet bereikbaar');
  await expect(page.getByTestId('status-connection')).toHaveText('Niet verbonden');

  await server.restart();
  await page.getByRole('button', { name: 'Nu synchroniseren' }).click();
  await expect(page.getByTestId('sync-phase')).toHaveText('Bijgewerkt');
  await expect(page.getByTestId('status-connection')).toHaveText('Verbonden');
});

test('a new PC enrols in one step: server, code and its own name; organisation and site come from the server', async ({ page }) => {
  const organisation = await server.admin('/v1/admin/organisations', { name: 'Gemeente Deventer' });
  const site = await server.admin('/v1/admin/sites', { name: 'Stadhuis' });
  await server.admin('/v1/admin/hosting', { organisation_id: organisation['id'], site_id: site['id'] });
  const { code } = await server.admin('/v1/admin/enrolment-codes', { organisation_id: organisation['id'], site_id: site['id'] });
  await page.goto(host.operatorUrl);
  await page.getByRole('link', { name: 'Instellingen' }).first().click();
  await page.getByLabel('Serveradres').fill(server.url);
  await page.getByLabel('Koppelcode').fill(code as string);
  await page.getByRole('button', { name: 'Koppelen' }).click();
  await expect(page.locator('#enrol-deskName-error')).toHaveText('Vul dit veld in.');
  await page.getByLabel('Naam van deze balie').fill('Balie 7');
  await page.getByRole('button', { name: 'Koppelen' }).click();
  await expect(page.getByText(/Deze pc is gekoppeld op/)).toBeVisible();
  await expect(page.getByLabel('Naam van de organisatie')).toHaveValue('Gemeente Deventer');
  await expect(page.getByLabel('Naam van de balie of werkplek')).toHaveValue('Balie 7');
  await page.getByRole('link', { name: 'Overzicht' }).click();
  await expect(page.getByTestId('status-organisation')).toHaveText('Gemeente Deventer');
  await expect(page.getByTestId('status-site')).toHaveText('Stadhuis');
  await expect(page.getByTestId('status-desk')).toHaveText('Balie 7');
  await expect(page.getByTestId('sync-phase')).toHaveText('Bijgewerkt', { timeout: 10_000 });
});
