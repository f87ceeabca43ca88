import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { generateIncidents, insertIncidents } from '../../main/core/incident/sample-incidents.js';
import type { Locale } from '../../shared/domain/directory.js';
import { resources } from '../../shared/i18n/index.js';
import { incidentHref, newWarningHref, policeFormHref, routeHref, subjectAccessHref, accessLogHref, warningHref, warningLetterHref } from '../../renderer/src/routing.js';
import { deskPage, siteWithCodes } from './support/alarm-site.js';
import { axeViolations } from './support/axe.js';
import { openHostStore, startHostProcess, type HostProcess } from './support/host-process.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { addStaff, signInAs, signOut } from './support/staff.js';

/**
 * The README's gallery: every screen in Dutch and English at a laptop's and a full-HD size,
 * each axe clean. The spec finds things by role and by the texts in the language files, never
 * by CSS class, so it still runs after the look changes.
 */

// Three desks, a server, about thirty screens four times over, each through axe: heavy on purpose.
test.setTimeout(20 * 60_000);

const GALLERY_DIR = path.join('docs', 'gallery');
const languages = ['nl', 'en'] as const satisfies readonly Locale[];
const sizes = [
  // The laptop gets the whole page (up to a limit), the big screen what shows without scrolling.
  { width: 1366, height: 768, fullPage: true },
  { width: 1920, height: 1080, fullPage: false },
] as const;
type Size = (typeof sizes)[number];
/** A very long list (a year of incidents) is cut here: the gallery shows the screen, not every row. */
const MAX_PAGE_HEIGHT = 2_400;

/** A text from the language files, so the spec reads the screen as a person in that language does. */
function say(lang: Locale, key: string): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], resources[lang].translation);
  if (typeof value !== 'string') throw new Error(`no text "${key}" in ${lang}`);
  return value;
}
const mainHeading = (page: Page, lang: Locale, key: string): Locator => page.getByRole('main').getByRole('heading', { level: 1, name: say(lang, key) });

async function speak(page: Page, lang: Locale): Promise<void> {
  const names = new RegExp(`^(${languages.map((l) => say(l, 'app.language.label')).join('|')})$`);
  await page.getByRole('combobox', { name: names }).selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((to) => (window.location.hash = to), hash);
}

/** The shell's always-on-top mini alarm button, a small frameless window at any screen size. */
const miniWindow = { width: 440, height: 56, fullPage: false } as const;

/** The screen as it stands: axe clean, and saved to docs/gallery/<lang>-<width>/<screen>.png. */
async function capture(page: Page, screen: string, lang: Locale, size: Size | typeof miniWindow, folder: Size = size as Size): Promise<void> {
  const violations = await axeViolations(page);
  expect.soft(violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${screen} (${lang}, ${size.width})`).toEqual([]);
  // Nothing blinks or waits in the picture: no caret, no hover, no pending transition.
  await page.mouse.move(0, 0);
  const file = path.join(GALLERY_DIR, `${lang}-${folder.width}`, `${screen}.png`);
  const height = size.fullPage ? Math.min(await page.evaluate(() => document.documentElement.scrollHeight), MAX_PAGE_HEIGHT) : size.height;
  await page.screenshot({ path: file, scale: 'css', animations: 'disabled', caret: 'hide', fullPage: size.fullPage, clip: { x: 0, y: 0, width: size.width, height } });
}

/** Every screen this person sees: set the size, open it, wait for what shows it is ready, capture. */
async function visit(page: Page, lang: Locale, screens: readonly { screen: string; open: (size: Size) => Promise<void>; ready: Locator }[]): Promise<void> {
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    for (const { screen, open, ready } of screens) {
      await open(size);
      await expect(ready, `${screen} (${lang}, ${size.width})`).toBeVisible();
      await capture(page, screen, lang, size);
    }
  }
}

/** An enrolled desk's staff: an administrator, then the others (the first member ends set-up mode). */
async function staff(page: Page, members: readonly { name: string; role: string; pin: string }[]): Promise<void> {
  await page.getByRole('link', { name: say('nl', 'app.nav.settings') }).click();
  await addStaff(page, 'Beheer', 'Beheerder', '1111', { listed: false });
  await signInAs(page, 'Beheer', '1111');
  for (const member of members) await addStaff(page, member.name, member.role, member.pin);
  await signOut(page);
}

/**
 * A year of made-up incidents in the desk's own store, so lists, worklist and analytics look
 * lived in. They go where an incident logged at this desk went: an enrolled store knows more
 * organisations and sites than its own.
 */
function seedYear(host: HostProcess, besideIncident: string): void {
  const now = Date.now();
  const sample = generateIncidents({ seed: 14, count: 160, from: new Date(now - 365 * 86_400_000), to: new Date(now - 3_600_000) });
  const db = openHostStore(host, { write: true });
  try {
    const { organisation_id: organisationId, site_id: siteId } = db.prepare('SELECT organisation_id, site_id FROM replica_row WHERE id = ?').get(besideIncident) as { organisation_id: string; site_id: string };
    insertIncidents(db, organisationId, sample, () => siteId);
  } finally {
    db.close();
  }
}

let server: ServerProcess;
const hosts: HostProcess[] = [];
test.beforeEach(async () => {
  server = await startServerProcess();
  hosts.push(await startHostProcess(), await startHostProcess(), await startHostProcess());
});
test.afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  await server.stop();
});

async function newPage(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  return page;
}

test('every screen in Dutch and English at 1366×768 and 1920×1080 is axe clean and in the gallery', async ({ browser }) => {
  const [deskHost, responderHost, freshHost] = hosts as [HostProcess, HostProcess, HostProcess];
  fs.rmSync(GALLERY_DIR, { recursive: true, force: true });
  for (const lang of languages) for (const size of sizes) fs.mkdirSync(path.join(GALLERY_DIR, `${lang}-${size.width}`), { recursive: true });

  // Two enrolled desks of Gemeente Zwolle with staff and a year of incidents on the first.
  const codes = await siteWithCodes(server);
  const desk = await deskPage(browser, deskHost, server, 'Balie 1', codes);
  const responder = await deskPage(browser, responderHost, server, 'Balie 4', codes);
  await staff(desk, [
    { name: 'Anna de Vries', role: 'Baliemedewerker', pin: '1234' },
    { name: 'Carla Coördinator', role: 'Coördinator', pin: '4321' },
  ]);
  await staff(responder, [{ name: 'Bram Bakker', role: 'Baliemedewerker', pin: '2468' }]);
  await signInAs(responder, 'Bram Bakker', '2468');

  // Anna logs an incident of her own and fills it in.
  await signInAs(desk, 'Anna de Vries', '1234');
  await desk.getByRole('link', { name: say('nl', 'app.nav.home') }).click();
  await desk.getByRole('button', { name: say('nl', 'incident.quick.open') }).click();
  await desk.getByLabel(say('nl', 'incident.forms.threat')).click();
  await desk.getByRole('button', { name: say('nl', 'incident.quick.save') }).click();
  await desk.getByRole('link', { name: say('nl', 'incident.quick.complete') }).click();
  await desk.getByLabel('Wat is er gebeurd (in uw eigen woorden)').fill('Bezoeker werd boos over de wachttijd, sloeg op de balie en dreigde terug te komen.');
  await expect(desk.getByText(/Opgeslagen om/)).toBeVisible();
  const annasIncident = /#\/incidents\/([0-9a-f-]{36})/.exec(desk.url())?.[1] ?? '';
  expect(annasIncident).not.toBe('');
  seedYear(deskHost, annasIncident);
  await signOut(desk);

  // Carla issues a warning, so the warning screens and the desk check have something to show.
  await signInAs(desk, 'Carla Coördinator', '4321');
  await go(desk, newWarningHref(annasIncident));
  const form = desk.getByRole('main');
  await form.getByLabel('Naam *').fill('Hendrik van der Meulen');
  await form.getByLabel('Maatregel *').selectOption({ label: 'Alleen op afspraak' });
  await form.getByLabel('Soort reden *').selectOption({ label: 'Bedreiging' });
  await form.getByLabel('Interne notitie').fill('dreigde balie 1 met geweld');
  await form.getByLabel('Wie een partner belt bij een treffer *').fill('Teamleider publiekszaken 038-498 12 34');
  await form.getByRole('button', { name: 'Waarschuwing opslaan' }).click();
  await expect(desk.getByRole('heading', { name: 'Waarschuwing voor Hendrik van der Meulen' })).toBeVisible();
  const warning = /#\/warnings\/([0-9a-f-]{36})/.exec(desk.url())?.[1] ?? '';
  expect(warning).not.toBe('');
  await signOut(desk);

  for (const lang of languages) {
    // A desk nobody has set up yet: its overview and the set-up screen (settings, enrolment, first member).
    const fresh = await newPage(browser, freshHost.operatorUrl);
    await speak(fresh, lang);
    await visit(fresh, lang, [
      { screen: 'setup-home', open: () => go(fresh, routeHref.home), ready: fresh.getByRole('main').getByRole('link', { name: say(lang, 'app.nav.settings') }) },
      { screen: 'setup-settings', open: () => go(fresh, routeHref.settings), ready: fresh.getByRole('main').getByRole('button', { name: say(lang, 'settings.save') }) },
    ]);
    await fresh.context().close();

    // A tab without the host's token, and the public display.
    const refused = await newPage(browser, deskHost.origin);
    // Without the token the device's language cannot be read: the visitor picks it, as here.
    await speak(refused, lang);
    await visit(refused, lang, [{ screen: 'signed-out', open: async () => undefined, ready: refused.getByRole('alert').first() }]);
    await refused.context().close();
    const display = await newPage(browser, deskHost.displayUrl);
    await visit(display, lang, [{ screen: 'display', open: async () => undefined, ready: display.getByRole('heading', { level: 1 }) }]);
    await display.context().close();

    // Nobody signed in at the desk: the sign-in form in the header.
    await speak(desk, lang);
    await speak(responder, lang);
    const header = desk.getByRole('banner');
    await visit(desk, lang, [
      {
        screen: 'sign-in',
        open: async () => {
          await go(desk, routeHref.home);
          if (!(await header.getByLabel(say(lang, 'incident.staff.pin')).isVisible())) await header.getByRole('button', { name: say(lang, 'incident.staff.signIn') }).click();
        },
        ready: header.getByLabel(say(lang, 'incident.staff.pin')),
      },
    ]);
    await header.getByLabel(say(lang, 'incident.staff.pin')).press('Escape');
    await speak(desk, 'nl');

    // The counter worker.
    await signInAs(desk, 'Anna de Vries', '1234');
    await speak(desk, lang);
    const main = desk.getByRole('main');
    await visit(desk, lang, [
      { screen: 'home', open: () => go(desk, routeHref.home), ready: main.getByRole('button', { name: say(lang, 'incident.quick.open') }) },
      {
        screen: 'quick-log',
        open: async () => {
          await go(desk, routeHref.home);
          await main.getByRole('button', { name: say(lang, 'incident.quick.open') }).click();
        },
        ready: main.getByRole('group', { name: say(lang, 'incident.quick.formsLegend') }),
      },
      {
        screen: 'visitor-check',
        open: async () => {
          await go(desk, routeHref.warnings);
          await main.getByLabel(say(lang, 'warnings.check.name'), { exact: true }).fill('Hendrik van der Meulen');
          await main.getByRole('button', { name: say(lang, 'warnings.check.submit') }).click();
        },
        ready: main.getByRole('status').getByText(say(lang, 'warnings.check.hit')),
      },
      { screen: 'incidents-own', open: () => go(desk, routeHref.incidents), ready: main.getByRole('table') },
      { screen: 'not-allowed', open: () => go(desk, routeHref.analytics), ready: mainHeading(desk, lang, 'app.nav.analytics') },
    ]);
    await go(desk, routeHref.home);
    const mini = await (await browser.newContext({ viewport: { width: miniWindow.width, height: miniWindow.height } })).newPage();
    await mini.goto(deskHost.operatorUrl.replace('/#', '/?view=mini#'));
    await expect(mini.getByTestId('alarm-readiness')).toHaveAttribute('data-reachable', 'true', { timeout: 10_000 });
    await expect(mini.locator('html')).toHaveAttribute('lang', lang);
    for (const size of sizes) await capture(mini, 'mini-alarm-button', lang, miniWindow, size);
    await mini.context().close();

    // The alarm: the sender's discreet line and the responder's overlay, live and as a test.
    for (const size of sizes) {
      await desk.setViewportSize({ width: size.width, height: size.height });
      await responder.setViewportSize({ width: size.width, height: size.height });
      for (const drill of [false, true]) {
        await expect(desk.getByTestId('alarm-readiness')).toHaveAttribute('data-reachable', 'true', { timeout: 10_000 });
        await desk.getByRole('banner').getByRole('button', { name: say(lang, drill ? 'alarm.readiness.drill' : 'alarm.assist') }).click();
        const overlay = responder.getByRole('alertdialog');
        await overlay.getByRole('button', { name: say(lang, 'alarm.coming') }).click();
        await expect(overlay.getByText(say(lang, 'alarm.youAreComing'))).toBeVisible();
        await expect(desk.getByTestId('sender-status')).toContainText('Bram Bakker');
        await capture(responder, drill ? 'test-alarm-responder' : 'alarm-responder', lang, size);
        await capture(desk, drill ? 'test-alarm-sender' : 'alarm-sender', lang, size);
        await desk.getByRole('banner').getByRole('button', { name: say(lang, 'alarm.resolve') }).click();
        await overlay.getByRole('button', { name: say(lang, 'alarm.close') }).click();
        await expect(overlay).toHaveCount(0);
      }
    }
    await speak(desk, 'nl');
    await signOut(desk);

    // The coordinator.
    await signInAs(desk, 'Carla Coördinator', '4321');
    await speak(desk, lang);
    await visit(desk, lang, [
      { screen: 'incidents', open: () => go(desk, routeHref.incidents), ready: main.getByRole('table') },
      { screen: 'incident', open: () => go(desk, incidentHref(annasIncident)), ready: main.getByRole('link', { name: say(lang, 'incident.record.policeForm') }) },
      { screen: 'police-form', open: () => go(desk, policeFormHref(annasIncident)), ready: main.getByRole('article') },
      { screen: 'worklist', open: () => go(desk, routeHref.worklist), ready: mainHeading(desk, lang, 'incident.worklist.title') },
      { screen: 'warnings', open: () => go(desk, routeHref.warningsAdmin), ready: main.getByRole('link', { name: say(lang, 'warnings.manage.accessLog') }) },
      { screen: 'warning', open: () => go(desk, warningHref(warning)), ready: main.getByRole('link', { name: say(lang, 'warnings.detail.letter') }) },
      { screen: 'warning-letter', open: () => go(desk, warningLetterHref(warning)), ready: main.getByRole('article') },
      { screen: 'warning-new', open: () => go(desk, newWarningHref()), ready: mainHeading(desk, lang, 'warnings.form.title') },
      {
        screen: 'subject-access',
        open: async () => {
          await go(desk, subjectAccessHref);
          await main.getByLabel(say(lang, 'warnings.subjectAccess.name')).fill('Hendrik van der Meulen');
          await main.getByRole('button', { name: say(lang, 'warnings.subjectAccess.submit') }).click();
        },
        ready: desk.getByTestId('subject-report'),
      },
      { screen: 'access-log', open: () => go(desk, accessLogHref), ready: desk.getByTestId('access-entry').first() },
      { screen: 'analytics', open: () => go(desk, routeHref.analytics), ready: desk.getByTestId('analytics-total') },
      { screen: 'checklist', open: () => go(desk, routeHref.checklist), ready: mainHeading(desk, lang, 'checklist.title') },
      { screen: 'house-rules', open: () => go(desk, routeHref.houseRules), ready: mainHeading(desk, lang, 'houseRules.title') },
    ]);
    await speak(desk, 'nl');
    await signOut(desk);

    // The administrator: the desk's settings and its staff.
    await signInAs(desk, 'Beheer', '1111');
    await speak(desk, lang);
    await visit(desk, lang, [{ screen: 'settings', open: () => go(desk, routeHref.settings), ready: main.getByRole('button', { name: say(lang, 'settings.save') }) }]);
    await speak(desk, 'nl');
    await signOut(desk);
    await speak(responder, 'nl');
  }

  // Last, as it takes the server away: with no path to anyone, the sender's line says NOT DELIVERED and whom to call.
  await signInAs(desk, 'Anna de Vries', '1234');
  await go(desk, routeHref.home);
  await server.stop();
  await expect(desk.getByTestId('alarm-readiness')).toHaveAttribute('data-reachable', 'false', { timeout: 15_000 });
  const banner = desk.getByRole('banner');
  for (const lang of languages) {
    await speak(desk, lang);
    for (const size of sizes) {
      await desk.setViewportSize({ width: size.width, height: size.height });
      await banner.getByRole('button', { name: say(lang, 'alarm.assist') }).click();
      await expect(desk.getByTestId('sender-status')).toContainText(say(lang, 'alarm.status.not_delivered'), { timeout: 10_000 });
      await capture(desk, 'alarm-not-delivered', lang, size);
      await banner.getByRole('button', { name: say(lang, 'alarm.cancel') }).click();
      await expect(desk.getByTestId('sender-status')).toHaveText(say(lang, 'alarm.status.cancelled'));
    }
  }
});
