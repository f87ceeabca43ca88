import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { WebSocket } from 'ws';
import { calls } from '../../shared/contract/calls.js';
import { houseRulesLanguages } from '../../shared/house-rules/content.js';
import { BRIDGE_PATH, BRIDGE_PROTOCOL, TOKEN_PROTOCOL_PREFIX } from '../../shared/contract/wire.js';
import { axeViolations } from './support/axe.js';
import { startHostProcess, type HostProcess } from './support/host-process.js';

let host: HostProcess;
test.beforeEach(async () => {
  host = await startHostProcess();
});
test.afterEach(async () => {
  await host.stop();
});

const screens = { landscape: { width: 1920, height: 1080 }, laptop: { width: 1366, height: 768 }, portrait: { width: 1080, height: 1920 } } as const;

/** Every element's box inside the viewport, and no element whose content is wider or taller than its box. */
async function overflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = window.innerWidth;
    const height = window.innerHeight;
    for (const element of document.querySelectorAll<HTMLElement>('.house-display *:not(.house-measure):not(.house-measure *)')) {
      const box = element.getBoundingClientRect();
      const name = `${element.tagName.toLowerCase()}.${element.className} "${(element.textContent ?? '').slice(0, 30)}"`;
      if (box.right > width + 0.5 || box.bottom > height + 0.5 || box.left < -0.5 || box.top < -0.5) problems.push(`${name} outside the viewport`);
      if (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== 'visible') problems.push(`${name} cut off horizontally`);
      if (element.scrollHeight > element.clientHeight + 1 && getComputedStyle(element).overflowY !== 'visible') problems.push(`${name} cut off vertically`);
    }
    if (document.documentElement.scrollHeight > height || document.documentElement.scrollWidth > width) problems.push('the page scrolls');
    return problems;
  });
}

const ROTATE_MS = 12_000;

/** Calls the core over the web host's socket with the token of the given link, as a browser would. */
async function callOverSocket(link: string, calls: readonly { call: string; input: unknown }[]): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }[]> {
  const url = new URL(link);
  const token = url.hash.replace('#token=', '');
  const socket = new WebSocket(`ws://${url.host}${BRIDGE_PATH}`, [BRIDGE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`]);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const answers = new Map<number, { ok: boolean; value?: unknown; error?: { code: string; message: string } }>();
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as { type: string; id: number; result: { ok: boolean; error?: { code: string; message: string } } };
    if (frame.type === 'result') answers.set(frame.id, frame.result);
  });
  // One at a time: settings must be saved before house rules can be published.
  for (const [id, { call, input }] of calls.entries()) {
    socket.send(JSON.stringify({ type: 'call', id, call, input }));
    await expect.poll(() => answers.has(id)).toBe(true);
  }
  socket.close();
  return calls.map((_call, id) => answers.get(id) ?? { ok: false });
}

const settings = { organisationName: 'Gemeente Zwolle', siteName: 'Stadskantoor', deskName: 'Balie 3', floor: '1', serverUrl: '' };
const pageBody = (page: Page) => page.locator('.house-page-body');

/** Visits every screen of one full cycle, moving the page's clock (installed before load) one interval at a time. */
async function eachScreen(page: Page, visit: (language: string, pageLabel: string) => Promise<void>): Promise<Set<string>> {
  const seen = new Set<string>();
  const display = page.locator('.house-display');
  for (let step = 0; step < 40; step += 1) {
    const key = `${await display.getAttribute('data-language')}:${await display.getAttribute('data-page')}`;
    if (seen.has(key)) return seen;
    seen.add(key);
    const [language = '', pageLabel = ''] = key.split(':');
    await visit(language, pageLabel);
    await page.clock.runFor(ROTATE_MS);
  }
  return seen;
}

test('the Display link shows the default house rules, in every language, without overflow, at three screen sizes', async ({ page }) => {
  // A new organisation: nothing written yet, only its name from the settings.
  expect((await callOverSocket(host.operatorUrl, [{ call: 'settings.update', input: settings }]))[0]?.ok).toBe(true);
  for (const [name, size] of Object.entries(screens)) {
    await page.setViewportSize(size);
    await page.clock.install();
    await page.goto(host.displayUrl);
    await expect(page.locator('.house-display')).toHaveAttribute('data-language', 'nl');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Gemeente Zwolle');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Huisregels');
    const seen = await eachScreen(page, async (language, pageLabel) => {
      expect(await overflowProblems(page), `${name} ${language}`).toEqual([]);
      if (name === 'laptop') return;
      await page.screenshot({ path: test.info().outputPath(`${name}-${language}-${pageLabel.replace('/', 'of')}.png`), animations: 'disabled' });
      // The README shows the display as a visitor sees it on a landscape TV.
      if (name === 'landscape' && (language === 'nl' || language === 'ar') && pageLabel.startsWith('1/')) await page.screenshot({ path: path.join('docs', `house-rules-display-${language}.png`), animations: 'disabled' });
    });
    expect(new Set([...seen].map((key) => key.split(':')[0]))).toEqual(new Set(houseRulesLanguages));
  }
});

test("a display token opens the house rules call and nothing else, through the web host's real socket", async () => {
  const names = Object.keys(calls);
  const answers = await callOverSocket(host.displayUrl, names.map((call) => ({ call, input: {} })));
  for (const [id, call] of names.entries()) {
    if (call === 'houseRules.display') expect(answers[id]?.ok, call).toBe(true);
    else expect(answers[id]?.error?.code, call).toBe('FORBIDDEN');
  }
});

test('with the host gone, a reloaded display still shows the rules with a small offline mark, and recovers by itself', async ({ page }) => {
  await page.setViewportSize(screens.landscape);
  await page.goto(host.displayUrl);
  await expect(page.getByTestId('house-display')).toHaveAttribute('data-link', 'open');
  const shown = await callOverSocket(host.displayUrl, [{ call: 'houseRules.display', input: {} }]);
  const content = (shown[0]?.value as { content: { texts: { nl: Record<string, string> } } }).content;
  const published = await callOverSocket(host.operatorUrl, [
    { call: 'settings.update', input: settings },
    { call: 'houseRules.publish', input: { content: { ...content, organisationName: 'Gemeente Zwolle', texts: { nl: { ...content.texts.nl, weOffer: 'Wij helpen u graag.' } } }, startsAt: null, thisSiteOnly: false } },
  ]);
  expect(published.map((answer) => answer.ok)).toEqual([true, true]);
  await expect(pageBody(page).getByText('Wij helpen u graag.')).toBeVisible({ timeout: 2_000 });
  const port = new URL(host.origin).port;

  await host.stop();
  await page.reload();
  await expect(pageBody(page).getByText('Wij helpen u graag.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Gemeente Zwolle');
  await expect(page.getByTestId('display-offline')).toContainText('Offline sinds');
  expect(await overflowProblems(page)).toEqual([]);

  // The same data folder keeps the display token, so the page finds its way back unattended.
  host = await startHostProcess(host.dataDir, ['--port', port]);
  await expect(page.getByTestId('house-display')).toHaveAttribute('data-link', 'open', { timeout: 20_000 });
  await expect(page.getByTestId('display-offline')).toHaveCount(0);
});

test('axe finds no violations on the display, in Dutch and in Arabic (right to left)', async ({ page }) => {
  await page.setViewportSize(screens.landscape);
  await page.clock.install();
  await page.goto(host.displayUrl);
  await expect(page.locator('.house-display')).toHaveAttribute('data-language', 'nl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  expect(await axeViolations(page)).toEqual([]);
  while ((await page.locator('.house-display').getAttribute('data-language')) !== 'ar') await page.clock.runFor(ROTATE_MS);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('.house-display')).toHaveAttribute('lang', 'ar');
  expect(await axeViolations(page)).toEqual([]);
});

test('prefers-reduced-motion stops the fade between screens', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(host.displayUrl);
  await expect(pageBody(page)).toHaveCSS('animation-name', 'none');
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await expect(pageBody(page)).toHaveCSS('animation-name', 'house-fade-in');
});

test('a version published on the editor, and a notice, reach an open display within 2 s without a reload', async ({ page, context }) => {
  expect((await callOverSocket(host.operatorUrl, [{ call: 'settings.update', input: settings }]))[0]?.ok).toBe(true);
  const display = await context.newPage();
  await display.setViewportSize(screens.landscape);
  await display.goto(host.displayUrl);
  await expect(display.getByTestId('house-display')).toHaveAttribute('data-link', 'open');
  await expect(display.getByRole('heading', { level: 1 })).toContainText('Gemeente Zwolle');

  await page.goto(host.operatorUrl);
  await page.getByRole('navigation').getByRole('link', { name: 'Huisregels' }).click();
  await page.getByLabel('Wat de bezoeker van ons mag verwachten (Nederlands)').fill('Wij nemen de tijd voor u.\nWij helpen u graag.');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Publiceren' }).click();
  const publishedAt = Date.now();
  await expect(page.getByRole('status')).toContainText('Gepubliceerd.');
  await expect(pageBody(display).getByText('Wij nemen de tijd voor u.')).toBeVisible({ timeout: 2_000 });
  expect(Date.now() - publishedAt).toBeLessThan(2_000);
  await expect(page.getByText('Nu op het scherm')).toBeVisible();

  await page.getByLabel('Mededeling (Nederlands)').fill('Vandaag alleen op afspraak');
  await page.getByRole('button', { name: 'Mededeling tonen' }).click();
  const noticeAt = Date.now();
  await expect(display.locator('.house-override')).toHaveText('Vandaag alleen op afspraak', { timeout: 2_000 });
  expect(Date.now() - noticeAt).toBeLessThan(2_000);
  // The notice sits above the rules, and the page still fits.
  const [noticeBox, rulesBox] = await Promise.all([display.locator('.house-override').boundingBox(), pageBody(display).boundingBox()]);
  expect((noticeBox?.y ?? 0) + (noticeBox?.height ?? 0)).toBeLessThanOrEqual(rulesBox?.y ?? 0);
  expect(await overflowProblems(display)).toEqual([]);
  // Nothing of the staff app reaches the display: no alarm screen, no incidents, no menu.
  await expect(display.getByRole('navigation')).toHaveCount(0);
  await expect(display.getByText(/alarm|incident/i)).toHaveCount(0);
});

test('a soak of 500 rotations at a fast interval keeps heap and DOM within 10 % of after the first 20', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize(screens.landscape);
  await page.goto(host.displayUrl.replace('?view=display', '?view=display&interval=50'));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const measure = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0;
    const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    return { heap, nodes };
  };
  // One evaluate per mark, resolved by the page itself, so the test's own polling does not grow the heap it measures.
  const reach = (target: number) =>
    page.evaluate(
      (count) =>
        new Promise<void>((resolve) => {
          const element = document.querySelector('[data-testid="house-display"]');
          const done = () => Number(element?.getAttribute('data-rotations')) >= count;
          if (done()) return resolve();
          const observer = new MutationObserver(() => {
            if (!done()) return;
            observer.disconnect();
            resolve();
          });
          if (element) observer.observe(element, { attributes: true, attributeFilter: ['data-rotations'] });
        }),
      target,
    );
  await reach(20);
  const early = await measure();
  await reach(520);
  const late = await measure();
  test.info().annotations.push({ type: 'soak', description: `heap ${early.heap} → ${late.heap} bytes, DOM ${early.nodes} → ${late.nodes} elements` });
  expect(late.heap).toBeLessThanOrEqual(early.heap * 1.1);
  expect(late.nodes).toBeLessThanOrEqual(early.nodes * 1.1);
});
