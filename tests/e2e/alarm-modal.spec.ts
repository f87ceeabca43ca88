import { expect, test, type Browser, type Page } from '@playwright/test';
import { alarmSite, deskPage as deskPageAt, siteWithCodes as siteWithCodesAt } from './support/alarm-site.js';
import type { HostProcess } from './support/host-process.js';

/** The responder's alarm overlay as a keyboard and a small screen meet it. */
const site = alarmSite();
const { hosts } = site;
const deskPage = (browser: Browser, host: HostProcess, desk: string, codes: () => Promise<string>) => deskPageAt(browser, host, site.server(), desk, codes);

/** Where the overlay's heading is, and whether it is inside the window. */
async function headingInView(page: Page): Promise<{ inView: boolean; box: string }> {
  return page.getByRole('alertdialog').getByRole('heading', { level: 1 }).first().evaluate((heading) => {
    const box = heading.getBoundingClientRect();
    return { inView: box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth + 0.5, box: `${box.left},${box.top} ${box.width}x${box.height} in ${window.innerWidth}x${window.innerHeight}` };
  });
}

test('the alarm overlay is a modal: Tab stays inside, the level stays in view and in words at 320 px and 200 % zoom, and closing it keeps focus on the page', async ({ browser }) => {
  const codes = await siteWithCodesAt(site.server());
  const sender = await deskPage(browser, hosts[0] as HostProcess, 'Balie 1', codes);
  const responder = await deskPage(browser, hosts[1] as HostProcess, 'Balie 4', codes);
  await expect(sender.getByTestId('alarm-readiness')).toHaveAttribute('data-reachable', 'true', { timeout: 10_000 });
  await sender.keyboard.press('Control+Alt+H');
  const overlay = responder.getByRole('alertdialog');
  await expect(overlay.getByRole('button', { name: 'Ik kom' })).toBeFocused();
  // The level in words, not only in colour.
  await expect(overlay.getByRole('heading', { level: 1 })).toHaveText('ASSISTENTIE GEVRAAGD');

  const insideOverlay = () => responder.evaluate(() => Boolean(document.activeElement?.closest('[role="alertdialog"]')));
  const controls = await overlay.locator('button').count();
  for (const key of ['Tab', 'Shift+Tab']) {
    for (let press = 0; press < controls * 2 + 1; press += 1) {
      await responder.keyboard.press(key);
      expect(await insideOverlay(), `${key} #${press + 1}`).toBe(true);
    }
  }

  // 320 CSS px wide, and 1280 x 720 at 200 % zoom (640 x 360 CSS px): the heading is in view, also scrolled to the end.
  for (const size of [{ width: 320, height: 568 }, { width: 640, height: 360 }]) {
    await responder.setViewportSize(size);
    expect(await headingInView(responder), `${size.width} px, top`).toMatchObject({ inView: true });
    await overlay.evaluate((element) => element.scrollTo(0, element.scrollHeight));
    expect(await headingInView(responder), `${size.width} px, scrolled down`).toMatchObject({ inView: true });
    expect(await overlay.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
  }
  await responder.setViewportSize({ width: 1280, height: 720 });

  await sender.getByRole('button', { name: 'Opgelost' }).click();
  await expect(overlay).toContainText('Het alarm is opgelost.');
  await expect(overlay.getByRole('button', { name: 'Sluiten' })).toBeFocused();
  await overlay.getByRole('button', { name: 'Sluiten' }).press('Enter');
  await expect(responder.getByRole('alertdialog')).toHaveCount(0);
  await expect.poll(() => responder.evaluate(() => document.activeElement?.tagName)).not.toBe('BODY');
  await expect(responder.getByRole('main').getByRole('heading', { level: 1 })).toBeFocused();
});
