import { expect, type Page } from '@playwright/test';

export interface DeskSettings {
  desk: string;
  floor: string;
  serverUrl?: string;
  fallbackPhone?: string;
}

/** Opens Instellingen and saves this desk of Gemeente Zwolle at Stadskantoor, as an administrator would. */
export async function saveDeskSettings(page: Page, { desk, floor, serverUrl = '', fallbackPhone = '' }: DeskSettings): Promise<void> {
  await page.getByRole('link', { name: 'Instellingen' }).first().click();
  await page.getByLabel('Naam van de organisatie').fill('Gemeente Zwolle');
  await page.getByLabel('Naam van de locatie (gebouw)').fill('Stadskantoor');
  await page.getByLabel('Naam van de balie of werkplek').fill(desk);
  await page.getByLabel('Verdieping').fill(floor);
  await page.getByLabel('Adres van de centrale server').fill(serverUrl);
  await page.getByLabel('Noodnummer als het alarm niet aankomt').fill(fallbackPhone);
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByText('Instellingen opgeslagen.')).toBeVisible();
}
