import type { Database } from 'better-sqlite3-multiple-ciphers';
import { AnalyticsFacts } from './analytics/analytics-facts.js';
import type { RowIndex } from './sync/row-index.js';
import { WarningMatchIndex } from './warnings/warning-match-index.js';

/** Every index the replica keeps in step with its rows; the core and the sync bench use the same set. */
export function replicaIndexes(write: Database): { facts: AnalyticsFacts; indexes: readonly RowIndex[] } {
  const facts = new AnalyticsFacts(write);
  return { facts, indexes: [new WarningMatchIndex(write), facts] };
}
