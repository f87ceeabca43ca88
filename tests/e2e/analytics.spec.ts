import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { readSheet } from 'read-excel-file/node';
import { generateIncidents, insertIncidents } from '../../main/core/incident/sample-incidents.js';
import { axeViolations } from './support/axe.js';
import { openHostStore, startHostProcess, type HostProcess } from './support/host-process.js';
import { setUpDesk, signInAs } from './support/staff.js';

// Set-up, seeding and two exports in one test: on a loaded machine that is more than the default minute.
test.setTimeout(180_000);

let host: HostProcess;
test.beforeEach(async () => {
  host = await startHostProcess();
});
test.afterEach(async () => {
  await host.stop();
});

const now = Date.now();
// Well inside the screen's default period (the last twelve months).
const sample = generateIncidents({ seed: 2026, count: 600, from: new Date(now - 300 * 86_400_000), to: new Date(now - 3_600_000) });
const reported = sample.filter((incident) => incident.status !== 'draft');
const violent = reported.filter((incident) => incident.forms.includes('physical_violence'));

/** Seeds the host's own (encrypted) SQLite file beside the running host (WAL lets both write). */
function seed(running: HostProcess) {
  const db = openHostStore(running, { write: true });
  try {
    const organisationId = db.prepare('SELECT id FROM organisation').pluck().get() as string;
    const siteId = db.prepare('SELECT id FROM site').pluck().get() as string;
    insertIncidents(db, organisationId, sample, () => siteId);
  } finally {
    db.close();
  }
}

async function heatmapFromChart(page: Page) {
  return page.getByTestId('chart-heatmap').locator('rect[data-count]').evaluateAll((cells) => cells.map((cell) => `${cell.getAttribute('data-weekday')}/${cell.getAttribute('data-hour')}=${cell.getAttribute('data-count')}`).sort());
}

async function heatmapFromTable(page: Page) {
  const card = page.getByTestId('card-heatmap');
  await card.getByRole('button', { name: 'Toon als tabel' }).click();
  const rows = await card.getByRole('table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  await card.getByRole('button', { name: 'Toon als grafiek' }).click();
  // Row i is weekday i + 1; columns 0–23 are the hours, the last one "time unknown".
  return rows.flatMap((cells, row) => cells.map((count, column) => `${row + 1}/${column === 24 ? 'unknown' : column}=${count}`)).sort();
}

test('filters, shows the heatmap and its table alike, exports CSV and XLSX and reads them back, under the strict CSP and axe clean', async ({ page }) => {
  const cspErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
  });
  await setUpDesk(page, host);
  seed(host);
  await signInAs(page, 'Carla Coördinator', '4321');
  await page.getByRole('link', { name: 'Analyse' }).click();
  await expect(page.getByTestId('analytics-total')).toHaveText(`${reported.length} incidenten in deze periode`);

  const all = await heatmapFromChart(page);
  expect(all).toHaveLength(7 * 25);
  expect(await heatmapFromTable(page)).toEqual(all);
  const sum = all.reduce((total, cell) => total + Number(cell.split('=')[1]), 0);
  expect(sum).toBe(reported.length);

  await page.getByRole('checkbox', { name: 'Fysiek geweld' }).check();
  await expect(page.getByTestId('analytics-total')).toHaveText(`${violent.length} incidenten in deze periode`);
  const filtered = await heatmapFromChart(page);
  expect(filtered).not.toEqual(all);
  expect(await heatmapFromTable(page)).toEqual(filtered);

  // No style attribute anywhere (charts set SVG attributes only), and nothing the CSP blocked.
  expect(await page.locator('[style]').count()).toBe(0);
  expect(cspErrors).toEqual([]);

  // CSV: no names, Dutch Excel's format, one line per filtered incident.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Incidenten als CSV' }).click()]);
  const csv = fs.readFileSync(await csvDownload.path(), 'utf8');
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const lines = csv.slice(1).trimEnd().split('\r\n');
  expect(lines[0]?.split(';').slice(0, 3)).toEqual(['Id', 'Datum', 'Tijd']);
  expect(lines).toHaveLength(violent.length + 1);
  expect(lines[0]).not.toContain('Melder');
  for (const incident of violent) expect(csv).not.toContain(incident.reporter_name);
  expect(lines.slice(1).map((line) => line.split(';')[0]).sort()).toEqual(violent.map((incident) => incident.id).sort());

  // XLSX with names, after ticking the box.
  await page.getByRole('checkbox', { name: /Namen van personen meenemen/ }).check();
  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Incidenten als Excel' }).click()]);
  const sheet = await readSheet(fs.readFileSync(await xlsxDownload.path()));
  expect(sheet[0]).toContain('Melder');
  expect(sheet).toHaveLength(violent.length + 1);
  const reporterColumn = (sheet[0] ?? []).indexOf('Melder');
  expect(sheet.slice(1).map((row) => row[reporterColumn]).sort()).toEqual(violent.map((incident) => incident.reporter_name).sort());

  // Both exports are in the log, with whether names went along.
  const log = page.getByRole('region', { name: 'Exportlog op deze pc' });
  await expect(log.getByRole('row')).toHaveCount(3);
  await expect(log.getByRole('row').nth(1)).toContainText('Incidenten (xlsx)');
  await expect(log.getByRole('row').nth(1)).toContainText('ja');
  await expect(log.getByRole('row').nth(2)).toContainText('nee');

  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('checkbox', { name: 'Fysiek geweld' }).uncheck();
  await expect(page.getByTestId('analytics-total')).toHaveText(`${reported.length} incidenten in deze periode`);
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.screenshot({ path: 'docs/analytics.png', animations: 'disabled' });
});

test('the annual report prints every chart with its table, and printing is logged', async ({ page }) => {
  await setUpDesk(page, host);
  seed(host);
  await signInAs(page, 'Carla Coördinator', '4321');
  await page.getByRole('link', { name: 'Analyse' }).click();
  await expect(page.getByTestId('analytics-total')).toHaveText(`${reported.length} incidenten in deze periode`);
  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed += 1;
    };
  });
  await page.getByRole('button', { name: 'Jaarverslag afdrukken' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await expect(page.getByRole('region', { name: 'Exportlog op deze pc' }).getByRole('row').nth(1)).toContainText('Jaarverslag (print)');
  await page.emulateMedia({ media: 'print' });
  const card = page.getByTestId('card-trend');
  await expect(card.getByTestId('chart-trend')).toBeVisible();
  await expect(card.getByRole('table')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Incidenten als CSV' })).toBeHidden();
});
