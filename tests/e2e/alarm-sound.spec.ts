import { chromium, expect, test } from '@playwright/test';
import { chromiumArgs } from './support/chromium-args.js';
import { alarmSite, deskPage, siteWithCodes } from './support/alarm-site.js';
import type { HostProcess } from './support/host-process.js';

// Trace snapshots evaluate inside the page as if a user acted there: off, so "untouched" stays true.
test.use({ trace: 'off' });

const site = alarmSite();
const { hosts } = site;

test('the responder\'s alarm sound really plays on a page nobody has touched', async ({ browser }) => {
  const codes = await siteWithCodes(site.server());
  const sender = await deskPage(browser, hosts[0] as HostProcess, site.server(), 'Balie 1', codes);
  await deskPage(browser, hosts[1] as HostProcess, site.server(), 'Balie 4', codes);
  // A second tab on the responder's PC that the test never touches: Playwright's own evaluate
  // calls and assertions count as user gestures, so the page reports itself on the console.
  const untouched = await (await browser.newContext()).newPage();
  const reports: { reachable: string | null; paused: boolean | null; time: number; activated: boolean }[] = [];
  untouched.on('console', (message) => {
    if (message.text().startsWith('vangnet-report ')) reports.push(JSON.parse(message.text().slice('vangnet-report '.length)) as (typeof reports)[number]);
  });
  await untouched.addInitScript(() => {
    setInterval(() => {
      const audio = document.querySelector<HTMLAudioElement>('[data-testid="alarm-sound"]');
      const readiness = document.querySelector<HTMLElement>('[data-testid="alarm-readiness"]');
      console.log(`vangnet-report ${JSON.stringify({ reachable: readiness?.dataset['reachable'] ?? null, paused: audio ? audio.paused : null, time: audio?.currentTime ?? 0, activated: navigator.userActivation.hasBeenActive })}`);
    }, 200);
  });
  await untouched.goto((hosts[1] as HostProcess).operatorUrl);
  await expect.poll(() => reports.at(-1)?.reachable, { timeout: 10_000 }).toBe('true');
  await sender.keyboard.press('Control+Alt+H');
  await expect.poll(() => reports.at(-1)?.paused, { timeout: 5_000 }).toBe(false);
  const first = reports.at(-1)?.time ?? 0;
  await expect.poll(() => reports.at(-1)?.time ?? 0, { timeout: 5_000 }).toBeGreaterThan(first + 0.3);
  expect(reports.at(-1)).toMatchObject({ paused: false, activated: false });
});

test('a browser that refuses sound without a click says so on the alarm, and one click turns it on', async ({ browser }) => {
  const codes = await siteWithCodes(site.server());
  const sender = await deskPage(browser, hosts[0] as HostProcess, site.server(), 'Balie 1', codes);
  await deskPage(browser, hosts[1] as HostProcess, site.server(), 'Balie 4', codes);
  // An ordinary browser: Chromium's default autoplay policy, without the kiosk flag.
  const plain = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: chromiumArgs.filter((arg) => !arg.startsWith('--autoplay-policy')) });
  try {
    const page = await (await plain.newContext()).newPage();
    // Nothing may touch the page until the alarm has tried to sound (assertions count as
    // gestures), so the page tells the test on the console when it is up and when it alarms.
    const said: string[] = [];
    page.on('console', (message) => said.push(message.text()));
    await page.addInitScript(() => {
      const timer = setInterval(() => {
        if (document.querySelector('[data-testid="alarm-readiness"][data-reachable="true"]')) console.log('vangnet-ready');
        if (document.querySelector('[data-testid="alarm-sound"]')) {
          console.log('vangnet-alarm');
          clearInterval(timer);
        }
      }, 100);
    });
    await page.goto((hosts[1] as HostProcess).operatorUrl);
    await expect.poll(() => said.includes('vangnet-ready'), { timeout: 10_000 }).toBe(true);
    await sender.keyboard.press('Control+Alt+H');
    await expect.poll(() => said.includes('vangnet-alarm'), { timeout: 5_000 }).toBe(true);
    const overlay = page.getByRole('alertdialog');
    await expect(overlay.getByRole('alert')).toContainText('De browser laat het alarmgeluid niet afspelen.');
    await overlay.getByRole('button', { name: 'Geluid aanzetten' }).click();
    await expect(overlay.getByRole('alert')).toHaveCount(0);
    await expect.poll(() => page.getByTestId('alarm-sound').evaluate((audio: HTMLAudioElement) => !audio.paused)).toBe(true);
  } finally {
    await plain.close();
  }
});
