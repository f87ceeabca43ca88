import { expect, type Page } from '@playwright/test';

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

/** Adds a member of staff on the settings screen (the first one ends set-up mode). */
export async function addStaff(page: Page, name: string, role: string, pin: string): Promise<void> {
  const main = page.getByRole('main');
  await main.getByLabel('Naam', { exact: true }).fill(name);
  await main.getByLabel('Rol').selectOption({ label: role });
  await main.getByLabel('Pincode (4 tot 12 cijfers)').fill(pin);
  await main.getByRole('button', { name: 'Medewerker toevoegen' }).click();
  await expect(main.getByRole('listitem').filter({ hasText: name })).toBeVisible();
}
