import type { RecordField, RecordForm } from './record-fields.js';

/**
 * Typed text that has not reached the core yet (the connection dropped, or the value is
 * not valid yet) is kept in this browser's storage until it is saved, so closing the
 * screen or the window never loses it. Storage that is full or off just means no backup.
 */
const keyOf = (incidentId: string) => `vangnet.unsaved.${incidentId}`;

export function readUnsaved(incidentId: string): Partial<RecordForm> {
  try {
    const raw = window.localStorage.getItem(keyOf(incidentId));
    return raw ? (JSON.parse(raw) as Partial<RecordForm>) : {};
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
