import { expect, test } from '@playwright/test';
import { openHostStore, startHostProcess, type HostProcess } from './support/host-process.js';

let host: HostProcess;
test.beforeEach(async () => {
  host = await startHostProcess();
});
test.afterEach(async () => {
  await host.stop();
});

test('settings: fill in, reload, and find them persisted (renderer → contract → core → SQLite → back)', async ({ page }) => {
  await page.goto(host.operatorUrl);
  await expect(page.getByTestId('status-organisation')).toHaveText('Nog niet ingesteld');
  await expect(page).toHaveURL(/#\/$/); // the token left the address bar

  await page.getByRole('link', { name: 'Instellingen' }).first().click();
  await page.getByLabel('Naam van de organisatie').fill('Gemeente Utrecht');
  await page.getByLabel('Naam van de locatie (gebouw)').fill('Stadskantoor');
  await page.getByLabel('Naam van de balie of werkplek').fill('Balie 3');
  await page.getByLabel('Verdieping').fill('1');
  await page.getByLabel('Adres van de centrale server').fill('https://vangnet.utrecht.nl');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByRole('status')).toHaveText('Instellingen opgeslagen.');

  await page.reload();
  await expect(page.getByLabel('Naam van de balie of werkplek')).toHaveValue('Balie 3');
  await expect(page.getByLabel('Adres van de centrale server')).toHaveValue('https://vangnet.utrecht.nl');

  await page.getByRole('link', { name: 'Overzicht' }).click();
  await expect(page.getByTestId('status-organisation')).toHaveText('Gemeente Utrecht');
  await expect(page.getByTestId('status-desk')).toHaveText('Balie 3 · Verdieping 1');
  await expect(page.getByTestId('status-connection')).toHaveText('Niet verbonden');

  // The values are in the SQLite file itself, read by a separate connection.
  const db = openHostStore(host);
  expect(db.prepare('SELECT name, floor FROM desk').get()).toEqual({ name: 'Balie 3', floor: '1' });
  db.close();
});

test('settings survive a restart of the web host', async ({ page }) => {
  await page.goto(host.operatorUrl);
  await page.getByRole('link', { name: 'Instellingen' }).first().click();
  await page.getByLabel('Naam van de organisatie').fill('SVB');
  await page.getByLabel('Naam van de locatie (gebouw)').fill('Amstelveen');
  await page.getByLabel('Naam van de balie of werkplek').fill('Balie 2');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByRole('status')).toBeVisible();

  await host.stop();
  host = await startHostProcess(host.dataDir);
  await page.goto(host.operatorUrl);
  await expect(page.getByTestId('status-site')).toHaveText('Amstelveen');
});

test('the settings screen works from the keyboard alone', async ({ page }) => {
  await page.goto(host.operatorUrl);
  await expect(page.getByTestId('status-organisation')).toBeVisible();
  const kb = page.keyboard;
  // skip link → nav: Overzicht → Bezoeker controleren → Incidenten → Werklijst → Waarschuwingen → Analyse → Checklist → Instellingen
  // (in set-up mode the desk acts as an administrator, whose menu has every screen).
  await kb.press('Tab');
  await expect(page.getByRole('link', { name: 'Naar de inhoud' })).toBeFocused();
  for (let stop = 0; stop < 8; stop += 1) await kb.press('Tab');
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Instellingen' })).toBeFocused();
  await kb.press('Enter');
  // The screen change puts focus on its heading; the first field is the next Tab stop.
  await expect(page.getByRole('heading', { name: 'Instellingen van deze werkplek' })).toBeFocused();
  await kb.press('Tab');
  await expect(page.getByLabel('Naam van de organisatie')).toBeFocused();
  await kb.type('Gemeente Zwolle');
  await kb.press('Tab');
  await kb.type('Stadskantoor');
  await kb.press('Tab');
  await kb.type('Balie 5');
  await kb.press('Enter');
  await expect(page.getByRole('status')).toHaveText('Instellingen opgeslagen.');
});

test('invalid input is refused with a clear message and nothing is stored', async ({ page }) => {
  await page.goto(host.operatorUrl);
  await page.getByRole('link', { name: 'Instellingen' }).first().click();
  await page.getByLabel('Naam van de organisatie').fill('Gemeente Zwolle');
  await page.getByLabel('Adres van de centrale server').fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByText('Vul een geldig adres in dat begint met https:// of http://.')).toBeVisible();
  await expect(page.getByText('Vul dit veld in.')).toHaveCount(2);
  await page.reload();
  await expect(page.getByLabel('Naam van de organisatie')).toHaveValue('');
});

test('switching to English changes the UI and is remembered', async ({ page }) => {
  await page.goto(host.operatorUrl);
  await page.getByLabel('Taal').selectOption('en');
  await expect(page.getByRole('heading', { name: 'This workstation' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByRole('heading', { name: 'This workstation' })).toBeVisible();
});

test('a page without the session token is refused and says what to do', async ({ page }) => {
  await page.goto(host.origin);
  await expect(page.getByRole('alert').first()).toContainText('niet aangemeld');
});

test('the settings screen says in words that the desktop app manages updates, since a browser has no updater', async ({ page }) => {
  await page.goto(host.operatorUrl);
  await page.getByRole('link', { name: 'Instellingen' }).first().click();
  const updates = page.getByRole('region', { name: 'Updates' });
  await expect(updates.getByTestId('update-browser')).toHaveText('Updates worden beheerd door de Vangnet-desktopapp. In deze browser of op de webhost komen updates van wie de host beheert.');
  await expect(updates.getByTestId('update-versionUnknown')).toHaveText('De versie van Vangnet op dit apparaat is hier niet bekend.');
});
