import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './support/axe.js';
import { startHostProcess, type HostProcess } from './support/host-process.js';

let host: HostProcess;
test.beforeAll(async () => {
  host = await startHostProcess();
});
test.afterAll(async () => {
  await host.stop();
});

async function expectNoViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('every screen passes axe-core (WCAG 2.1 AA) in Dutch and English, and the README screenshot is taken', async ({ page }) => {
  await page.setViewportSize({ width: 1100, height: 700 });
  await page.goto(host.operatorUrl);
  await expect(page.getByTestId('status-connection')).toBeVisible();
  await expectNoViolations(page); // home, new device

  await page.getByRole('link', { name: 'Instellingen' }).first().click();
  await expect(page.getByRole('heading', { name: 'Instellingen van deze werkplek' })).toBeVisible();
  await expectNoViolations(page); // settings, empty
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByText('Vul dit veld in.').first()).toBeVisible();
  await expectNoViolations(page); // settings, with errors

  await page.getByLabel('Naam van de organisatie').fill('Gemeente Utrecht');
  await page.getByLabel('Naam van de locatie (gebouw)').fill('Stadskantoor');
  await page.getByLabel('Naam van de balie of werkplek').fill('Balie 3');
  await page.getByLabel('Verdieping').fill('1');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByRole('status')).toBeVisible();
  await expectNoViolations(page); // settings, saved

  await page.getByRole('link', { name: 'Overzicht' }).click();
  await expect(page.getByTestId('status-desk')).toHaveText('Balie 3 · Verdieping 1');
  await expectNoViolations(page); // home, configured
  fs.mkdirSync('docs', { recursive: true });
  await page.screenshot({ path: 'docs/screenshot.png' });

  await page.getByLabel('Taal').selectOption('en');
  await expect(page.getByRole('heading', { name: 'This workstation' })).toBeVisible();
  await expectNoViolations(page); // home, English
  await page.getByLabel('Language').selectOption('nl');
});

test('the refused-session screen passes axe-core', async ({ page }) => {
  await page.goto(host.origin);
  await expect(page.getByRole('alert').first()).toBeVisible();
  await expectNoViolations(page);
});

test('the strict CSP has nothing to block: no eval probe, no violation, no console error', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
  page.on('pageerror', (error) => problems.push(error.message));
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP blocked ${event.violatedDirective}: ${event.blockedURI}`)));
  await page.goto(host.operatorUrl);
  await expect(page.getByTestId('status-connection')).toBeVisible();
  await page.getByRole('link', { name: 'Instellingen' }).first().click();
  // An empty name makes the form's schema run (the other tests in this file may have filled it in).
  await page.getByLabel('Naam van de organisatie').fill('');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByText('Vul dit veld in.').first()).toBeVisible();
  expect(problems).toEqual([]);
});
