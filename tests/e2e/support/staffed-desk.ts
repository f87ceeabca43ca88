import { expect, type Page } from '@playwright/test';
import { saveDeskSettings } from './desk-settings.js';
import type { HostProcess } from './host-process.js';

export async function signInAs(page: Page, name: string, pin: string) {
  const header = page.getByRole('banner');
  await header.getByRole('button', { name: 'Aanmelden' }).click();
  await header.getByLabel('Naam').selectOption({ label: name });
  await header.getByLabel('Pincode').fill(pin);
  await header.getByRole('button', { name: 'Aanmelden' }).click();
  await expect(header.getByTestId('session')).toContainText(`Aangemeld: ${name}`);
}

export async function signOut(page: Page) {
  await page.getByRole('banner').getByRole('button', { name: 'Afmelden' }).click();
}

/** A new desk as an administrator sets it up: the desk, then its staff (the first one ends set-up mode). */
export async function staffDesk(page: Page, host: HostProcess) {
  await page.goto(host.operatorUrl);
  await saveDeskSettings(page, { desk: 'Balie 3', floor: '1' });
  const addStaff = async (name: string, role: string, pin: string) => {
    const main = page.getByRole('main');
    await main.getByLabel('Naam', { exact: true }).fill(name);
    await main.getByLabel('Rol').selectOption({ label: role });
    await main.getByLabel('Pincode (4 tot 12 cijfers)').fill(pin);
    await main.getByRole('button', { name: 'Medewerker toevoegen' }).click();
    await expect(main.getByRole('listitem').filter({ hasText: name })).toBeVisible();
  };
  await addStaff('Beheer', 'Beheerder', '1111');
  await signInAs(page, 'Beheer', '1111');
  await addStaff('Anna de Vries', 'Baliemedewerker', '1234');
  await addStaff('Carla Coördinator', 'Coördinator', '4321');
  await signOut(page);
}
