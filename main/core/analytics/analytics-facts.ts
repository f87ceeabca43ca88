import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { RowIndex } from '../sync/row-index.js';

/** Small enough that one step never holds the core for long (an alarm may be waiting), large enough to stay set-based. */
export const FACT_BATCH_ROWS = 2_000;

const BATCH_TASKS = `SELECT id FROM fact_batch WHERE entity = 'incident_task'`;
const FOLLOW_UP_COLUMNS = ['reaction', 'police', 'damage', 'aftercare'].flatMap((measure) => ['applies', 'met', 'done_s'].map((part) => `f.${measure}_${part}`)).join(', ');

/**
 * A step over noted tasks: their facts, and their incidents (old and new) noted in turn. Tasks
 * come first, so each incident is derived once, after all its tasks, not once per task batch.
 */
const TASK_STEP = [
  `INSERT INTO fact_batch SELECT entity, id FROM fact_stale WHERE entity = 'incident_task' ORDER BY id LIMIT ?`,
  `DELETE FROM fact_stale WHERE entity = 'incident_task' AND id IN (${BATCH_TASKS})`,
  `INSERT OR IGNORE INTO fact_stale SELECT 'incident', incident_id FROM task_fact WHERE id IN (${BATCH_TASKS}) AND incident_id IS NOT NULL`,
  `DELETE FROM task_fact WHERE id IN (${BATCH_TASKS})`,
  `INSERT INTO task_fact SELECT * FROM batch_task_fact`,
  `INSERT OR IGNORE INTO fact_stale SELECT 'incident', incident_id FROM task_fact WHERE id IN (${BATCH_TASKS}) AND incident_id IS NOT NULL`,
  `DELETE FROM fact_batch`,
];
const BATCH_INCIDENTS = `SELECT id FROM fact_batch WHERE entity = 'incident'`;
/** A step over noted incidents, once no task is waiting: their facts with the follow-up rolled up. */
const INCIDENT_STEP = [
  `INSERT INTO fact_batch SELECT entity, id FROM fact_stale WHERE entity = 'incident' ORDER BY id LIMIT ?`,
  `DELETE FROM fact_stale WHERE entity = 'incident' AND id IN (${BATCH_INCIDENTS})`,
  `DELETE FROM incident_fact WHERE id IN (${BATCH_INCIDENTS})`,
  `INSERT INTO incident_fact SELECT b.*, ${FOLLOW_UP_COLUMNS} FROM batch_incident_fact b LEFT JOIN batch_incident_follow_up f ON f.incident_id = b.id`,
  `DELETE FROM fact_batch`,
];
export const STEP_STATEMENTS: readonly string[] = [...TASK_STEP, ...INCIDENT_STEP];


/**
 * The analytics facts (migrations 010 and 011): one flat row per incident and per follow-up
 * task, derived from the replicated rows. A write only notes which rows changed; their facts
 * are derived in batches of set-based statements, after a sync round in the background and
 * before every analytics read, so a count never rests on an out-of-date fact. Deriving them
 * inside the pull cost more than the pull itself (docs/replication.md, "Where the time goes").
 */
export class AnalyticsFacts implements RowIndex {
  readonly entities: ReadonlySet<string> = new Set(['incident', 'incident_task']);
  private readonly stale: Statement;
  private readonly staleTasks: Statement;
  private readonly note: Statement;
  private readonly taskStep: Statement[];
  private readonly incidentStep: Statement[];

  constructor(private readonly write: Database) {
    this.stale = write.prepare('SELECT EXISTS (SELECT 1 FROM fact_stale)').pluck();
    this.note = write.prepare('INSERT OR IGNORE INTO fact_stale SELECT ?, value FROM json_each(?)');
    this.staleTasks = write.prepare("SELECT EXISTS (SELECT 1 FROM fact_stale WHERE entity = 'incident_task')").pluck();
    this.taskStep = TASK_STEP.map((text) => write.prepare(text));
    this.incidentStep = INCIDENT_STEP.map((text) => write.prepare(text));
  }

  /** Notes the rows; their facts are derived later, in the background or before a read. */
  rowsWritten(entity: string, ids: string): void {
    this.note.run(entity, ids);
  }

  /** Whether some written row's facts are not derived yet. */
  outOfDate(): boolean {
    return this.stale.get() === 1;
  }

  /** Derives the facts of up to `rows` noted rows (and their incidents); says whether more are waiting. */
  refreshSome(rows: number = FACT_BATCH_ROWS): boolean {
    if (!this.outOfDate()) return false;
    this.write.transaction(() => {
      const [take, ...rest] = (this.staleTasks.get() === 1 ? this.taskStep : this.incidentStep) as [Statement, ...Statement[]];
      take.run(rows);
      for (const statement of rest) statement.run();
    })();
    return this.outOfDate();
  }

  /** Brings every fact up to date, as a reader needs before it counts. */
  refresh(): void {
    while (this.refreshSome());
  }
}

/**
 * Derives noted facts in the background, one batch per turn of the event loop, so a large
 * pull's facts never hold up an alarm or a call for longer than one batch.
 */
export class FactRefreshLoop {
  private pending: NodeJS.Immediate | null = null;
  private stopped = false;

  constructor(
    private readonly facts: AnalyticsFacts,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** After writes (a sync round): starts the loop unless it runs already. */
  schedule(): void {
    if (this.pending || this.stopped) return;
    this.pending = setImmediate(() => {
      this.pending = null;
      try {
        if (this.facts.refreshSome()) this.schedule();
      } catch (error) {
        // The next read refreshes anyway; a failure here only loses the head start.
        this.onError(error);
      }
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.pending) clearImmediate(this.pending);
    this.pending = null;
  }
}
