import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResponderStatus, SenderStatus } from '../../shared/alarm/alarm-contract.js';
import { AlarmOverlay } from '../../renderer/src/alarm/AlarmOverlay.js';
import { alarmsToShow } from '../../renderer/src/alarm/alarm-order.js';
import { SenderControls } from '../../renderer/src/alarm/SenderControls.js';
import { inProcessApi, trackedCores } from '../support/core.js';
import { renderWithApi } from '../support/render.js';
import { call, deskCaller, signIn, staffedDesk } from '../support/staff.js';

afterEach(cleanup);
const openCore = trackedCores(afterEach);

let counter = 0;
function responder(overrides: Partial<ResponderStatus> = {}): ResponderStatus {
  counter += 1;
  return {
    alarmId: `8a7e1f0c-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    level: 'assist',
    drill: false,
    from: { desk: `Balie ${counter}`, floor: '1', person: '', site: 'Stadskantoor' },
    raisedAt: new Date(Date.UTC(2026, 10, 30, 9, counter)).toISOString(),
    phase: 'alerting',
    others: {},
    step: 0,
    duress: false,
    sound: true,
    ...overrides,
  };
}

describe('which alarms take the screen', () => {
  it('a live alarm always wins over an ended one, and several live ones come most severe, then newest, first', () => {
    const resolvedOld = responder({ phase: 'resolved', sound: false });
    const assistOlder = responder();
    const assistNewer = responder();
    const emergency = responder({ level: 'emergency' });
    const duress = responder({ level: 'emergency', duress: true });
    expect(alarmsToShow([resolvedOld, assistOlder]).map((status) => status.alarmId)).toEqual([assistOlder.alarmId]);
    expect(alarmsToShow([resolvedOld, assistOlder, emergency, assistNewer, duress]).map((status) => status.alarmId)).toEqual([duress.alarmId, emergency.alarmId, assistNewer.alarmId, assistOlder.alarmId]);
    // Only when nothing is live is the ended one shown, to be closed.
    expect(alarmsToShow([resolvedOld])).toEqual([resolvedOld]);
  });

  it('shows every live alarm, focuses the most urgent, and never says "nobody yet" to someone who is coming', async () => {
    const core = openCore();
    const coming = responder({ phase: 'coming', sound: false, others: { 'pc-9': { answer: 'coming', name: 'Piet Bakker' }, 'pc-8': { answer: 'cannot_come', name: 'Balie 8' } } });
    const alone = responder({ phase: 'coming', sound: false });
    const emergency = responder({ level: 'emergency' });
    renderWithApi(<AlarmOverlay alarms={alarmsToShow([coming, alone, emergency])} onStatus={() => undefined} onClose={() => undefined} />, inProcessApi(core));
    const dialog = screen.getByRole('alertdialog');
    expect(within(dialog).getByText('3 alarmen tegelijk')).toBeTruthy();
    const cards = within(dialog).getAllByRole('region');
    expect(cards.map((card) => within(card).getByRole('heading').textContent)).toEqual(['NOOD – GEVAAR', 'ASSISTENTIE GEVRAAGD', 'ASSISTENTIE GEVRAAGD']);
    expect(document.activeElement).toBe(within(cards[0] as HTMLElement).getByRole('button', { name: 'Ik kom' }));
    expect(within(cards[1] as HTMLElement).getByTestId('alarm-others').textContent).toBe('Nog geen andere collega onderweg.');
    expect(within(cards[2] as HTMLElement).getByTestId('alarm-others').textContent).toBe('Ook onderweg: Piet Bakker');
    expect(within(cards[2] as HTMLElement).getByText('Kan niet: Balie 8')).toBeTruthy();
    expect(screen.getByTestId('alarm-sound')).toBeTruthy();
  });

  it('a duress alarm says so in words, as an emergency', () => {
    const core = openCore();
    renderWithApi(<AlarmOverlay alarms={[responder({ duress: true, level: 'emergency' })]} onStatus={() => undefined} onClose={() => undefined} />, inProcessApi(core));
    expect(screen.getByRole('heading').textContent).toBe('NOOD – GEVAAR');
    expect(screen.getByText(/DWANG: de melder is gedwongen/)).toBeTruthy();
  });
});

describe('the sender\'s discreet line', () => {
  const base: SenderStatus = { alarmId: '8a7e1f0c-0000-4000-8000-0000000000aa', level: 'assist', drill: false, phase: 'delivered', deliveredTo: ['a', 'b', 'c'], coming: ['a', 'b'], cannotCome: [], names: { a: 'Piet Bakker', b: 'Balie 4', c: 'Els' }, step: 1, pac: 'delivered' };

  it('names who is coming, says it escalated, and what the alarm centre did', async () => {
    const core = openCore();
    renderWithApi(<SenderControls status={base} onStatus={() => undefined} fallbackPhone="" />, inProcessApi(core));
    expect((await screen.findByTestId('sender-status')).textContent).toContain('Afgeleverd bij 3 · Piet Bakker en Balie 4 komen · Opgeschaald · Meldkamer heeft het alarm');
  });

  it('in English too', async () => {
    const core = openCore();
    renderWithApi(<SenderControls status={{ ...base, coming: ['a'], step: 0, pac: 'failed' }} onStatus={() => undefined} fallbackPhone="" />, inProcessApi(core), 'en');
    expect((await screen.findByTestId('sender-status')).textContent).toContain('Delivered to 3 · Piet Bakker is coming · Alarm centre not reached');
  });

  it('someone with a duress PIN types a PIN to cancel: a wrong one says so, the duress one looks like any cancel', async () => {
    const core = openCore();
    const people = await staffedDesk(core);
    await signIn(core, people.admin);
    await call(core, 'staff.update', { id: people.anna.id, duressPin: '9999' });
    await signIn(core, people.anna);
    const raised = await call<SenderStatus>(core, 'alarm.raise', { level: 'assist' });
    const statuses: SenderStatus[] = [];
    core.bus.subscribe((event, payload) => {
      if (event === 'alarm.sender') statuses.push(payload as SenderStatus);
    });
    renderWithApi(<SenderControls status={raised} onStatus={() => undefined} fallbackPhone="" />, inProcessApi(core, 'counter', deskCaller.session));
    await userEvent.click(await screen.findByRole('button', { name: 'Annuleren' }));
    const pin = await screen.findByLabelText('Pincode');
    expect(document.activeElement).toBe(pin);
    await userEvent.type(pin, '5555{Enter}');
    expect(await screen.findByText('Deze pincode klopt niet. Het alarm loopt door.')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('Pincode'), '9999{Enter}');
    await waitFor(() => expect(statuses.at(-1)?.phase).toBe('cancelled'));
    expect(core.store.read.prepare("SELECT kind FROM alarm_event WHERE alarm_id = ? AND kind = 'duress'").pluck().all(raised.alarmId)).toEqual(['duress']);
    expect(screen.queryByLabelText('Pincode')).toBeNull();
  });

  it('without a duress PIN, cancel asks nothing', async () => {
    const core = openCore();
    const people = await staffedDesk(core);
    await signIn(core, people.anna);
    const raised = await call<SenderStatus>(core, 'alarm.raise', { level: 'assist' });
    renderWithApi(<SenderControls status={raised} onStatus={() => undefined} fallbackPhone="" />, inProcessApi(core, 'counter', deskCaller.session));
    await userEvent.click(await screen.findByRole('button', { name: 'Annuleren' }));
    await waitFor(() => expect(core.store.read.prepare("SELECT kind FROM alarm_event WHERE alarm_id = ? AND kind = 'cancelled'").pluck().all(raised.alarmId)).toEqual(['cancelled']));
    expect(screen.queryByLabelText('Pincode')).toBeNull();
    expect(await core.dispatch(deskCaller, 'session.current', {})).toMatchObject({ ok: true, value: { cancelNeedsPin: false } });
  });
  it('a press on a PC nobody has set up says at once that it did not go out, why, and whom to call', async () => {
    // A real core that has no organisation, site or desk: it refuses the alarm.
    const core = openCore();
    const statuses: SenderStatus[] = [];
    renderWithApi(<SenderControls status={null} onStatus={(status) => statuses.push(status)} fallbackPhone="030 123 45 67" />, inProcessApi(core));
    await userEvent.click(await screen.findByRole('button', { name: 'Nood' }));
    const refused = await screen.findByRole('alert');
    expect(refused.textContent).toBe('ALARM NIET VERSTUURD: deze pc is nog niet gekoppeld aan een organisatie en balie, dus niemand kan het horen. Vraag de beheerder dit onder Instellingen te doen. – Bel 030 123 45 67');
    expect(statuses).toEqual([]);
  });

  it('and by the shortcut, in English, with the emergency line when no number is set', async () => {
    const core = openCore();
    renderWithApi(<SenderControls status={null} onStatus={() => undefined} fallbackPhone="" />, inProcessApi(core), 'en');
    await userEvent.keyboard('{Control>}{Alt>}h{/Alt}{/Control}');
    expect((await screen.findByRole('alert')).textContent).toBe('ALARM NOT SENT: this PC is not yet linked to an organisation and desk, so nobody can hear it. Ask the administrator to do this under Settings. – Call the emergency line');
  });
});
