import { z } from 'zod';
import { defineCall } from './define.js';
import { adminOnly, anyStaff } from './roles.js';
import { deviceSettingsInputSchema, deviceStatusSchema, localeSchema } from '../domain/directory.js';
import { enrolInputSchema, syncStatusSchema } from '../domain/sync-status.js';
import { readinessSchema } from '../alarm/readiness.js';
import { alarmIdInputSchema, answerInputSchema, raiseInputSchema, responderStatusSchema, senderStatusSchema } from '../alarm/alarm-contract.js';

const noInput = z.strictObject({});

/** Every call the renderer can make to the core. One list, both transports. */
export const calls = {
  'device.status': defineCall({
    summary: "Where this device stands: organisation, site, desk and connection state.",
    input: noInput,
    output: deviceStatusSchema,
    roles: anyStaff,
  }),
  'settings.get': defineCall({
    summary: 'The values an administrator last saved, or null on a new device.',
    input: noInput,
    output: deviceSettingsInputSchema.nullable(),
    roles: adminOnly,
  }),
  'settings.update': defineCall({
    summary: "Save the device's organisation, site, desk and server URL.",
    input: deviceSettingsInputSchema,
    output: deviceStatusSchema,
    roles: adminOnly,
  }),
  'settings.setLocale': defineCall({
    summary: 'Choose the language of this device.',
    input: z.strictObject({ locale: localeSchema }),
    output: deviceStatusSchema,
    roles: anyStaff,
  }),
  'sync.status': defineCall({
    summary: 'Replication state: last sync, changes waiting, refusals, errors.',
    input: noInput,
    output: syncStatusSchema,
    roles: anyStaff,
  }),
  'sync.now': defineCall({
    summary: 'Synchronise with the central server now.',
    input: noInput,
    output: syncStatusSchema,
    roles: anyStaff,
  }),
  'sync.enrol': defineCall({
    summary: 'Trade a one-time enrolment code for this device\'s credential at the configured server.',
    input: enrolInputSchema,
    output: syncStatusSchema,
    roles: adminOnly,
  }),
  'alarm.raise': defineCall({
    summary: 'Raise the silent alarm from this desk (persisted first, then sent on every path).',
    input: raiseInputSchema,
    output: senderStatusSchema,
    roles: anyStaff,
  }),
  'alarm.readiness': defineCall({
    summary: 'Can this desk\'s alarm reach anyone now: responders heard on each path.',
    input: noInput,
    output: readinessSchema,
    roles: anyStaff,
  }),
  'alarm.answer': defineCall({
    summary: "A responder's answer: I'm coming, or I can't come.",
    input: answerInputSchema,
    output: responderStatusSchema,
    roles: anyStaff,
  }),
  'alarm.cancel': defineCall({
    summary: 'Cancel an alarm; everyone sees it as cancelled.',
    input: alarmIdInputSchema,
    output: z.object({ alarmId: z.string() }),
    roles: anyStaff,
  }),
  'alarm.resolve': defineCall({
    summary: 'Resolve an alarm; everyone sees it as resolved.',
    input: alarmIdInputSchema,
    output: z.object({ alarmId: z.string() }),
    roles: anyStaff,
  }),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
export type CallParsedInput<N extends CallName> = z.output<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}
