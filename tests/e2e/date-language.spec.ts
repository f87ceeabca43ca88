import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './support/axe.js';
import { startHostProcess, type HostProcess } from './support/host-process.js';
import { setUpDesk, signInAs } from './support/staff.js';

test.setTimeout(120_000);

let host: HostProcess;
test.beforeEach(async () => {
  host = await startHostProcess();
});
test.afterEach(async () => {
  await host.stop();
});

async function counterWorkerSignedIn(page: Page) {
  await setUpDesk(page, host);
  await signInAs(page, 'Anna de Vries', '1234');
  await page.getByRole('link', { name: 'Overzicht' }).click();
}

test.describe('an English browser', () => {
  test.use({ locale: 'en-US' });

  test('a Dutch UI still writes and reads dates the Dutch way, and switching to English keeps the date', async ({ page }) => {
    await counterWorkerSignedIn(page);
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    await page.getByRole('button', { name: 'Incident melden' }).click();
    const when = page.getByLabel('Wanneer');
    await expect(when).toHaveValue(/^\d{2}-\d{2}-\d{4} \d{2}:\d{2}$/);
    await expect(when).toHaveAccessibleDescription('dd-mm-jjjj uu:mm, bijvoorbeeld 31-01-2026 14:30');
    await expect(page.getByText('dd-mm-jjjj uu:mm, bijvoorbeeld 31-01-2026 14:30')).toBeVisible();

    await when.fill('31-02-2026 10:00');
    await when.press('Tab');
    await expect(page.getByText('Deze datum of tijd bestaat niet. Kijk de dag, de maand en de tijd na.')).toBeVisible();
    await expect(when).toHaveAttribute('aria-invalid', 'true');
    expect(await axeViolations(page)).toEqual([]);

    await when.fill('1-2-2026 9:30');
    await page.getByLabel('Taal').selectOption('en');
    await expect(page.getByLabel('When')).toHaveValue('01/02/2026 09:30');
    await expect(page.getByLabel('When')).toHaveAccessibleDescription('dd/mm/yyyy hh:mm, for example 31/01/2026 14:30');
    expect(await axeViolations(page)).toEqual([]);
  });
});

test.describe('a Dutch browser', () => {
  test.use({ locale: 'nl-NL' });

  test('an English UI writes dates the English way, and the typed date is the one saved', async ({ page }) => {
    await counterWorkerSignedIn(page);
    expect(await page.evaluate(() => navigator.language)).toBe('nl-NL');
    await page.getByLabel('Taal').selectOption('en');
    await page.getByRole('button', { name: 'Log an incident' }).click();
    const when = page.getByLabel('When');
    await expect(when).toHaveValue(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await expect(page.getByText('dd/mm/yyyy hh:mm, for example 31/01/2026 14:30')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);

    // Day first: 1/2 is the first of February, not the second of January.
    await when.fill('1/2/2026 9:30');
    await page.getByLabel('Threat').click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'Complete' }).click();
    await expect(page.getByLabel('When')).toHaveValue('01/02/2026 09:30');
    await page.getByLabel('Language').selectOption('nl');
    await expect(page.getByLabel('Wanneer')).toHaveValue('01-02-2026 09:30');
    expect(await axeViolations(page)).toEqual([]);
  });
});
