import { expect, test, type Page } from '@playwright/test';
import { newId } from '../../shared/domain/ids.js';
import { SYNC_SCHEMA_VERSION } from '../../shared/sync/protocol.js';
import { publishVersion } from '../support/display.js';
import type { RawDevice } from '../support/raw-device.js';
import { axeViolations } from './support/axe.js';
import { startServerProcess, type ServerProcess } from './support/server-process.js';

let server: ServerProcess;
test.beforeEach(async () => {
  server = await startServerProcess();
});
test.afterEach(async () => {
  await server.stop();
});

const ROTATE_MS = 12_000;

/** An organisation at the site with a counter PC, enrolled through the server's API as a PC is. */
async function organisationAt(siteId: string, name: string): Promise<RawDevice> {
  const organisation = await server.admin('/v1/admin/organisations', { name });
  const organisationId = organisation['id'] ?? '';
  await server.admin('/v1/admin/hosting', { organisation_id: organisationId, site_id: siteId });
  const { code } = await server.admin('/v1/admin/enrolment-codes', { organisation_id: organisationId, site_id: siteId });
  const deviceId = newId();
  const enrolled = await fetch(`${server.url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, device_id: deviceId, device_name: `${name} balie`, schema_version: SYNC_SCHEMA_VERSION }) });
  const { credential } = (await enrolled.json()) as { credential: string };
  return { deviceId, credential, organisationId, siteId };
}

async function site(name = 'Werkplein'): Promise<string> {
  return (await server.admin('/v1/admin/sites', { name }))['id'] ?? '';
}

/** The link an administrator puts in the TV's browser (create-display prints the same). */
async function displayLink(pc: RawDevice, name = 'Wachtkamer'): Promise<{ id: string; link: string }> {
  const made = await server.admin('/v1/admin/displays', { organisation_id: pc.organisationId, site_id: pc.siteId, name });
  return { id: made['id'] ?? '', link: `${server.url}${made['path'] ?? ''}` };
}

const pageBody = (page: Page) => page.locator('.house-page-body');

test('a TV opens the server-served display page, sees a version published by a PC within 2 s, and after revocation keeps the last rules with the offline mark', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const pc = await organisationAt(await site(), 'Gemeente Zwolle');
  const tv = await displayLink(pc);
  await page.goto(tv.link);
  await expect(page.getByTestId('house-display')).toHaveAttribute('data-link', 'open');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Gemeente Zwolle');
  // The key stays in the address bar, so the TV can bookmark the link as it is.
  expect(page.url()).toBe(tv.link);

  const asked = Date.now();
  await publishVersion(server.url, pc, 'Gemeente Zwolle', 'Wij helpen u graag, ook op de tv.');
  await expect(pageBody(page).getByText('Wij helpen u graag, ook op de tv.')).toBeVisible({ timeout: 2_000 });
  expect(Date.now() - asked).toBeLessThan(2_000);
  expect(await axeViolations(page)).toEqual([]);

  const revoked = await fetch(`${server.url}/v1/admin/displays/${tv.id}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${server.adminToken}` } });
  expect(revoked.status).toBe(200);
  await expect(page.getByTestId('display-offline')).toContainText('Offline sinds', { timeout: 2_000 });
  await expect(page.getByTestId('house-display')).not.toHaveAttribute('data-link', 'open');
  await expect(pageBody(page).getByText('Wij helpen u graag, ook op de tv.')).toBeVisible();
  // A new version no longer reaches it, and a reload still shows the last rules it had.
  await publishVersion(server.url, pc, 'Gemeente Zwolle', 'Dit ziet de ingetrokken tv niet.');
  await page.reload();
  await expect(page.getByTestId('house-display')).toHaveAttribute('data-link', 'unauthenticated');
  await expect(pageBody(page).getByText('Wij helpen u graag, ook op de tv.')).toBeVisible();
  await expect(page.getByTestId('display-offline')).toContainText('Offline sinds');
  await expect(page.getByText('Dit ziet de ingetrokken tv niet.')).toHaveCount(0);
});

test('with the server gone, a reloaded TV still shows the rules with the offline mark, and recovers by itself', async ({ page }) => {
  // A cold server start is slow on a busy machine, and the page then waits out its backoff (at most 30 s).
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  const pc = await organisationAt(await site(), 'Gemeente Zwolle');
  await publishVersion(server.url, pc, 'Gemeente Zwolle', 'Ook zonder server te lezen.');
  const tv = await displayLink(pc);
  await page.goto(tv.link);
  await expect(pageBody(page).getByText('Ook zonder server te lezen.')).toBeVisible();
  await expect(page.getByTestId('house-display')).toHaveAttribute('data-link', 'open');
  // The page stores its own files a moment after its first load; a TV is up far longer than that.
  await expect.poll(() => page.evaluate(async () => Boolean(await caches.match(`${location.pathname}${location.search}`)))).toBe(true);

  await server.stop();
  await page.reload();
  await expect(pageBody(page).getByText('Ook zonder server te lezen.')).toBeVisible();
  await expect(page.getByTestId('display-offline')).toContainText('Offline sinds');

  await server.restart();
  await expect(page.getByTestId('house-display')).toHaveAttribute('data-link', 'open', { timeout: 75_000 });
  await expect(page.getByTestId('display-offline')).toHaveCount(0);
});

test("at a shared site the display shows its own rules, then each partner's that shares them, in turn", async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const werkplein = await site();
  const gemeente = await organisationAt(werkplein, 'Gemeente Zwolle');
  const uwv = await organisationAt(werkplein, 'UWV');
  const belasting = await organisationAt(werkplein, 'Belastingdienst');
  await publishVersion(server.url, gemeente, 'Gemeente Zwolle', 'Regels van de gemeente.');
  await publishVersion(server.url, uwv, 'UWV', 'Regels van het UWV.');
  await publishVersion(server.url, belasting, 'Belastingdienst', 'Regels zonder afspraak.');
  // UWV agrees; the Belastingdienst, in the same building, does not.
  const agreement = await server.admin('/v1/admin/agreements', { site_id: werkplein, from_organisation_id: uwv.organisationId, to_organisation_id: gemeente.organisationId, share_alarms: false, share_warnings: false, share_house_rules: true });
  expect(agreement['id']).toBeTruthy();

  await page.clock.install();
  await page.goto((await displayLink(gemeente)).link);
  const shell = page.getByTestId('house-display');
  await expect(shell).toHaveAttribute('data-organisation', '1/2');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Gemeente Zwolle');
  await expect(pageBody(page).getByText('Regels van de gemeente.')).toBeVisible();
  const seen: string[] = [];
  for (let step = 0; step < 40 && seen.length < 3; step += 1) {
    await page.clock.runFor(ROTATE_MS);
    const name = (await page.locator('.house-organisation').textContent()) ?? '';
    if (seen.at(-1) !== name) seen.push(name);
  }
  // Every language of the gemeente, then UWV (from Dutch), then the gemeente again; never the Belastingdienst.
  expect(seen).toEqual(['Gemeente Zwolle', 'UWV', 'Gemeente Zwolle']);
  expect(await page.getByText('Regels zonder afspraak.').count()).toBe(0);
});
