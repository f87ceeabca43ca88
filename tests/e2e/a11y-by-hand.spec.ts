import { expect, test, type Page } from '@playwright/test';
import { setUpDesk, signInAs, signOut } from './support/staff.js';
import { startHostProcess, type HostProcess } from './support/host-process.js';

/** What a scanner misses: focus, titles, reflow and contrast, checked by hand in a real browser. */
let host: HostProcess;
test.beforeEach(async () => {
  host = await startHostProcess();
});
test.afterEach(async () => {
  await host.stop();
});

const activeTag = (page: Page) => page.evaluate(() => document.activeElement?.tagName ?? 'none');
const expectFocusNotOnBody = async (page: Page) => expect.poll(() => activeTag(page)).not.toMatch(/^(BODY|none)$/);

/** WCAG relative luminance contrast of a CSS rgb() colour against white. */
function contrastWithWhite(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((part) => {
    const channel = Number(part) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return 1.05 / (luminance + 0.05);
}

const screens = [
  { link: 'Overzicht', heading: 'Deze werkplek', title: 'Overzicht – Vangnet' },
  { link: 'Bezoeker controleren', heading: null, title: 'Bezoeker controleren – Vangnet' },
  { link: 'Incidenten', heading: 'Incidenten', title: 'Incidenten – Vangnet' },
  { link: 'Werklijst', heading: 'Werklijst opvolging', title: 'Werklijst – Vangnet' },
  { link: 'Checklist', heading: 'Zelfevaluatie: checklist 3.3', title: 'Checklist – Vangnet' },
  { link: 'Instellingen', heading: 'Instellingen van deze werkplek', title: 'Instellingen – Vangnet' },
  { link: 'Huisregels', heading: null, title: 'Huisregels – Vangnet' },
] as const;

test('the skip link moves focus to the content and leaves the screen as it is', async ({ page }) => {
  await page.goto(host.operatorUrl);
  await page.getByRole('navigation').getByRole('link', { name: 'Instellingen' }).click();
  await expect(page).toHaveURL(/#\/settings$/);
  // A fresh load of the screen: the skip link is the first stop.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Instellingen van deze werkplek' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Naar de inhoud' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/settings$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Instellingen van deze werkplek' })).toBeFocused();
  expect(await page.evaluate(() => document.getElementById('main')?.contains(document.activeElement))).toBe(true);
});

test('each screen has its own title; a screen change moves focus to its heading and announces it', async ({ page }) => {
  await setUpDesk(page, host);
  await signInAs(page, 'Beheer', '1111');
  for (const screen of screens) {
    await page.getByRole('navigation').getByRole('link', { name: screen.link, exact: true }).click();
    await expect(page).toHaveTitle(screen.title);
    const heading = page.getByRole('main').getByRole('heading', { level: 1 }).first();
    if (screen.heading) await expect(heading).toHaveText(screen.heading);
    await expect(heading).toBeFocused();
    await expect(page.getByTestId('screen-announcement')).toHaveText(screen.link);
  }
});

test('focus never drops to the page body: sign-in, quick log saved, "Aanvullen", cancel; Escape closes the sign-in form', async ({ page }) => {
  await setUpDesk(page, host);
  const header = page.getByRole('banner');
  await header.getByRole('button', { name: 'Aanmelden' }).click();
  await expect(header.getByLabel('Naam')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(header.getByLabel('Pincode')).toHaveCount(0);
  await expect(header.getByRole('button', { name: 'Aanmelden' })).toBeFocused();

  await header.getByRole('button', { name: 'Aanmelden' }).click();
  await header.getByLabel('Naam').selectOption({ label: 'Anna de Vries' });
  await header.getByLabel('Pincode').fill('1234');
  await header.getByLabel('Pincode').press('Enter');
  await expect(header.getByTestId('session')).toContainText('Aangemeld: Anna de Vries');
  await expectFocusNotOnBody(page);

  await page.getByRole('navigation').getByRole('link', { name: 'Overzicht' }).click();
  const main = page.getByRole('main');
  await main.getByRole('button', { name: 'Incident melden' }).click();
  await main.getByRole('button', { name: 'Annuleren' }).click();
  await expect(main.getByRole('button', { name: 'Incident melden' })).toBeFocused();

  await main.getByRole('button', { name: 'Incident melden' }).click();
  await main.getByLabel('Bedreiging').check();
  await main.getByRole('button', { name: 'Opslaan' }).click();
  await expect(main.getByRole('link', { name: 'Aanvullen' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/incidents\/[0-9a-f-]{36}$/);
  await expect(main.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page).toHaveTitle('Incident – Vangnet');
});

test('no sideways scrolling at 320 CSS px on any screen; wide tables scroll inside themselves', async ({ page }) => {
  await setUpDesk(page, host);
  await signInAs(page, 'Carla Coördinator', '4321');
  const main = page.getByRole('main');
  await page.getByRole('navigation').getByRole('link', { name: 'Overzicht' }).click();
  await main.getByRole('button', { name: 'Incident melden' }).click();
  await main.getByLabel('Fysiek geweld').check();
  await main.getByRole('button', { name: 'Opslaan' }).click();
  await main.getByRole('link', { name: 'Aanvullen' }).click();
  await expect(main.getByTestId('task-police_report')).toBeVisible();
  const incidentUrl = page.url();
  await signOut(page);
  await signInAs(page, 'Beheer', '1111');
  await page.setViewportSize({ width: 320, height: 640 });
  const noSideways = async (where: string) => {
    const sizes = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      // Named in the failure: what sticks out.
      wide: [...document.querySelectorAll('body *')].filter((element) => element.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map((element) => `${element.tagName}.${element.className}`),
    }));
    expect(sizes.scroll, `${where}: ${sizes.scroll} > ${sizes.client} (${sizes.wide.join(', ')})`).toBeLessThanOrEqual(sizes.client);
  };
  for (const screen of screens) {
    await page.getByRole('navigation').getByRole('link', { name: screen.link, exact: true }).click();
    await expect(page).toHaveTitle(screen.title);
    await expect(main.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await noSideways(screen.link);
  }
  await page.goto(incidentUrl);
  await expect(main.getByTestId('task-police_report')).toBeVisible();
  await noSideways('incident');
  await main.getByRole('link', { name: 'Informatie voor de politie (7 W)' }).click();
  await expect(main.getByRole('heading', { name: 'Informatie voor de aangifte' })).toBeVisible();
  await noSideways('police form');
});

test('the focus ring and the "reaches nobody" dot have 3:1 against white; the language select has a name', async ({ page }) => {
  await page.goto(host.operatorUrl);
  await page.keyboard.press('Tab');
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineColor);
  expect(contrastWithWhite(ring)).toBeGreaterThanOrEqual(3);
  const dot = await page.locator('.readiness-dot').evaluate((element) => getComputedStyle(element).backgroundColor);
  expect(contrastWithWhite(dot)).toBeGreaterThanOrEqual(3);
  await expect(page.getByRole('combobox', { name: 'Taal' })).toBeVisible();
});
