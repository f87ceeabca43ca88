import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { AlarmMessage } from '../../shared/alarm/alarm-message.js';
import type { Beacon } from '../../shared/alarm/readiness.js';
import { newId } from '../../shared/domain/ids.js';

/** A fresh 32-byte Ed25519 seed: one organisation's LAN key, as a key file holds it. */
export const siteKey = () => randomBytes(32);

export function alarmMessage(overrides: Partial<AlarmMessage> = {}): AlarmMessage {
  return {
    v: 1,
    message_id: newId(),
    alarm_id: newId(),
    event: 'raised',
    level: 'assist',
    drill: false,
    organisation_id: newId(),
    site_id: newId(),
    from: { device_id: newId(), desk: 'Balie 3', floor: '1', person: 'J. de Vries', site: 'Stadskantoor' },
    at: new Date().toISOString(),
    step: 0,
    ...overrides,
  };
}

export function beaconMessage(overrides: Partial<Beacon> = {}): Beacon {
  return { v: 1, beacon: true, message_id: newId(), organisation_id: newId(), site_id: newId(), device_id: newId(), group: 1, at: new Date().toISOString(), ...overrides };
}

/** A real pino logger whose lines a test can read back. */
export function capturingLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines: () => lines };
}
