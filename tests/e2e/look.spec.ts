import { expect, test, type Browser, type Page } from '@playwright/test';
import { tinyPng } from '../support/images.js';
import { axeViolations } from './support/axe.js';
import { alarmSite, deskPage as deskPageAt, siteWithCodes as siteWithCodesAt } from './support/alarm-site.js';
import type { HostProcess } from './support/host-process.js';

const site = alarmSite();
const { hosts } = site;
const deskPage = (browser: Browser, host: HostProcess, desk: string, codes: () => Promise<string>) => deskPageAt(browser, host, site.server(), desk, codes);
const siteWithCodes = () => siteWithCodesAt(site.server());

/** Every console error and CSP report of a page, from its next load on. */
async function watchErrors(page: Page): Promise<string[]> {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP blocked ${event.violatedDirective}: ${event.blockedURI}`)));
  await page.reload();
  return errors;
}

test("the organisation's logo and colours, set on one desk, show on the other after a sync, with nothing for the CSP to block", async ({ browser }) => {
  const codes = await siteWithCodes();
  const admin = await deskPage(browser, hosts[0] as HostProcess, 'Balie 1', codes);
  const other = await deskPage(browser, hosts[1] as HostProcess, 'Balie 4', codes);
  const errors = [...(await watchErrors(admin)), ...(await watchErrors(other))];
  await expect(other.locator('.brand-logo')).toHaveCount(0);

  await admin.getByRole('link', { name: 'Instellingen' }).first().click();
  const primary = admin.getByLabel('Hoofdkleur (knoppen en links)');
  // A colour a visitor could not read is refused in words, before anything is sent.
  await primary.fill('#9db4c8');
  await admin.getByRole('button', { name: 'Huisstijl toepassen' }).click();
  await expect(primary).toHaveAccessibleDescription(/Te weinig contrast: 2,1\d : 1, er is minstens 4,5 : 1 nodig\. Kies een donkerdere kleur\./);
  await primary.fill('#005a2b');
  // The file is chosen through a button in the UI's words, not the browser's own "Choose File".
  const chooser = admin.waitForEvent('filechooser');
  await admin.getByText('Bestand kiezen…', { exact: true }).click();
  await (await chooser).setFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from(tinyPng.split(',')[1] ?? '', 'base64') });
  await expect(admin.getByRole('img', { name: 'Huidig logo' })).toBeVisible();
  await admin.getByRole('button', { name: 'Huisstijl toepassen' }).click();
  await expect(admin.getByText('Opgeslagen. De andere werkplekken tonen het na de volgende synchronisatie.')).toBeVisible();
  // This desk wears it at once: the header logo, and the token every primary colour follows.
  await expect(admin.getByRole('img', { name: 'Logo van de organisatie' })).toBeVisible();
  expect(await admin.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--vangnet-primary').trim())).toBe('#005a2b');
  expect(await axeViolations(admin)).toEqual([]);

  // The other desk of the organisation, after a sync.
  await expect(async () => {
    await other.getByRole('button', { name: 'Nu synchroniseren' }).click();
    await expect(other.getByRole('img', { name: 'Logo van de organisatie' })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  expect(await other.getByRole('img', { name: 'Logo van de organisatie' }).getAttribute('src')).toBe(tinyPng);
  await expect(other.getByRole('button', { name: 'Nu synchroniseren' })).toHaveCSS('color', 'rgb(0, 90, 43)');
  expect(await other.evaluate(() => document.querySelectorAll('[style]').length)).toBe(0);
  expect(await axeViolations(other)).toEqual([]);
  expect(errors).toEqual([]);
});

for (const width of [1024, 1920]) {
  test(`Hulp and Nood stay in one place before, during and after an alarm at ${width} px wide; a test alarm says TEST on the sender's own screen`, async ({ browser }) => {
    const codes = await siteWithCodes();
    const sender = await deskPage(browser, hosts[0] as HostProcess, 'Balie 1', codes);
    const responder = await deskPage(browser, hosts[1] as HostProcess, 'Balie 4', codes);
    await sender.setViewportSize({ width, height: 800 });
    await expect(sender.getByTestId('alarm-readiness')).toHaveAttribute('data-reachable', 'true', { timeout: 10_000 });
    const boxes = async () => Promise.all(['Hulp', 'Nood'].map(async (name) => sender.getByRole('button', { name, exact: true }).boundingBox()));
    const before = await boxes();
    expect(before.every((box) => box !== null && box.width > 0)).toBe(true);

    await sender.keyboard.press('Control+Alt+H');
    const overlay = responder.getByRole('alertdialog');
    await expect(overlay).toBeVisible();
    await expect(sender.getByTestId('sender-status')).toContainText('Afgeleverd bij 1');
    await overlay.getByRole('button', { name: 'Ik kom' }).click();
    await expect(sender.getByTestId('sender-status')).toContainText('komt');
    expect(await boxes()).toEqual(before);
    // The cancel PIN form, the longest thing the line shows, does not move them either.
    await sender.getByRole('button', { name: 'Opgelost' }).click();
    await expect(sender.getByTestId('sender-status')).toContainText('Opgelost');
    expect(await boxes()).toEqual(before);

    // A test alarm: the sender's own line says TEST in words and is drawn unlike a live one.
    await sender.getByRole('button', { name: 'Testalarm' }).click();
    const status = sender.getByTestId('sender-status');
    await expect(status).toContainText('TEST – dit is een oefening');
    await expect(status).toHaveClass(/sender-status-drill/);
    await expect(status).toHaveCSS('border-top-style', 'dashed');
    expect(await boxes()).toEqual(before);
    await expect(overlay).toContainText('TEST');
    expect(await axeViolations(sender)).toEqual([]);
  });
}
