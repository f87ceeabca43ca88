import type { ResponderStatus } from '../../../shared/alarm/alarm-contract.js';

export const isLive = (status: ResponderStatus) => status.phase !== 'cancelled' && status.phase !== 'resolved';
const severity = (status: ResponderStatus) => (status.duress ? 2 : status.level === 'emergency' ? 1 : 0);

/**
 * What the alarm screen shows: every live alarm, most severe first, then newest. An ended
 * alarm is shown (to be closed) only while no live one is waiting: it must never hide one.
 */
export function alarmsToShow(all: readonly ResponderStatus[]): ResponderStatus[] {
  const byUrgency = (a: ResponderStatus, b: ResponderStatus) => severity(b) - severity(a) || Date.parse(b.raisedAt) - Date.parse(a.raisedAt);
  const live = all.filter(isLive).sort(byUrgency);
  return live.length > 0 ? live : all.filter((status) => !isLive(status)).sort(byUrgency).slice(0, 1);
}
