import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../main/core/core.js';
import { silentLogger } from '../../main/core/logger.js';
import { ReadinessIndicator } from '../../renderer/src/alarm/ReadinessIndicator.js';
import { inProcessApi } from '../support/core.js';
import { renderWithApi } from '../support/render.js';
import { tempDir } from '../support/temp-dir.js';
import { TEST_STORE_KEY } from '../support/test-keys.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  cleanup();
  for (const close of cleanups.splice(0).reverse()) await close();
});

describe('<ReadinessIndicator>', () => {
  it('is grey and says so when the alarm reaches nobody', async () => {
    const core: Core = openCore({ storeKey: TEST_STORE_KEY, dataDir: tempDir(), logger: silentLogger() });
    cleanups.push(() => core.close());
    renderWithApi(<ReadinessIndicator />, inProcessApi(core, 'counter'));
    const indicator = await screen.findByTestId('alarm-readiness');
    expect(indicator).toHaveTextContent('Alarm bereikt niemand');
    expect(indicator).toHaveAttribute('data-reachable', 'false');
  });

  it('offers a test alarm, in English too, which the core raises as a drill', async () => {
    const core: Core = openCore({ storeKey: TEST_STORE_KEY, dataDir: tempDir(), logger: silentLogger() });
    cleanups.push(() => core.close());
    await core.dispatch({ role: 'admin', session: 't' }, 'settings.update', { organisationName: 'Gemeente', siteName: 'Stadskantoor', deskName: 'Balie 1', floor: '', serverUrl: '' });
    renderWithApi(<ReadinessIndicator />, inProcessApi(core, 'counter'), 'en');
    await screen.findByText('Alarm reaches nobody');
    await userEvent.click(screen.getByRole('button', { name: 'Test alarm' }));
    // Recorded like any alarm, marked as a drill; receivers show it as TEST.
    await waitFor(() => expect(core.store.read.prepare("SELECT kind, level, drill FROM alarm_event").all()).toEqual([{ kind: 'raised', level: 'assist', drill: 1 }]));
  });
});
