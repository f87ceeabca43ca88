import { z } from 'zod';
import { alarmEventKindSchema, alarmLevelSchema } from '../alarm/alarm-message.js';
import { aggressionFormSchema, incidentChannelSchema, incidentStatusSchema } from '../domain/incident.js';

/**
 * How replicas settle concurrent writes to one entity (design §6):
 * - `lww`: each field keeps the value with the newest HLC; a delete is a field too,
 *   and no update can clear it, so nothing is revived.
 * - `append-only`: written once, exactly once by id; any later patch is refused.
 */
export type MergeRule = 'lww' | 'append-only';

export interface EntityDefinition {
  readonly merge: MergeRule;
  /** Value schema for each field a patch may carry. */
  readonly fields: Readonly<Record<string, z.ZodType>>;
  /** Fields a first write must carry. */
  readonly requiredOnInsert: readonly string[];
}

export const DELETED_FIELD = '_deleted';
const deleted = z.literal(true);
const text = (max: number) => z.string().max(max);

export const entities = {
  incident: {
    merge: 'lww',
    fields: {
      occurred_at: z.iso.datetime(),
      channel: incidentChannelSchema,
      forms: z.array(aggressionFormSchema).min(1).max(7),
      desk_name: text(80),
      narrative: text(10_000),
      status: incidentStatusSchema,
      [DELETED_FIELD]: deleted,
    },
    requiredOnInsert: ['occurred_at', 'channel', 'forms', 'status'],
  },
  alarm_event: {
    merge: 'append-only',
    fields: {
      alarm_id: z.uuid(),
      kind: alarmEventKindSchema,
      level: alarmLevelSchema,
      at: z.iso.datetime(),
      drill: z.boolean(),
      by_device: z.uuid(),
      desk: text(80),
      floor: text(40),
      person: text(120),
      step: z.number().int().min(0).max(10),
      note: text(500),
    },
    requiredOnInsert: ['alarm_id', 'kind', 'level', 'at'],
  },
} as const satisfies Record<string, EntityDefinition>;

export type EntityName = keyof typeof entities;
export const entityNames = Object.keys(entities) as EntityName[];

export function isEntityName(name: unknown): name is EntityName {
  return typeof name === 'string' && Object.hasOwn(entities, name);
}
