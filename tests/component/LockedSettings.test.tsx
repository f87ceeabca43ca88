import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../main/core/core.js';
import { silentLogger } from '../../main/core/logger.js';
import { LanguageSwitch } from '../../renderer/src/components/LanguageSwitch.js';
import { SettingsScreen } from '../../renderer/src/screens/SettingsScreen.js';
import { parseMachineConfig } from '../../shared/deployment/machine-config.js';
import { inProcessApi } from '../support/core.js';
import { renderWithApi } from '../support/render.js';
import { tempDir } from '../support/temp-dir.js';
import { TEST_STORE_KEY } from '../support/test-keys.js';

const cores: Core[] = [];
afterEach(async () => {
  cleanup();
  for (const core of cores.splice(0)) await core.close();
});

function coreWith(config: object): Core {
  const core = openCore({ dataDir: tempDir(), storeKey: TEST_STORE_KEY, logger: silentLogger(), machineConfig: parseMachineConfig(JSON.stringify({ version: 1, ...config }), 'config.json').config });
  cores.push(core);
  return core;
}

describe('settings IT locked', () => {
  it("the server address shows IT's value, read-only, with a note; the rest of the form still saves", async () => {
    const core = coreWith({ serverUrl: 'https://vangnet.zwolle.nl', locked: ['serverUrl'] });
    renderWithApi(<SettingsScreen />, inProcessApi(core));
    const field = screen.getByLabelText('Adres van de centrale server');
    await waitFor(() => expect(field).toHaveValue('https://vangnet.zwolle.nl'));
    expect(field).toHaveAttribute('readonly');
    expect(field).toHaveAccessibleDescription(expect.stringContaining('Ingesteld door uw ICT-afdeling; dit kunt u hier niet wijzigen.') as string);
    const user = userEvent.setup();
    await user.type(field, 'x');
    expect(field).toHaveValue('https://vangnet.zwolle.nl');
    await user.type(screen.getByLabelText('Naam van de organisatie'), 'Gemeente Zwolle');
    await user.type(screen.getByLabelText('Naam van de locatie (gebouw)'), 'Stadskantoor');
    await user.type(screen.getByLabelText('Naam van de balie of werkplek'), 'Balie 2');
    await user.click(screen.getByRole('button', { name: 'Opslaan' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Instellingen opgeslagen.');
    expect(core.store.read.prepare('SELECT server_url FROM device_settings').pluck().get()).toBe('https://vangnet.zwolle.nl');
  });

  it('an address that is not locked stays editable, without the note', async () => {
    const core = coreWith({ serverUrl: 'https://vangnet.zwolle.nl' });
    renderWithApi(<SettingsScreen />, inProcessApi(core));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Opslaan' })).toBeEnabled());
    expect(screen.getByLabelText('Adres van de centrale server')).not.toHaveAttribute('readonly');
    expect(screen.queryByText('Ingesteld door uw ICT-afdeling; dit kunt u hier niet wijzigen.')).toBeNull();
  });

  it("a locked language: the switch is disabled and says why, and the PC starts in IT's language", async () => {
    const core = coreWith({ language: 'en', locked: ['language'] });
    expect(core.store.read.prepare('SELECT locale FROM device_settings').pluck().get()).toBe('en');
    renderWithApi(<LanguageSwitch />, inProcessApi(core), 'en');
    const select = screen.getByRole('combobox');
    await waitFor(() => expect(select).toBeDisabled());
    expect(select).toHaveAttribute('title', 'Set by your IT department; it cannot be changed here.');
  });
});
