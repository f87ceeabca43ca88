import { expect, test, type Browser } from '@playwright/test';
import { axeViolations } from './support/axe.js';
import { alarmSite, deskPage as deskPageAt, siteWithCodes as siteWithCodesAt } from './support/alarm-site.js';
import type { HostProcess } from './support/host-process.js';

const site = alarmSite();
const { hosts } = site;
const deskPage = (browser: Browser, host: HostProcess, desk: string, codes: () => Promise<string>) => deskPageAt(browser, host, site.server(), desk, codes);
const siteWithCodes = () => siteWithCodesAt(site.server());

test('the shortcut on one desk opens the alarm on another; "I\'m coming" reaches the sender discreetly', async ({ browser }) => {
  const codes = await siteWithCodes();
  const sender = await deskPage(browser, hosts[0] as HostProcess, 'Balie 1', codes);
  const responder = await deskPage(browser, hosts[1] as HostProcess, 'Balie 4', codes);
  // Readiness: each counter hears the other's beat and says, discreetly, that its alarm reaches someone.
  await expect(sender.getByTestId('alarm-readiness')).toHaveAttribute('data-reachable', 'true', { timeout: 10_000 });
  await expect(sender.getByTestId('alarm-readiness')).toContainText('Alarm bereikt 1 collega');
  await expect(responder.getByTestId('alarm-readiness')).toContainText('Alarm bereikt 1 collega');

  await sender.keyboard.press('Control+Alt+N');
  const overlay = responder.getByRole('alertdialog');
  await expect(overlay).toBeVisible();
  await expect(overlay.getByRole('heading')).toHaveText('NOOD – GEVAAR');
  await expect(overlay).toContainText('Balie 1, verdieping 2, Stadskantoor');
  await expect(responder.getByTestId('alarm-sound')).toBeAttached();
  await expect(overlay.getByRole('button', { name: 'Ik kom' })).toBeFocused();
  expect(await axeViolations(responder)).toEqual([]);

  // The sender's screen stays quiet: no dialog, no sound, one discreet line.
  await expect(sender.getByTestId('sender-status')).toContainText('Afgeleverd bij 1');
  await expect(sender.getByRole('alertdialog')).toHaveCount(0);
  await expect(sender.getByTestId('alarm-sound')).toHaveCount(0);

  await overlay.getByRole('button', { name: 'Ik kom' }).click();
  await expect(responder.getByTestId('alarm-sound')).toHaveCount(0);
  // Who is coming, by name: the desk, as nobody is signed in there.
  await expect(sender.getByTestId('sender-status')).toContainText('Balie 4 komt');
  expect(await axeViolations(sender)).toEqual([]);

  await sender.getByRole('button', { name: 'Opgelost' }).click();
  await expect(overlay).toContainText('Het alarm is opgelost.');
  await overlay.getByRole('button', { name: 'Sluiten' }).click();
  await expect(responder.getByRole('alertdialog')).toHaveCount(0);
});

test("a closed tab is nobody: the sender's counter drops at once, and the alarm is NOT DELIVERED", async ({ browser }) => {
  const codes = await siteWithCodes();
  const sender = await deskPage(browser, hosts[0] as HostProcess, 'Balie 1', codes);
  const responder = await deskPage(browser, hosts[1] as HostProcess, 'Balie 4', codes);
  await expect(sender.getByTestId('alarm-readiness')).toContainText('Alarm bereikt 1 collega', { timeout: 10_000 });
  await responder.close();
  // The colleague's PC says so at once; not after three missed beats (15 s).
  await expect(sender.getByTestId('alarm-readiness')).toContainText('Alarm bereikt niemand', { timeout: 3_000 });
  await sender.getByRole('button', { name: 'Hulp' }).click();
  await expect(sender.getByTestId('sender-status')).toContainText('NIET AFGELEVERD', { timeout: 4_000 });
});

test('an old, resolved alarm never hides a new live one', async ({ browser }) => {
  const codes = await siteWithCodes();
  const sender = await deskPage(browser, hosts[0] as HostProcess, 'Balie 1', codes);
  const responder = await deskPage(browser, hosts[1] as HostProcess, 'Balie 4', codes);
  await expect(sender.getByTestId('alarm-readiness')).toHaveAttribute('data-reachable', 'true', { timeout: 10_000 });
  await sender.getByRole('button', { name: 'Hulp' }).click();
  const overlay = responder.getByRole('alertdialog');
  await expect(overlay).toContainText('ASSISTENTIE GEVRAAGD');
  await sender.getByRole('button', { name: 'Opgelost' }).click();
  await expect(overlay).toContainText('Het alarm is opgelost.');
  // The responder has not closed the old one yet when a new emergency comes.
  await sender.keyboard.press('Control+Alt+N');
  await expect(overlay.getByRole('heading', { level: 1 })).toHaveText('NOOD – GEVAAR');
  await expect(overlay.getByRole('button', { name: 'Ik kom' })).toBeFocused();
  await expect(overlay).not.toContainText('Het alarm is opgelost.');
  expect(await axeViolations(responder)).toEqual([]);
});

test('with no path confirming delivery, the sender sees NOT DELIVERED and the fallback number within 3 s', async ({ browser }) => {
  const codes = await siteWithCodes();
  const sender = await deskPage(browser, hosts[0] as HostProcess, 'Balie 1', codes);
  await site.server().stop(); // no server path, and this host has no LAN path configured
  await expect(sender.getByTestId('alarm-readiness')).toContainText('Alarm bereikt niemand');
  // Timed inside the page, from the click to the moment the words appear.
  await sender.evaluate(() => {
    const marks: Record<string, number> = {};
    (window as unknown as { marks: Record<string, number> }).marks = marks;
    document.querySelector('button[title^="Stil alarm: een collega"]')?.addEventListener('click', () => (marks['pressed'] = performance.now()), { capture: true });
    new MutationObserver(() => {
      if (!marks['shown'] && document.querySelector('[data-testid="sender-status"]')?.textContent?.includes('NIET AFGELEVERD')) marks['shown'] = performance.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await sender.getByRole('button', { name: 'Hulp' }).click();
  await expect(sender.getByTestId('sender-status')).toContainText('NIET AFGELEVERD – Bel 030 123 45 67', { timeout: 4_000 });
  const marks = await sender.evaluate(() => (window as unknown as { marks: Record<string, number> }).marks);
  const elapsed = (marks['shown'] as number) - (marks['pressed'] as number);
  expect(elapsed).toBeGreaterThanOrEqual(2_900);
  expect(elapsed).toBeLessThan(3_300);
});

test('a test alarm proves the chain: the other desk shows it as TEST', async ({ browser }) => {
  const codes = await siteWithCodes();
  const sender = await deskPage(browser, hosts[0] as HostProcess, 'Balie 1', codes);
  const responder = await deskPage(browser, hosts[1] as HostProcess, 'Balie 4', codes);
  await expect(sender.getByTestId('alarm-readiness')).toHaveAttribute('data-reachable', 'true', { timeout: 10_000 });
  await sender.getByRole('button', { name: 'Testalarm' }).click();
  const overlay = responder.getByRole('alertdialog');
  await expect(overlay).toContainText('TEST');
  await expect(sender.getByTestId('sender-status')).toContainText('Afgeleverd bij 1');
  expect(await axeViolations(responder)).toEqual([]);
  await overlay.getByRole('button', { name: 'Ik kom' }).click();
  await sender.getByRole('button', { name: 'Opgelost' }).click();
  await expect(overlay).toContainText('Het alarm is opgelost.');
});

test('the mini alarm button (the shell\'s always-on-top window) raises the alarm and passes axe-core', async ({ browser }) => {
  const codes = await siteWithCodes();
  await deskPage(browser, hosts[0] as HostProcess, 'Balie 1', codes);
  const responder = await deskPage(browser, hosts[1] as HostProcess, 'Balie 4', codes);
  const mini = await (await browser.newContext({ viewport: { width: 440, height: 56 } })).newPage();
  await mini.goto((hosts[0] as HostProcess).operatorUrl.replace('/#', '/?view=mini#'));
  await expect(mini.getByRole('navigation')).toHaveCount(0);
  await expect(mini.getByTestId('alarm-readiness')).toHaveAttribute('data-reachable', 'true', { timeout: 10_000 });
  expect(await axeViolations(mini)).toEqual([]);
  await mini.getByRole('button', { name: 'Hulp' }).click();
  await expect(responder.getByRole('alertdialog')).toContainText('ASSISTENTIE GEVRAAGD');
  await expect(mini.getByTestId('sender-status')).toContainText('Afgeleverd bij 1');
});
