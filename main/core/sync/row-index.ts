/**
 * Data derived from replicated rows (search keys, analytics facts) and kept in step with them.
 * The replica tells each index which rows a transaction wrote, once per transaction and inside
 * it, so an index does its work in one set-based statement per batch. Row triggers would do the
 * same work per row at several times the cost of the insert itself (docs/replication.md,
 * "Where the time goes").
 */
export interface RowIndex {
  /** The entities whose rows this index derives from; writes of others are not reported. */
  readonly entities: ReadonlySet<string>;
  /** Rows of `entity` with these ids were inserted, changed or deleted; `ids` is a JSON array of strings. */
  rowsWritten(entity: string, ids: string): void;
}
