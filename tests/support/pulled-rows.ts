import { pullResponseSchema, type PulledRow } from '../../shared/sync/protocol.js';

export interface PlainRow {
  entity: string;
  id: string;
  organisation_id: string;
  site_id: string;
  data: Record<string, unknown>;
  clocks: Record<string, string>;
  version: number;
}

/** Rows as a desk receives them: put in a page of the wire's columns and read back through its schema. */
export function asPulled(rows: readonly PlainRow[]): PulledRow[] {
  const scopes = [...new Set(rows.map((row) => `${row.organisation_id} ${row.site_id}`))];
  const page = {
    epoch: 'epoch',
    reset: false,
    cursor: 0,
    has_more: false,
    scopes: scopes.map((key) => key.split(' ')),
    rows: {
      entity: rows.map((row) => row.entity),
      id: rows.map((row) => row.id),
      scope: rows.map((row) => scopes.indexOf(`${row.organisation_id} ${row.site_id}`)),
      data: rows.map((row) => JSON.stringify(row.data)),
      clocks: rows.map((row) => JSON.stringify(row.clocks)),
      version: rows.map((row) => row.version),
    },
  };
  return pullResponseSchema.parse(JSON.parse(JSON.stringify(page))).rows;
}
