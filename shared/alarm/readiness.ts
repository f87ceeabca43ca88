import { z } from 'zod';
import { idSchema } from '../domain/ids.js';
import { alarmMessageSchema } from './alarm-message.js';

/** Every PC says "I am here" this often, on each path it has (docs/alarm.md, readiness). */
export const BEAT_MS = 5_000;
/** A PC that missed this many beats in a row counts as offline. */
export const MISSED_BEATS_OFFLINE = 3;

/**
 * Which group a PC belongs to: 0 = never alerted (a display, a back office), 1 = alerted at
 * once, 2 and 3 = alerted when the alarm escalates to them (the whole site, security).
 */
export const alarmGroupSchema = z.number().int().min(0).max(3);
export type AlarmGroup = z.infer<typeof alarmGroupSchema>;

/** A signed "I am here, in this group" from one PC; never recorded, only counted. */
export const beaconSchema = z.strictObject({
  v: z.literal(1),
  beacon: z.literal(true),
  message_id: idSchema,
  organisation_id: idSchema,
  site_id: idSchema,
  device_id: idSchema,
  group: alarmGroupSchema,
  at: z.iso.datetime(),
});
export type Beacon = z.infer<typeof beaconSchema>;

/** What travels on an alarm path: an alarm event or a beacon. Both are strict, so exactly one matches. */
export const pathMessageSchema = z.union([alarmMessageSchema, beaconSchema]);
export type PathMessage = z.infer<typeof pathMessageSchema>;

export const isBeacon = (message: PathMessage): message is Beacon => 'beacon' in message;

/** What counting a peer needs of its beacon: which PC, in which group. */
export type PeerBeat = Pick<Beacon, 'device_id' | 'group'>;

/**
 * A beacon as the server relays it in a batch, `[device_id, group]`: the server checked the
 * sender's credential and audience, and the receiver counts the peer when it arrives.
 */
export const relayedBeatSchema = z.tuple([idSchema, alarmGroupSchema]);
export const relayedBeat = (beacon: Beacon): z.infer<typeof relayedBeatSchema> => [beacon.device_id, beacon.group];

/** What a counter shows, discreetly: can my alarm reach anyone, and how many. */
export const readinessSchema = z.object({
  /** Responders of the first group heard from recently, on any path. */
  responders: z.number().int().min(0),
  /** Responders who are alerted only when the alarm escalates. */
  escalation: z.number().int().min(0),
  paths: z.object({ server: z.boolean(), lan: z.boolean() }),
  reachable: z.boolean(),
});
export type Readiness = z.infer<typeof readinessSchema>;
