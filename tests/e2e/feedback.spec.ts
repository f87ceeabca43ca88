import { expect, test, type Page } from '@playwright/test';
import { alarmSite, deskPage, siteWithCodes } from './support/alarm-site.js';
import { axeViolations } from './support/axe.js';
import { addStaff, signInAs, signOut } from './support/staff.js';

// Two desks, a server, staff set up through the UI and three sync rounds: more than a minute on a loaded machine.
test.setTimeout(180_000);

const site = alarmSite();

/** "Nu synchroniseren" on the overview until what the test waits for has arrived. */
async function syncUntil(page: Page, arrived: () => Promise<void>) {
  await expect(async () => {
    await page.getByRole('link', { name: 'Overzicht' }).click();
    await page.getByRole('button', { name: 'Nu synchroniseren' }).click();
    await expect(page.getByTestId('sync-phase')).toHaveText('Bijgewerkt');
    await arrived();
  }).toPass({ timeout: 30_000 });
}

const pushed = (page: Page) => async () => expect(page.getByTestId('sync-pending')).toHaveCount(0);

test('the coordinator completes the feedback on desk A; the reporter sees it once at desk B, and A sees when it was read', async ({ browser }) => {
  const server = site.server();
  const codes = await siteWithCodes(server);
  const [hostA, hostB] = site.hosts;
  if (!hostA || !hostB) throw new Error('two hosts expected');
  const a = await deskPage(browser, hostA, server, 'Balie 1', codes);
  const b = await deskPage(browser, hostB, server, 'Balie 2', codes);

  // Staff are made once, on A, and replicate to B.
  await a.getByRole('link', { name: 'Instellingen' }).first().click();
  await addStaff(a, 'Beheer', 'Beheerder', '1111', { listed: false });
  await signInAs(a, 'Beheer', '1111');
  await addStaff(a, 'Anna de Vries', 'Baliemedewerker', '1234');
  await addStaff(a, 'Carla Coördinator', 'Coördinator', '4321');
  await signOut(a);

  // Anna reports at A; Carla gives feedback there.
  await signInAs(a, 'Anna de Vries', '1234');
  await a.getByRole('link', { name: 'Overzicht' }).click();
  await a.getByRole('button', { name: 'Incident melden' }).click();
  await a.getByLabel('Bedreiging').click();
  await a.getByRole('button', { name: 'Opslaan' }).click();
  await expect(a.getByRole('link', { name: 'Aanvullen' })).toBeVisible();
  await signOut(a);
  await signInAs(a, 'Carla Coördinator', '4321');
  await a.getByRole('link', { name: 'Werklijst' }).click();
  const feedback = a.getByTestId('task-feedback_reporter');
  await feedback.getByRole('textbox').fill('De bezoeker heeft een brief gekregen en mag een half jaar niet komen.');
  await feedback.getByRole('button', { name: 'Gedaan' }).click();
  await expect(a.getByTestId('task-feedback_reporter')).toHaveCount(0);
  await syncUntil(a, pushed(a));

  // At B, Anna signs in: the note is shown once.
  // The staff have arrived when B leaves set-up mode and offers a sign-in.
  await syncUntil(b, async () => expect(b.getByRole('banner').getByRole('button', { name: 'Aanmelden' })).toBeVisible());
  await signInAs(b, 'Anna de Vries', '1234');
  const notice = b.getByTestId('feedback-notice');
  await expect(notice).toContainText('De bezoeker heeft een brief gekregen en mag een half jaar niet komen.');
  await expect(notice).toContainText('Carla Coördinator');
  expect(await axeViolations(b)).toEqual([]);
  await notice.getByRole('button', { name: 'Gelezen' }).click();
  await expect(b.getByTestId('feedback-notice')).toHaveCount(0);
  await signOut(b);
  await signInAs(b, 'Anna de Vries', '1234');
  await b.getByRole('link', { name: 'Incidenten' }).click();
  await expect(b.getByTestId('feedback-notice')).toHaveCount(0);

  // Always under her incident, with when she read it; there she answers on aftercare.
  await b.getByRole('row', { name: /Bedreiging/ }).getByRole('link').click();
  await expect(b.getByTestId('task-feedback_reporter')).toContainText('De bezoeker heeft een brief gekregen');
  await expect(b.getByTestId('feedback-read')).toContainText('Gelezen door de melder op');
  const aftercare = b.getByTestId('aftercare-answers');
  await aftercare.getByRole('group', { name: 'Is u nazorg aangeboden?' }).getByLabel('Ja').check();
  await aftercare.getByRole('group', { name: 'Wilt u nazorg?' }).getByLabel('Ja').check();
  await aftercare.getByRole('button', { name: 'Antwoorden opslaan' }).click();
  await expect(aftercare.getByText('Opgeslagen.')).toBeVisible();
  expect(await axeViolations(b)).toEqual([]);
  await syncUntil(b, pushed(b));

  // Back at A: the coordinator sees that it was read, and the answers.
  await syncUntil(a, async () => {
    await a.getByRole('link', { name: 'Incidenten' }).click();
    await a.getByRole('row', { name: /Bedreiging/ }).getByRole('link').click();
    await expect(a.getByTestId('feedback-read')).toContainText('Gelezen door de melder op');
    await expect(a.getByTestId('aftercare-answers')).toContainText('nazorg aangeboden: Ja; nazorg gewenst: Ja');
  });
  expect(await axeViolations(a)).toEqual([]);
});
