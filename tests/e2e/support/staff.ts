import { expect, type Page } from '@playwright/test';
import { saveDeskSettings } from './desk-settings.js';
import type { HostProcess } from './host-process.js';

/** Signs in at the desk through the header, with name and PIN, as a member of staff does. */
export async function signInAs(page: Page, name: string, pin: string): Promise<void> {
  const header = page.getByRole('banner');
  await header.getByRole('button', { name: 'Aanmelden' }).click();
  await header.getByLabel('Naam').selectOption({ label: name });
  await header.getByLabel('Pincode').fill(pin);
  await header.getByRole('button', { name: 'Aanmelden' }).click();
  await expect(header.getByTestId('session')).toContainText(`Aangemeld: ${name}`);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('banner').getByRole('button', { name: 'Afmelden' }).click();
}

/**
 * Adds a member of staff on the settings screen. The first one ends set-up mode, and the
 * settings are then an administrator's: they leave the screen until one signs in, so that
 * member is not looked for in the list (`listed: false`).
 */
/** Members in the staff list: other panels on the settings screen (updates, sync) have list items too. */
const staffListItem = (page: Page, name: string) => page.getByRole('region', { name: 'Medewerkers' }).getByRole('listitem').filter({ hasText: name });

export async function addStaff(page: Page, name: string, role: string, pin: string, { listed = true } = {}): Promise<void> {
  const main = page.getByRole('main');
  await main.getByLabel('Naam', { exact: true }).fill(name);
  await main.getByLabel('Rol').selectOption({ label: role });
  await main.getByLabel('Pincode (4 tot 12 cijfers)').fill(pin);
  await main.getByRole('button', { name: 'Medewerker toevoegen' }).click();
  if (listed) await expect(staffListItem(page, name)).toBeVisible();
}

/** A new desk as an administrator sets it up: the desk, then its staff. */
export async function setUpDesk(page: Page, host: HostProcess): Promise<void> {
  await page.goto(host.operatorUrl);
  await saveDeskSettings(page, { desk: 'Balie 3', floor: '1' });
  await addStaff(page, 'Beheer', 'Beheerder', '1111', { listed: false });
  await signInAs(page, 'Beheer', '1111');
  await expect(staffListItem(page, 'Beheer')).toBeVisible();
  await addStaff(page, 'Anna de Vries', 'Baliemedewerker', '1234');
  await addStaff(page, 'Carla Coördinator', 'Coördinator', '4321');
  await signOut(page);
}
