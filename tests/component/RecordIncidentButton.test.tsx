import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { SenderStatus } from '../../shared/alarm/alarm-contract.js';
import { SenderControls } from '../../renderer/src/alarm/SenderControls.js';
import { inProcessApi, trackedCores } from '../support/core.js';
import { renderWithApi } from '../support/render.js';
import { call, signIn, staffedDesk } from '../support/staff.js';

afterEach(cleanup);
const openCore = trackedCores(afterEach);

describe('resolve → incident', () => {
  it('the sender\'s line offers to record the resolved alarm as an incident draft, and opens it', async () => {
    const core = openCore();
    const people = await staffedDesk(core);
    await signIn(core, people.anna);
    const raised = await call<SenderStatus>(core, 'alarm.raise', { level: 'assist' });
    await call(core, 'alarm.resolve', { alarmId: raised.alarmId });
    renderWithApi(<SenderControls status={{ ...raised, phase: 'resolved' }} onStatus={() => undefined} fallbackPhone="" />, inProcessApi(core));
    await userEvent.click(await screen.findByRole('button', { name: 'Incident vastleggen' }));
    await waitFor(() => expect(window.location.hash).toMatch(/^#\/incidents\/[0-9a-f-]{36}$/));
    const id = window.location.hash.split('/')[2];
    expect(core.store.read.prepare('SELECT status, alarm_id FROM incident WHERE id = ?').get(id)).toEqual({ status: 'draft', alarm_id: raised.alarmId });
  });

  it('a drill is not an incident: no offer', async () => {
    const core = openCore();
    renderWithApi(<SenderControls status={{ alarmId: '8a7e1f0c-0000-4000-8000-000000000000', level: 'assist', drill: true, phase: 'resolved', deliveredTo: [], coming: [], cannotCome: [], names: {}, step: 0, pac: 'none' }} onStatus={() => undefined} fallbackPhone="" />, inProcessApi(core));
    await screen.findByTestId('sender-status');
    expect(screen.queryByRole('button', { name: 'Incident vastleggen' })).toBeNull();
  });
});
