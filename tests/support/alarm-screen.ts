import type { VangnetApi } from '../../shared/contract/api.js';

/**
 * Makes a contract connection behave as an open page that shows alarms, as the renderer
 * does: it registers as a screen and confirms each alarm it shows ("delivered" means that).
 */
export async function actAsScreen(api: VangnetApi): Promise<() => void> {
  const confirmed = new Set<string>();
  const off = api.on('alarm.responder', (status) => {
    if (status.phase === 'cancelled' || status.phase === 'resolved' || confirmed.has(status.alarmId)) return;
    confirmed.add(status.alarmId);
    void api.invoke('alarm.shown', { alarmId: status.alarmId });
  });
  const result = await api.invoke('alarm.active', { asScreen: true });
  if (!result.ok) throw new Error(`could not register as a screen: ${result.error.code}`);
  return off;
}
