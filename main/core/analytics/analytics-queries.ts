import { TZDate } from '@date-fns/tz';
import type { Database, Statement } from 'better-sqlite3';
import { addDays, addMonths, format, subYears } from 'date-fns';
import type { AnalyticsFilter, AnalyticsSummary, ExportRow, FollowUpMeasure } from '../../../shared/analytics/analytics-contract.js';
import { exportRowSchema, followUpMeasures } from '../../../shared/analytics/analytics-contract.js';
import { aggressionForms, incidentCauses, incidentChannels } from '../../../shared/domain/incident.js';
import { ZONE } from '../../../shared/incident/deadlines.js';

/** Incident facts (migration 009) of one organisation in [:start, :end), reported (not drafts), matching the filters. */
const FILTERED = `
  SELECT * FROM incident_fact
   WHERE organisation_id = :org AND occurred_at >= :start AND occurred_at < :end AND status IN ('open', 'closed')
     AND (:sites IS NULL OR site_id IN (SELECT value FROM json_each(:sites)))
     AND (:desks IS NULL OR desk IN (SELECT value FROM json_each(:desks)))
     AND (:channels IS NULL OR channel IN (SELECT value FROM json_each(:channels)))
     AND (:forms = 0 OR forms & :forms <> 0)`;

/** One column per form or cause: its bit (the order of aggressionForms and incidentCauses) counted over the rows. */
const bitCounts = (column: string, count: number) => Array.from({ length: count }, (_, bit) => `sum((${column} >> ${bit}) & 1)`).join(', ');

/**
 * Every aggregate over one pass of plain columns (the facts the triggers keep), as long rows:
 * (dim, k1, k2, k3, n, v). No JSON is parsed here: that is what keeps 50,000 incidents fast.
 */
const SUMMARY = `
WITH base AS MATERIALIZED (SELECT *, occurred_at >= :current AS current FROM (${FILTERED})),
cur AS MATERIALIZED (SELECT * FROM base WHERE current),
measure AS MATERIALIZED (
  SELECT CASE WHEN t.kind = 'reaction_48h' THEN 'reaction_in_time'
              WHEN t.kind = 'police_report' AND t.mandatory = 1 THEN 'police_report'
              WHEN t.kind = 'damage_recovery' AND t.mandatory = 1 THEN 'damage_recovered'
              WHEN t.kind = 'aftercare' THEN 'aftercare' END AS name,
         t.status = 'done' AND (t.kind <> 'reaction_48h' OR t.done_s <= t.due_s) AS met,
         CASE WHEN t.status = 'done' THEN (t.done_s - cur.occurred_s) / 3600.0 END AS hours
    FROM cur JOIN task_fact t ON t.incident_id = cur.id
),
ranked AS (
  SELECT name, hours, row_number() OVER (PARTITION BY name ORDER BY hours) AS rn, count(*) OVER (PARTITION BY name) AS n
    FROM measure WHERE name IS NOT NULL AND hours IS NOT NULL
)
SELECT 'total' AS dim, NULL AS k1, NULL AS k2, NULL AS k3, count(*) AS n, NULL AS v FROM cur
UNION ALL SELECT 'forms', json_array(${bitCounts('forms', aggressionForms.length)}), NULL, NULL, NULL, NULL FROM cur
UNION ALL SELECT 'causes', json_array(${bitCounts('causes', incidentCauses.length)}), NULL, NULL, sum(causes = 0), NULL FROM cur
UNION ALL SELECT 'channel', channel, NULL, NULL, count(*), NULL FROM cur GROUP BY channel
UNION ALL SELECT 'injury', NULL, NULL, NULL, count(*), NULL FROM cur WHERE injury = 1
UNION ALL SELECT 'sick_leave', NULL, NULL, NULL, count(*), sum(sick_leave_days) FROM cur WHERE sick_leave_days > 0
UNION ALL SELECT 'damage', NULL, NULL, NULL, count(*), sum(damage_cents) FROM cur WHERE damage_cents > 0
UNION ALL SELECT 'heat', weekday, hour, NULL, count(*), NULL FROM cur GROUP BY weekday, hour
UNION ALL SELECT 'month', month, NULL, NULL, count(*), NULL FROM base GROUP BY month
UNION ALL SELECT 'location', site_id, floor, desk, count(*), NULL FROM cur GROUP BY site_id, floor, desk
UNION ALL SELECT 'follow_up', name, NULL, NULL, count(*), sum(met) FROM measure WHERE name IS NOT NULL GROUP BY name
UNION ALL SELECT 'median', name, NULL, NULL, NULL, avg(hours) FROM ranked WHERE rn IN ((n + 1) / 2, (n + 2) / 2) GROUP BY name`;

const OPTIONS = 'SELECT DISTINCT site_id, desk FROM incident_fact WHERE organisation_id = ?';

const EXPORT = `
SELECT f.id, f.site_id, f.local_at, f.hour, r.data FROM (${FILTERED}) f JOIN replica_row r ON r.id = f.id ORDER BY f.occurred_at`;

interface LongRow {
  dim: string;
  k1: string | null;
  k2: string | null;
  k3: string | null;
  n: number | null;
  v: number | null;
}

/** Start of a Dutch calendar day ("2026-03-29") as a UTC ISO string. */
export function dutchDayStart(day: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, date, ZONE).getTime());
}

/** The months a period covers, "2026-01" …, in Dutch time. */
function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = new Date(`${from.slice(0, 7)}-01T12:00:00Z`); format(month, 'yyyy-MM') <= to.slice(0, 7); month = addMonths(month, 1)) months.push(format(month, 'yyyy-MM'));
  return months;
}

const previousMonth = (month: string) => `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
const jsonList = (list: readonly string[] | undefined) => (list && list.length > 0 ? JSON.stringify(list) : null);

/** Analytics over the organisation's incidents on this replica (docs/analytics.md): SQL does the counting. */
export class AnalyticsQueries {
  private readonly summaryStatement: Statement;
  private readonly optionsStatement: Statement;
  private readonly exportStatement: Statement;

  constructor(
    read: Database,
    private readonly siteName: (siteId: string) => string,
  ) {
    this.summaryStatement = read.prepare(SUMMARY);
    this.optionsStatement = read.prepare(OPTIONS);
    this.exportStatement = read.prepare(EXPORT);
  }

  private params(organisationId: string, filter: AnalyticsFilter, start: Date) {
    return {
      org: organisationId,
      start: start.toISOString(),
      end: dutchDayStart(format(addDays(new Date(`${filter.to}T12:00:00Z`), 1), 'yyyy-MM-dd')).toISOString(),
      sites: jsonList(filter.site_ids),
      desks: jsonList(filter.desks),
      channels: jsonList(filter.channels),
      forms: (filter.forms ?? []).reduce((mask, form) => mask | (1 << aggressionForms.indexOf(form)), 0),
    };
  }

  summary(organisationId: string, filter: AnalyticsFilter): AnalyticsSummary {
    const current = dutchDayStart(filter.from);
    // One pass reads the period and the year before it, for the trend's comparison.
    const rows = this.summaryStatement.all({ ...this.params(organisationId, filter, subYears(current, 1)), current: current.toISOString() }) as LongRow[];
    const counts = (dim: string) => new Map(rows.filter((row) => row.dim === dim).map((row) => [row.k1 ?? '', row.n ?? 0]));
    const one = (dim: string) => rows.find((row) => row.dim === dim);
    const bits = (dim: string) => JSON.parse(one(dim)?.k1 ?? '[]') as (number | null)[];
    const forms = bits('forms');
    const causes = bits('causes');
    const channels = counts('channel');
    const months = counts('month');
    const followUp = new Map(rows.filter((row) => row.dim === 'follow_up').map((row) => [row.k1, row]));
    const medians = new Map(rows.filter((row) => row.dim === 'median').map((row) => [row.k1, row.v]));
    return {
      total: one('total')?.n ?? 0,
      by_form: aggressionForms.map((key, bit) => ({ key, count: forms[bit] ?? 0 })),
      by_cause: [...incidentCauses.map((key, bit) => ({ key, count: causes[bit] ?? 0 })), { key: 'not_recorded' as const, count: one('causes')?.n ?? 0 }],
      by_channel: incidentChannels.map((key) => ({ key, count: channels.get(key) ?? 0 })),
      consequences: {
        injury: one('injury')?.n ?? 0,
        sick_leave_incidents: one('sick_leave')?.n ?? 0,
        sick_leave_days: one('sick_leave')?.v ?? 0,
        damage_incidents: one('damage')?.n ?? 0,
        damage_cents: one('damage')?.v ?? 0,
      },
      // SQLite counts Sunday as 0; the screen starts the week on Monday (1) and ends on Sunday (7).
      heatmap: rows.filter((row) => row.dim === 'heat').map((row) => ({ weekday: Number(row.k1) === 0 ? 7 : Number(row.k1), hour: row.k2 === null ? null : Number(row.k2), count: row.n ?? 0 })),
      trend: monthsOf(filter.from, filter.to).map((month) => ({ month, count: months.get(month) ?? 0, previous_year: months.get(previousMonth(month)) ?? 0 })),
      by_location: rows
        .filter((row) => row.dim === 'location')
        .map((row) => ({ site_id: row.k1 ?? '', site_name: this.siteName(row.k1 ?? ''), floor: row.k2 ?? '', desk: row.k3 ?? '', count: row.n ?? 0 }))
        .sort((a, b) => b.count - a.count || a.site_name.localeCompare(b.site_name) || a.desk.localeCompare(b.desk)),
      follow_up: followUpMeasures.map((measure: FollowUpMeasure) => {
        const row = followUp.get(measure);
        const median = medians.get(measure);
        return { measure, applicable: row?.n ?? 0, met: row?.v ?? 0, median_hours: median === undefined || median === null ? null : Math.round(median * 10) / 10 };
      }),
      options: this.options(organisationId),
    };
  }

  private options(organisationId: string): AnalyticsSummary['options'] {
    const pairs = this.optionsStatement.all(organisationId) as { site_id: string; desk: string }[];
    const sites = [...new Set(pairs.map((pair) => pair.site_id))].map((id) => ({ id, name: this.siteName(id) })).sort((a, b) => a.name.localeCompare(b.name));
    const desks = [...new Set(pairs.map((pair) => pair.desk).filter((desk) => desk !== ''))].sort((a, b) => a.localeCompare(b));
    return { sites, desks };
  }

  /** The filtered incidents, one export row each; names of people only when asked for. */
  exportRows(organisationId: string, filter: AnalyticsFilter, includeNames: boolean): ExportRow[] {
    const rows = this.exportStatement.all(this.params(organisationId, filter, dutchDayStart(filter.from))) as { id: string; site_id: string; data: string; local_at: string; hour: number | null }[];
    return rows.map(({ id, site_id: siteId, data, local_at: localAt, hour }) => {
      const fields = JSON.parse(data) as Record<string, unknown>;
      const text = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : '');
      const number = (key: string) => (typeof fields[key] === 'number' ? (fields[key] as number) : 0);
      const row: ExportRow = {
        id,
        date: localAt.slice(0, 10),
        time: hour === null ? '' : localAt.slice(11, 16),
        status: fields['status'] as ExportRow['status'],
        channel: fields['channel'] as ExportRow['channel'],
        forms: (fields['forms'] as ExportRow['forms'] | undefined) ?? [],
        causes: (fields['causes'] as ExportRow['causes'] | undefined) ?? [],
        site: this.siteName(siteId),
        floor: text('floor'),
        desk: text('desk_name'),
        injury: fields['injury'] === true,
        sick_leave_days: number('sick_leave_days'),
        damage_cents: number('damage_amount_cents'),
        emotional_impact: (fields['emotional_impact'] as ExportRow['emotional_impact'] | undefined) ?? null,
        perpetrator_kind: (fields['perpetrator_kind'] as ExportRow['perpetrator_kind'] | undefined) ?? null,
      };
      return includeNames ? { ...row, reporter_name: text('reporter_name'), witnesses: text('witnesses'), perpetrator_description: text('perpetrator_description') } : row;
    }).filter((row) => exportRowSchema.safeParse(row).success); // a damaged replicated row is left out, not allowed to fail the export
  }
}
