import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { HouseRulesScreen } from '../../renderer/src/house-rules/HouseRulesScreen.js';
import type { DisplaySnapshot } from '../../shared/house-rules/house-rules-contract.js';
import { inProcessApi, openTestCore } from '../support/core.js';
import { renderWithApi } from '../support/render.js';

afterEach(cleanup);

/** A PC in set-up mode (nobody on staff yet), so the administrator may write the house rules. */
async function editor() {
  const core = openTestCore();
  const saved = await core.dispatch({ role: 'admin', session: 'desk' }, 'settings.update', { organisationName: 'Gemeente Zwolle', siteName: 'Stadskantoor', deskName: 'Balie 3', floor: '1', serverUrl: '' });
  expect(saved.ok).toBe(true);
  renderWithApi(<HouseRulesScreen />, inProcessApi(core));
  await screen.findByLabelText('Naam van de organisatie op het scherm');
  return { core, user: userEvent.setup() };
}

const versionCount = (core: ReturnType<typeof openTestCore>) => core.store.read.prepare("SELECT count(*) FROM replica_row WHERE entity = 'house_rules_version'").pluck().get();

describe('<HouseRulesScreen>', () => {
  it('starts from the default text in Dutch beside English, and says nothing is published yet', async () => {
    await editor();
    expect((screen.getByLabelText('Wat de bezoeker van ons mag verwachten (Nederlands)') as HTMLTextAreaElement).value).toContain('Wij behandelen u met respect.');
    expect((screen.getByLabelText('Wat de bezoeker van ons mag verwachten (English)') as HTMLTextAreaElement).value).toContain('We treat you with respect.');
    expect(screen.getByText('Nog niets gepubliceerd: de schermen tonen de standaardtekst.')).toBeInTheDocument();
  });

  it('says beside the field that Dutch is required, and publishes nothing', async () => {
    const { core, user } = await editor();
    const dutch = screen.getByLabelText('Wat wij niet tolereren (Nederlands)');
    await user.clear(dutch);
    expect(dutch).toHaveAttribute('aria-invalid', 'true');
    expect(dutch).toHaveAccessibleDescription('Vul de Nederlandse tekst in: dit deel is verplicht.');
    await user.click(screen.getByRole('button', { name: 'Publiceren' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Er is nog 1 punt om te verbeteren');
    expect(versionCount(core)).toBe(0);
  });

  it('says how much too long a text is to fit the screen, and that a half-filled language must be completed or left empty', async () => {
    const { user } = await editor();
    const dutch = screen.getByLabelText('Wat er dan gebeurt (Nederlands)');
    fireEvent.change(dutch, { target: { value: 'x'.repeat(433) } });
    expect(dutch).toHaveAccessibleDescription('Te lang om op het scherm te passen: 13 tekens te veel (maximaal 420).');
    await user.selectOptions(screen.getByLabelText('Taal naast het Nederlands'), 'Polski');
    await user.clear(screen.getByLabelText('Wat wij van de bezoeker verwachten (Polski)'));
    expect(screen.getByLabelText('Wat wij van de bezoeker verwachten (Polski)')).toHaveAccessibleDescription('Vul dit deel ook in, of laat deze taal helemaal leeg.');
  });

  it('refuses a start time in the past for a new version', async () => {
    await editor();
    const start = screen.getByLabelText('Tonen vanaf (leeg: meteen)');
    fireEvent.change(start, { target: { value: '01-01-2020 09:00' } });
    expect(start).toHaveAccessibleDescription('dd-mm-jjjj uu:mm, bijvoorbeeld 31-01-2026 14:30 Deze starttijd ligt in het verleden. Kies een tijd vanaf nu, of laat het veld leeg om meteen te publiceren.');
  });

  it('a start typed as a time that does not exist publishes nothing, where an empty start would publish at once', async () => {
    const { core, user } = await editor();
    fireEvent.change(screen.getByLabelText('Wat de bezoeker van ons mag verwachten (Nederlands)'), { target: { value: 'Wij helpen u graag.' } });
    const start = screen.getByLabelText('Tonen vanaf (leeg: meteen)');
    await user.type(start, '30-02-2030 09:00');
    await user.click(screen.getByRole('button', { name: 'Publiceren' }));
    expect(await screen.findByText('Deze datum of tijd bestaat niet. Kijk de dag, de maand en de tijd na.')).toBeInTheDocument();
    expect(start).toHaveFocus();
    const shown = await core.dispatch({ role: 'display', session: 'tv' }, 'houseRules.display', {});
    expect(shown.ok && (shown.value as DisplaySnapshot).content.texts.nl.weOffer).not.toBe('Wij helpen u graag.');
  });

  it('publishes a valid text: the history shows it on screen now, and the display call returns it', async () => {
    const { core, user } = await editor();
    const dutch = screen.getByLabelText('Wat de bezoeker van ons mag verwachten (Nederlands)');
    fireEvent.change(dutch, { target: { value: 'Wij helpen u graag.' } });
    await user.click(screen.getByRole('button', { name: 'Publiceren' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Gepubliceerd.');
    expect(within(screen.getByRole('list', { name: '' })).getByText('Nu op het scherm')).toBeInTheDocument();
    const shown = await core.dispatch({ role: 'display', session: 'tv' }, 'houseRules.display', {});
    expect(shown.ok && (shown.value as DisplaySnapshot).content.texts.nl.weOffer).toBe('Wij helpen u graag.');
  });

  it('shows an override only once Dutch is filled in', async () => {
    const { core, user } = await editor();
    await user.click(screen.getByRole('button', { name: 'Mededeling tonen' }));
    expect(screen.getByLabelText('Mededeling (Nederlands)')).toHaveAccessibleDescription('Vul de Nederlandse mededeling in.');
    await user.type(screen.getByLabelText('Mededeling (Nederlands)'), 'Vandaag alleen op afspraak');
    await user.type(screen.getByLabelText('Mededeling (English)'), 'Today by appointment only');
    await user.click(screen.getByRole('button', { name: 'Mededeling tonen' }));
    expect(await screen.findByText('De mededeling staat op de schermen.')).toBeInTheDocument();
    const shown = await core.dispatch({ role: 'display', session: 'tv' }, 'houseRules.display', {});
    expect(shown.ok && (shown.value as DisplaySnapshot).override?.messages).toEqual({ nl: 'Vandaag alleen op afspraak', en: 'Today by appointment only' });
  });
});
