import { expect, test, type Browser, type Page } from '@playwright/test';
import { axeViolations } from './support/axe.js';
import { deskPage } from './support/alarm-site.js';
import { startHostProcess, type HostProcess } from './support/host-process.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { addStaff, signInAs, signOut } from './support/staff.js';

// One central server and three PCs: organisation A and its partner B share a building, C is elsewhere.
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

/** The server administrator's part: an organisation hosted at a site, and a way to get enrolment codes for it. */
async function organisationAt(name: string, siteId: string): Promise<{ id: string; codes: () => Promise<string> }> {
  const id = (await server.admin('/v1/admin/organisations', { name }))['id'] ?? '';
  await server.admin('/v1/admin/hosting', { organisation_id: id, site_id: siteId });
  return { id, codes: async () => (await server.admin('/v1/admin/enrolment-codes', { organisation_id: id, site_id: siteId }))['code'] ?? '' };
}

/** An enrolled desk with an administrator and one more member of staff, who is then signed in. */
async function staffedDesk(browser: Browser, host: HostProcess, desk: string, codes: () => Promise<string>, person: { name: string; role: string; pin: string }): Promise<Page> {
  const page = await deskPage(browser, host, server, desk, codes);
  await page.getByRole('link', { name: 'Instellingen' }).click();
  await addStaff(page, 'Beheer', 'Beheerder', '1111', { listed: false });
  await signInAs(page, 'Beheer', '1111');
  await addStaff(page, person.name, person.role, person.pin);
  await signOut(page);
  await signInAs(page, person.name, person.pin);
  return page;
}

/** Synchronises now and asks the desk check, until the answer is the expected one (the partner's rows and key arrive with a sync round). */
async function checkUntil(page: Page, name: string, expected: RegExp) {
  await expect(async () => {
    await page.getByRole('link', { name: 'Overzicht' }).click();
    await page.getByRole('button', { name: 'Nu synchroniseren' }).click();
    await expect(page.getByTestId('sync-phase')).toHaveText('Bijgewerkt');
    await page.getByRole('link', { name: 'Bezoeker controleren' }).click();
    await page.getByRole('main').getByLabel('Naam', { exact: true }).fill(name);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status')).toHaveText(expected, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
}

test('a coordinator of A issues a warning; partner B at the same site gets a hit with only the measure, the end and whom to call; C at another site gets none', async ({ browser }) => {
  test.setTimeout(180_000);
  const stadskantoor = (await server.admin('/v1/admin/sites', { name: 'Stadskantoor' }))['id'] ?? '';
  const elders = (await server.admin('/v1/admin/sites', { name: 'Belastingkantoor' }))['id'] ?? '';
  const a = await organisationAt('Gemeente Zwolle', stadskantoor);
  const b = await organisationAt('UWV Zwolle', stadskantoor);
  const c = await organisationAt('Belastingdienst', elders);
  await server.admin('/v1/admin/agreements', { site_id: stadskantoor, from_organisation_id: a.id, to_organisation_id: b.id, share_alarms: false, share_warnings: true });

  const coordinator = await staffedDesk(browser, hosts[0] as HostProcess, 'Balie 3', a.codes, { name: 'Carla Coördinator', role: 'Coördinator', pin: '4321' });

  // The 48-hour reaction to an incident is done: the coordinator drafts a warning from it.
  await coordinator.getByRole('link', { name: 'Overzicht' }).click();
  await coordinator.getByRole('button', { name: 'Incident melden' }).click();
  await coordinator.getByLabel('Bedreiging').click();
  await coordinator.getByRole('button', { name: 'Opslaan' }).click();
  await coordinator.getByRole('link', { name: 'Aanvullen' }).click();
  const reaction = coordinator.getByTestId('task-reaction_48h');
  await reaction.getByRole('button', { name: 'Gedaan' }).click();
  await reaction.getByRole('link', { name: 'Waarschuwing opstellen' }).click();
  await expect(coordinator.getByText(/Deze waarschuwing berust op het incident van/)).toBeVisible();
  expect(await axeViolations(coordinator)).toEqual([]);

  // A wrong field is named beside it, and nothing is saved.
  const form = coordinator.getByRole('main');
  await form.getByLabel('Naam *').fill('Hendrik van der Meulen');
  await form.getByLabel('Maatregel *').selectOption({ label: 'Alleen op afspraak' });
  await form.getByLabel('Soort reden *').selectOption({ label: 'Bedreiging' });
  await form.getByLabel('Interne notitie').fill('dreigde balie 3 met geweld');
  await form.getByRole('button', { name: 'Waarschuwing opslaan' }).click();
  await expect(form.getByText('Wie een partner belt bij een treffer: Vul dit veld in.')).toBeVisible();
  await expect(form.getByLabel('Wie een partner belt bij een treffer *')).toBeFocused();
  expect(await axeViolations(coordinator)).toEqual([]);
  await form.getByLabel('Wie een partner belt bij een treffer *').fill('Teamleider publiekszaken 038-498 12 34');
  await form.getByRole('button', { name: 'Waarschuwing opslaan' }).click();
  await expect(coordinator.getByRole('heading', { name: 'Waarschuwing voor Hendrik van der Meulen' })).toBeVisible();
  await expect(coordinator.getByTestId('warning-incomplete')).toBeVisible();
  const validUntil = (await coordinator.getByRole('definition').filter({ hasText: 't/m' }).textContent())?.split('t/m ')[1] ?? 'missing';
  expect(await axeViolations(coordinator)).toEqual([]);

  // Each of the coordinator's new screens passes axe.
  await coordinator.getByRole('link', { name: 'Brief aan de betrokkene (afdrukken)' }).click();
  await expect(coordinator.getByRole('article')).toContainText('bezwaar maken');
  expect(await axeViolations(coordinator)).toEqual([]);
  await coordinator.getByRole('link', { name: 'Werklijst' }).click();
  await expect(coordinator.getByTestId('worklist-warnings')).toContainText('Alleen op afspraak');
  expect(await axeViolations(coordinator)).toEqual([]);
  await coordinator.getByRole('link', { name: 'Waarschuwingen' }).click();
  await expect(coordinator.getByTestId('warning-row')).toContainText('Onvolledig');
  expect(await axeViolations(coordinator)).toEqual([]);
  await coordinator.getByRole('link', { name: 'Inzageverzoek (AVG art. 15)' }).click();
  await coordinator.getByLabel('Naam *').fill('hendrik van der meulen');
  await coordinator.getByRole('button', { name: 'Overzicht maken' }).click();
  await expect(coordinator.getByTestId('subject-report')).toContainText('dreigde balie 3 met geweld');
  await expect(coordinator.getByRole('link', { name: 'JSON downloaden' })).toHaveAttribute('download', /^inzage-hendrik-van-der-meulen-/);
  expect(await axeViolations(coordinator)).toEqual([]);
  await coordinator.getByRole('link', { name: 'Waarschuwingen' }).click();
  await coordinator.getByRole('link', { name: 'Toegangslogboek' }).click();
  await expect(coordinator.getByTestId('access-entry').first()).toBeVisible();
  expect(await axeViolations(coordinator)).toEqual([]);

  // Partner B's counter worker: a typo and no particle, still a hit; the measure, the end and whom to call, and nothing else.
  const partner = await staffedDesk(browser, hosts[1] as HostProcess, 'Balie UWV', b.codes, { name: 'Bert Balie', role: 'Baliemedewerker', pin: '2468' });
  await expect(partner.getByRole('link', { name: 'Waarschuwingen' })).toHaveCount(0);
  await checkUntil(partner, 'hendrik meulne', /Er is een waarschuwing\./);
  const answer = partner.getByRole('status');
  await expect(answer).toContainText('Alleen op afspraak');
  await expect(answer).toContainText(`Geldt tot en met ${validUntil}`);
  await expect(answer).toContainText('Bel: Teamleider publiekszaken 038-498 12 34 (Gemeente Zwolle)');
  const shown = (await partner.getByRole('main').textContent()) ?? '';
  for (const secret of [/Meulen/i, /Bedreiging/, /dreigde/, /incident/i]) expect(shown).not.toMatch(secret);
  expect(await axeViolations(partner)).toEqual([]);

  // C, at another site and without an agreement, gets no hit for the exact name.
  const outsider = await staffedDesk(browser, hosts[2] as HostProcess, 'Balie BD', c.codes, { name: 'Cees Balie', role: 'Baliemedewerker', pin: '1357' });
  await checkUntil(outsider, 'Hendrik van der Meulen', /Geen waarschuwing voor deze naam\./);
  expect(await axeViolations(outsider)).toEqual([]);
});
