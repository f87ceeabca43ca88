import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { OrgThemeForm } from '../../renderer/src/theme/OrgThemeForm.js';
import { orgThemeCss } from '../../renderer/src/theme/org-theme-sheet.js';
import { DEFAULT_ORG_THEME, orgThemeLimits } from '../../shared/theme/org-theme.js';
import { inProcessApi, openTestCore } from '../support/core.js';
import { tinyPng } from '../support/images.js';
import { renderWithApi } from '../support/render.js';
import { signIn, staffedDesk } from '../support/staff.js';

afterEach(cleanup);

async function adminDesk() {
  const core = openTestCore();
  const people = await staffedDesk(core);
  await signIn(core, people.admin);
  return core;
}
const savedTheme = (core: ReturnType<typeof openTestCore>) => {
  const data = core.store.read.prepare('SELECT data FROM org_theme').pluck().get() as string | undefined;
  return data ? (JSON.parse(data) as unknown) : null;
};
const pngFile = (name = 'logo.png') => new File([Buffer.from(tinyPng.split(',')[1] ?? '', 'base64')], name, { type: 'image/png' });

describe('<OrgThemeForm>', () => {
  it('refuses a faint colour in words, naming the ratio and the way to go, and saves nothing', async () => {
    const core = await adminDesk();
    renderWithApi(<OrgThemeForm />, inProcessApi(core));
    const primary = await screen.findByLabelText('Hoofdkleur (knoppen en links)');
    expect(primary).toHaveValue(DEFAULT_ORG_THEME.primary);
    const user = userEvent.setup();
    await user.clear(primary);
    await user.type(primary, '#EEEEEE');
    const header = screen.getByLabelText('Achtergrond van de kopbalk');
    await user.clear(header);
    await user.type(header, '#333333');
    const accent = screen.getByLabelText('Accentkleur (lijnen en het gekozen menu-item)');
    await user.clear(accent);
    await user.type(accent, 'blauw');
    await user.click(screen.getByRole('button', { name: 'Huisstijl toepassen' }));
    expect(primary).toHaveAttribute('aria-invalid', 'true');
    expect(primary).toHaveAccessibleDescription(expect.stringContaining('Te weinig contrast: 1,16 : 1, er is minstens 4,5 : 1 nodig. Kies een donkerdere kleur.') as string);
    expect(header).toHaveAccessibleDescription(expect.stringContaining('Kies een lichtere kleur.') as string);
    expect(accent).toHaveAccessibleDescription(expect.stringContaining('Schrijf de kleur als # met zes tekens') as string);
    expect(savedTheme(core)).toBeNull();
  });

  it('sets readable colours and a PNG logo for the organisation, the same row the server gets', async () => {
    const core = await adminDesk();
    renderWithApi(<OrgThemeForm />, inProcessApi(core));
    const user = userEvent.setup();
    const primary = await screen.findByLabelText('Hoofdkleur (knoppen en links)');
    expect(primary).toHaveValue(DEFAULT_ORG_THEME.primary);
    await user.clear(primary);
    await user.type(primary, '#005A2B');
    await user.upload(screen.getByLabelText('Logo'), pngFile());
    expect(await screen.findByRole('img', { name: 'Huidig logo' })).toHaveAttribute('src', tinyPng);
    await user.click(screen.getByRole('button', { name: 'Huisstijl toepassen' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Opgeslagen. De andere werkplekken tonen het na de volgende synchronisatie.');
    expect(savedTheme(core)).toEqual({ ...DEFAULT_ORG_THEME, primary: '#005a2b', logo: tinyPng });
    // What the app lays over the default theme: the three properties, nothing else.
    expect(orgThemeCss({ ...DEFAULT_ORG_THEME, primary: '#005a2b' })).toBe(':root.vangnet-theme { --vangnet-primary: #005a2b; --vangnet-header-background: #f2f4f7; --vangnet-accent: #1f4e79; }');
    expect(orgThemeCss({ ...DEFAULT_ORG_THEME, primary: '#000; } body { display: none' })).toContain('--vangnet-primary: #1f4e79;');
  });

  it('refuses an SVG, a file that only calls itself PNG, and one too large, each in words', async () => {
    const core = await adminDesk();
    renderWithApi(<OrgThemeForm />, inProcessApi(core), 'en');
    const user = userEvent.setup({ applyAccept: false });
    const logo = await screen.findByLabelText('Logo');
    await user.upload(logo, new File(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], 'logo.svg', { type: 'image/svg+xml' }));
    await waitFor(() => expect(logo).toHaveAccessibleDescription(expect.stringContaining('This is not a PNG or JPEG image.') as string));
    // JPEG bytes under a PNG name and type.
    await user.upload(logo, new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1])], 'logo.png', { type: 'image/png' }));
    await waitFor(() => expect(logo).toHaveAccessibleDescription(expect.stringContaining('This file does not hold a PNG/JPEG image') as string));
    await user.upload(logo, new File([new Uint8Array(orgThemeLimits.logoBytes + 1)], 'huge.png', { type: 'image/png' }));
    await waitFor(() => expect(logo).toHaveAccessibleDescription(expect.stringContaining('The logo is 49 kB; at most 48 kB fits.') as string));
    expect(screen.queryByRole('img')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Apply house style' }));
    expect(savedTheme(core)).toBeNull();
    // A good file clears the complaint.
    await user.upload(logo, pngFile());
    expect(await screen.findByRole('img', { name: 'Current logo' })).toBeInTheDocument();
    await waitFor(() => expect(logo).not.toHaveAttribute('aria-invalid'));
  });
});
