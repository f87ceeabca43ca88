import { expect, test, type Browser, type Page } from '@playwright/test';
import { saveDeskSettings } from './desk-settings.js';
import { startHostProcess, type HostProcess } from './host-process.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

/** Each test gets a server process and two web host processes (two PCs), stopped after it. */
export function alarmSite(): { server: () => ServerProcess; hosts: HostProcess[] } {
  let server: ServerProcess | null = null;
  const hosts: HostProcess[] = [];
  test.beforeEach(async () => {
    server = await startServerProcess();
    hosts.push(await startHostProcess(), await startHostProcess());
  });
  test.afterEach(async () => {
    for (const host of hosts.splice(0)) await host.stop();
    await server?.stop();
  });
  return {
    server: () => {
      if (!server) throw new Error('alarmSite() is used outside a test');
      return server;
    },
    hosts,
  };
}

/** A desk in its own browser context on its own web host, set up and enrolled for the site. */
export async function deskPage(browser: Browser, host: HostProcess, server: ServerProcess, desk: string, codes: () => Promise<string>): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(host.operatorUrl);
  await saveDeskSettings(page, { desk, floor: '2', serverUrl: server.url, fallbackPhone: '030 123 45 67' });
  await page.getByLabel('Koppelcode').fill(await codes());
  await page.getByRole('button', { name: 'Koppelen' }).click();
  await expect(page.getByText(/Deze pc is gekoppeld op/)).toBeVisible();
  await page.getByRole('link', { name: 'Overzicht' }).click();
  await expect(page.getByTestId('sync-phase')).toHaveText('Bijgewerkt', { timeout: 10_000 });
  return page;
}

/** The server administrator's part: one organisation at one site, and a way to get enrolment codes. */
export async function siteWithCodes(server: ServerProcess): Promise<() => Promise<string>> {
  const organisation = await server.admin('/v1/admin/organisations', { name: 'Gemeente Zwolle' });
  const site = await server.admin('/v1/admin/sites', { name: 'Stadskantoor' });
  await server.admin('/v1/admin/hosting', { organisation_id: organisation['id'], site_id: site['id'] });
  return async () => (await server.admin('/v1/admin/enrolment-codes', { organisation_id: organisation['id'], site_id: site['id'] }))['code'] as string;
}
