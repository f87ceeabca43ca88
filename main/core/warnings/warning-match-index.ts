import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { RowIndex } from '../sync/row-index.js';

/**
 * The visitor check's search keys: each warning's and projection's `match` keys in
 * `warning_match` (migration 008), replaced for the written rows in two statements per batch.
 * A deleted row leaves no keys; a tombstone keeps those its data still holds, as before.
 */
export class WarningMatchIndex implements RowIndex {
  readonly entities: ReadonlySet<string> = new Set(['visitor_warning', 'warning_projection']);
  private readonly clear: Statement;
  private readonly fill: Statement;

  constructor(write: Database) {
    this.clear = write.prepare('DELETE FROM warning_match WHERE row_id IN (SELECT value FROM json_each(?))');
    this.fill = write.prepare(
      `INSERT OR IGNORE INTO warning_match (key, row_id)
         SELECT m.value, r.id FROM json_each(?) AS written JOIN replica_row AS r ON r.id = written.value, json_each(r.data, '$.match') AS m`,
    );
  }

  rowsWritten(_entity: string, ids: string): void {
    this.clear.run(ids);
    this.fill.run(ids);
  }
}
