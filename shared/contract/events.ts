import { defineEvent } from './define.js';
import { anyStaff, displayAndStaff } from './roles.js';
import { deviceStatusSchema } from '../domain/directory.js';
import { syncStatusSchema } from '../domain/sync-status.js';
import { responderStatusSchema, senderStatusSchema } from '../alarm/alarm-contract.js';
import { readinessSchema } from '../alarm/readiness.js';
import { deskSessionSchema } from '../domain/staff.js';
import { z } from 'zod';

/** Every event the core pushes to the renderer. */
export const events = {
  'device.statusChanged': defineEvent({
    summary: 'The device status changed (settings saved, connection state moved).',
    payload: deviceStatusSchema,
    roles: anyStaff,
  }),
  'sync.statusChanged': defineEvent({
    summary: 'Replication state changed (a sync ran, a change was queued, an error).',
    payload: syncStatusSchema,
    roles: anyStaff,
  }),
  'alarm.sender': defineEvent({
    summary: "The discreet status of this desk's own alarm.",
    payload: senderStatusSchema,
    roles: anyStaff,
  }),
  'alarm.responder': defineEvent({
    summary: 'An alarm this PC must show: open the alarm window, sound while alerting.',
    payload: responderStatusSchema,
    roles: anyStaff,
  }),
  'alarm.readiness': defineEvent({
    summary: 'Whether this desk\'s alarm can reach anyone now, and how many responders are there.',
    payload: readinessSchema,
    roles: anyStaff,
  }),
  'session.changed': defineEvent({
    summary: 'Someone signed in or out at this desk.',
    payload: deskSessionSchema,
    roles: anyStaff,
  }),
  'incidents.changed': defineEvent({
    summary: 'Incidents or their follow-up changed on this PC: lists and worklists reload.',
    payload: z.object({ id: z.string().optional() }),
    roles: anyStaff,
  }),
  'houseRules.changed': defineEvent({
    summary: 'What a display shows may have changed (a version published, an override set, rows synced): ask again.',
    payload: z.object({}),
    roles: displayAndStaff,
  }),
  'orgTheme.changed': defineEvent({
    summary: "The organisation's logo or colours changed (saved here, or rows synced): ask again.",
    payload: z.object({}),
    roles: anyStaff,
  }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}
