import { expect, test, type Page } from '@playwright/test';
import { axeViolations } from './support/axe.js';
import { signInAs, signOut, staffDesk } from './support/staffed-desk.js';
import { startHostProcess, type HostProcess } from './support/host-process.js';

let host: HostProcess;
test.beforeEach(async () => {
  host = await startHostProcess();
});
test.afterEach(async () => {
  await host.stop();
});

/** Counts what a person does in the page (clicks and key presses) and times the first to the saved notice. */
async function startCounting(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { interactions: number; firstAt: number | null; savedAt: number | null };
    w.interactions = 0;
    w.firstAt = null;
    w.savedAt = null;
    const count = () => {
      w.interactions += 1;
      w.firstAt ??= performance.now();
    };
    document.addEventListener('pointerdown', count, true);
    // A chord (Ctrl+Enter) is one interaction: the modifier alone is not counted.
    document.addEventListener('keydown', (event) => ['Control', 'Shift', 'Alt', 'Meta'].includes(event.key) || count(), true);
    new MutationObserver(() => {
      if (w.savedAt === null && document.body.textContent?.includes('Incident opgeslagen')) w.savedAt = performance.now();
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}
const counted = (page: Page) => page.evaluate(() => {
  const w = window as unknown as { interactions: number; firstAt: number; savedAt: number };
  return { interactions: w.interactions, ms: w.savedAt - w.firstAt };
});

test('quick log: at most 5 interactions and under 10 seconds, by mouse and by keyboard alone', async ({ page }) => {
  await staffDesk(page, host);
  await signInAs(page, 'Anna de Vries', '1234');
  await page.getByRole('link', { name: 'Overzicht' }).click();

  await startCounting(page);
  await page.getByRole('button', { name: 'Incident melden' }).click();
  await page.getByLabel('Bedreiging').click();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByText('Incident opgeslagen. De opvolging is gepland.')).toBeVisible();
  const byMouse = await counted(page);
  test.info().annotations.push({ type: 'quick log by mouse', description: `${byMouse.interactions} interactions, ${Math.round(byMouse.ms)} ms` });
  expect(byMouse.interactions).toBeLessThanOrEqual(5);
  expect(byMouse.ms).toBeLessThan(10_000);

  // The keyboard alone: Enter on the button, Tab to "Bedreiging", Space, Ctrl+Enter.
  await page.reload();
  await page.getByRole('button', { name: 'Incident melden' }).focus();
  await startCounting(page);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Schelden of schreeuwen')).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Incident opgeslagen. De opvolging is gepland.')).toBeVisible();
  const byKeyboard = await counted(page);
  test.info().annotations.push({ type: 'quick log by keyboard', description: `${byKeyboard.interactions} key presses, ${Math.round(byKeyboard.ms)} ms` });
  expect(byKeyboard.interactions).toBeLessThanOrEqual(5);
  expect(byKeyboard.ms).toBeLessThan(10_000);
  expect(await axeViolations(page)).toEqual([]);

  await page.getByRole('link', { name: 'Incidenten' }).click();
  await expect(page.getByRole('row')).toHaveCount(3); // a header and two incidents, both Anna's
  expect(await axeViolations(page)).toEqual([]);
});

test('coordinator: the worklist shows the follow-up; ticking it off records who; the record and police form pass axe', async ({ page }) => {
  await staffDesk(page, host);
  await signInAs(page, 'Anna de Vries', '1234');
  await page.getByRole('link', { name: 'Overzicht' }).click();
  await page.getByRole('button', { name: 'Incident melden' }).click();
  await page.getByLabel('Fysiek geweld').click();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('link', { name: 'Aanvullen' }).click();
  await page.getByLabel('Wat is er gebeurd (in uw eigen woorden)').fill('Bezoeker sloeg met een paraplu op de balie en raakte mijn arm.');
  await page.getByLabel('Waarmee (voorwerp, wapen)').fill('Paraplu');
  await expect(page.getByText(/Opgeslagen om/)).toBeVisible();
  expect(await axeViolations(page)).toEqual([]);
  // Counter staff have no worklist.
  await expect(page.getByRole('link', { name: 'Werklijst' })).toHaveCount(0);
  await signOut(page);

  await signInAs(page, 'Carla Coördinator', '4321');
  await page.getByRole('link', { name: 'Werklijst' }).click();
  // Due in exactly 48 hours: "within two days", whatever the weekday (other tasks depend on it).
  const soon = page.getByTestId('worklist-due_soon');
  const reaction = soon.getByTestId('task-reaction_48h');
  await expect(reaction).toContainText('Reactie naar de dader');
  await expect(soon).toContainText('(Anna de Vries)');
  await expect(page.getByRole('main')).toContainText('Aangifte bij de politie');
  expect(await axeViolations(page)).toEqual([]);
  await reaction.getByRole('textbox').fill('Brief met gele kaart verstuurd');
  await reaction.getByRole('button', { name: 'Gedaan' }).click();
  await expect(page.getByTestId('task-reaction_48h')).toHaveCount(0);

  await page.getByRole('link', { name: /Incident van/ }).first().click();
  await expect(page.getByTestId('task-reaction_48h')).toContainText('Gedaan door Carla Coördinator op');
  await expect(page.getByText(/doe altijd aangifte/)).toBeVisible();
  await page.getByRole('link', { name: 'Informatie voor de politie (7 W)' }).click();
  await expect(page.getByRole('article')).toContainText('Paraplu');
  await expect(page.getByRole('article')).toContainText('Anna de Vries');
  expect(await axeViolations(page)).toEqual([]);
});
