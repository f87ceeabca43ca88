import { z } from 'zod';
import type { RecordField, RecordForm } from './record-fields.js';

/** The shape of what the form holds; anything else in storage (an older build, a hand edit) is ignored. */
const storedSchema = z
  .object({
    occurred_at: z.string(),
    channel: z.string(),
    forms: z.array(z.string()),
    location: z.string(),
    narrative: z.string(),
    causes: z.array(z.string()),
    task_at_the_time: z.string(),
    injury: z.boolean(),
    sick_leave_days: z.string(),
    damage_amount: z.string(),
    emotional_impact: z.string(),
    perpetrator_kind: z.string(),
    perpetrator_description: z.string(),
    means: z.string(),
    witnesses: z.string(),
    evidence: z.string(),
  } satisfies { [F in RecordField]: z.ZodType<RecordForm[F]> })
  .partial();

/**
 * Typed text that has not reached the core yet (the connection dropped, or the value is
 * not valid yet) is kept in this browser's storage until it is saved, so closing the
 * screen or the window never loses it. Storage that is full or off just means no backup.
 */
const keyOf = (incidentId: string) => `vangnet.unsaved.${incidentId}`;

export function readUnsaved(incidentId: string): Partial<RecordForm> {
  try {
    const raw = window.localStorage.getItem(keyOf(incidentId));
    const parsed = storedSchema.safeParse(raw ? JSON.parse(raw) : {});
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function keepUnsaved(incidentId: string, values: Partial<RecordForm>): void {
  try {
    window.localStorage.setItem(keyOf(incidentId), JSON.stringify({ ...readUnsaved(incidentId), ...values }));
  } catch {
    /* no room or no storage: the save itself is still on its way */
  }
}

export function forgetSaved(incidentId: string, fields: readonly RecordField[]): void {
  const rest = readUnsaved(incidentId);
  for (const field of fields) delete rest[field];
  try {
    if (Object.keys(rest).length === 0) window.localStorage.removeItem(keyOf(incidentId));
    else window.localStorage.setItem(keyOf(incidentId), JSON.stringify(rest));
  } catch {
    /* as above */
  }
}
