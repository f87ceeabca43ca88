import type { EventToken } from './dc09.js';

/**
 * What the server forwards, and how it reads to an alarm centre.
 * - An emergency is a panic: Contact ID 120 (E120), SIA `PA`.
 * - An assist nobody answered is a *silent* panic: the person at the desk is in trouble,
 *   asked quietly, and the visitor must not notice. Contact ID 122 (silent panic) says
 *   exactly that; its SIA counterpart is `HA` (hold-up, silent), as receivers map 122.
 * - A sender forced to cancel (a duress PIN): Contact ID 121 (duress), SIA `HA`, whatever the
 *   alarm was before and whether or not someone is coming.
 * - Cancelling or resolving a forwarded alarm: Contact ID 406 (cancel), SIA `OC` (cancel report).
 */
export type PacEventKind = 'emergency' | 'unanswered_assist' | 'duress' | 'cancel';

export interface PacEvent {
  kind: PacEventKind;
  /** The desk's name as staff typed it, e.g. "Balie 3". */
  desk: string;
  floor: string;
}

const contactIdCode: Record<PacEventKind, string> = { emergency: '120', unanswered_assist: '122', duress: '121', cancel: '406' };
const siaCode: Record<PacEventKind, string> = { emergency: 'PA', unanswered_assist: 'HA', duress: 'HA', cancel: 'OC' };

/** One partition per site: the site is the account. */
const PARTITION = 1;

/** The zone is the desk's number ("Balie 3" → 003), 000 when its name has none. */
export function zoneOfDesk(desk: string): number {
  const digits = /\d+/.exec(desk);
  return digits ? Number(digits[0]) % 1000 : 0;
}

/** Printable ASCII only: brackets and `|` would break the frame, and receivers differ on code pages. */
export function receiverText(text: string, max = 64): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|[[\]|]/g, '?')
    .trim()
    .slice(0, max);
}

/**
 * The `[...]` data and extended blocks for one event. Contact ID: `#acct|QEEE GG ZZZ`
 * (Q 1 = new event). SIA DCS: `#acct|NriG/CCzzz`. The desk and floor go in a DC-09
 * location block `[L...]`, which receivers that do not know it ignore.
 */
export function eventData(token: EventToken, account: string, event: PacEvent): { data: string; extended: string[] } {
  const zone = String(zoneOfDesk(event.desk)).padStart(3, '0');
  const data = token === 'ADM-CID' ? `#${account}|1${contactIdCode[event.kind]} ${String(PARTITION).padStart(2, '0')} ${zone}` : `#${account}|Nri${PARTITION}/${siaCode[event.kind]}${zone}`;
  const location = receiverText([event.desk, event.floor].filter((part) => part.trim() !== '').join(', '));
  return { data, extended: location ? [`L${location}`] : [] };
}
