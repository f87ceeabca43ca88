import { expect, test } from '@playwright/test';
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

test('the coordinator fills in the checklist, sees the trend, makes a task and follows it back, under the strict CSP and axe clean', async ({ page }) => {
  const cspErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
  });
  await setUpDesk(page, host);
  await signInAs(page, 'Carla Coördinator', '4321');
  await page.getByRole('link', { name: 'Checklist' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Zelfevaluatie: checklist 3.3');
  await expect(page.getByTestId('checklist-open')).toHaveText('18 punten staan nog open');

  // A first assessment on an earlier date, then today's: the trend has two points.
  // Typed the Dutch way, as the field shows it.
  await page.getByLabel('Datum van de beoordeling').fill('15-01-2026');
  for (const key of ['risks_mapped', 'house_rules', 'reporting_system']) await page.getByTestId(`q-${key}`).getByLabel('Ja').check();
  await page.getByTestId('q-staff_trained').getByLabel('Nee').check();
  await page.getByRole('button', { name: 'Beoordeling opslaan' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'opgeslagen' })).toBeVisible();

  const today = await page.evaluate(() => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date()));
  await page.getByLabel('Datum van de beoordeling').fill(today.split('-').reverse().join('-'));
  for (const key of ['norm_and_limits', 'aggression_protocol', 'evaluation_standard']) await page.getByTestId(`q-${key}`).getByLabel('Ja').check();
  const trained = page.getByTestId('q-staff_trained');
  await trained.getByLabel('Toelichting').fill('Training agressie in maart');
  await trained.getByLabel('Eigenaar').fill('Team P&O');
  await page.getByRole('button', { name: 'Beoordeling opslaan' }).click();
  await expect(page.getByTestId('checklist-open')).toHaveText('12 punten staan nog open');

  // The chart and its table agree.
  const trendRows = page.getByTestId('table-checklist-trend').locator('tbody tr');
  await expect(trendRows).toHaveCount(2);
  await expect(trendRows.nth(0).locator('td').last()).toHaveText('3 / 18');
  await expect(trendRows.nth(1).locator('td').last()).toHaveText('6 / 18');
  expect(await page.getByTestId('chart-checklist-trend').locator('[data-yes]').evaluateAll((bars) => bars.map((bar) => bar.getAttribute('data-yes')))).toEqual(['3', '6']);
  await expect(page.getByTestId('item-house_rules').locator('td').nth(1)).not.toHaveText('');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByTestId('chart-checklist-trend').scrollIntoViewIfNeeded();
  await page.getByRole('region', { name: 'Verloop' }).screenshot({ path: 'docs/checklist-trend.png', animations: 'disabled' });

  // One click: the open item is on the worklist, and its link leads back to the question.
  const row = page.getByTestId('item-staff_trained');
  await row.getByRole('button', { name: 'Zet op de werklijst: Is het personeel voorgelicht, getraind en geïnstrueerd?' }).click();
  await expect(row.locator('td').last()).toHaveText('Op de werklijst');
  await page.getByRole('link', { name: 'Werklijst' }).click();
  const task = page.getByTestId('checklist-task');
  await expect(task).toContainText('Eigenaar: Team P&O');
  expect(await axeViolations(page)).toEqual([]);
  await task.getByRole('link', { name: 'Checklist stap 2: Is het personeel voorgelicht, getraind en geïnstrueerd?' }).click();
  await expect(page).toHaveURL(/#\/checklist\/staff_trained$/);
  await expect(page.getByTestId('item-staff_trained')).toBeFocused();
  await expect(page.getByRole('link', { name: 'Checklist' })).toHaveAttribute('aria-current', 'page');

  // In English: the guide's questions in translation, and still axe clean.
  await page.getByLabel('Taal').selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Self-assessment: checklist 3.3');
  await expect(page.getByTestId('item-staff_trained').getByRole('rowheader')).toHaveText('Have staff been informed, trained and instructed?');
  await expect(page.getByTestId('checklist-open')).toHaveText('12 items are still open');
  expect(await axeViolations(page)).toEqual([]);
  expect(cspErrors).toEqual([]);
});
