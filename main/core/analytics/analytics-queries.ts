import { TZDate } from '@date-fns/tz';
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import { addDays, addMonths, format, subYears } from 'date-fns';
import type { AnalyticsFilter, AnalyticsSummary, ExportRow, FollowUpMeasure } from '../../../shared/analytics/analytics-contract.js';
import { exportRowSchema, followUpMeasures } from '../../../shared/analytics/analytics-contract.js';
import { aggressionForms, incidentCauses, incidentChannels } from '../../../shared/domain/incident.js';
import { ZONE } from '../../../shared/incident/deadlines.js';

/** Incident facts (migrations 010 and 011) of one organisation in [:start, :end), reported (not drafts), matching the filters. */
const FILTERED = `
  SELECT * FROM incident_fact
   WHERE organisation_id = :org AND occurred_at >= :start AND occurred_at < :end AND status IN ('open', 'closed')
     AND (:sites IS NULL OR site_id IN (SELECT value FROM json_each(:sites)))
     AND (:desks IS NULL OR desk IN (SELECT value FROM json_each(:desks)))
     AND (:channels IS NULL OR channel IN (SELECT value FROM json_each(:channels)))
     AND (:forms = 0 OR forms & :forms <> 0)`;

/** One column per form or cause: its bit (the order of aggressionForms and incidentCauses) counted over the rows. */
const bitCounts = (column: string, count: number) => Array.from({ length: count }, (_, bit) => `sum((${column} >> ${bit}) & 1)`).join(', ');
const MEASURE_PREFIX: Record<FollowUpMeasure, string> = { reaction_in_time: 'reaction', police_report: 'police', damage_recovered: 'damage', aftercare: 'aftercare' };

/**
 * Each aggregate is a range scan of plain columns (the facts AnalyticsFacts derives,
 * follow-up included), ordered by organisation and time: no JSON is parsed and nothing is
 * joined, which is what keeps 50,000 incidents well under half a second.
 */
const STATEMENTS = {
  totals: `SELECT count(*) AS total, json_array(${bitCounts('forms', aggressionForms.length)}) AS forms, json_array(${bitCounts('causes', incidentCauses.length)}) AS causes,
      sum(causes = 0) AS no_cause, sum(injury) AS injury, sum(sick_leave_days > 0) AS sick_incidents, sum(sick_leave_days) AS sick_days, sum(damage_cents > 0) AS damage_incidents, sum(damage_cents) AS damage_cents,
      ${followUpMeasures
        .map((measure, index) => {
          const p = MEASURE_PREFIX[measure];
          // median() is SQLite's own (the percentile functions better-sqlite3 compiles in); it skips NULLs.
          return `count(${p}_applies) AS applies_${index}, coalesce(sum(${p}_applies * ${p}_met), 0) AS met_${index}, median(CASE WHEN ${p}_applies = 1 THEN (${p}_done_s - occurred_s) / 3600.0 END) AS median_${index}`;
        })
        .join(', ')}
    FROM (${FILTERED})`,
  // Weekday, hour and channel in one pass: the heatmap and the channel counts are sums of its few hundred groups.
  heat: `SELECT weekday, hour, channel, count(*) AS n FROM (${FILTERED}) GROUP BY weekday, hour, channel`,
  months: `SELECT month AS key, count(*) AS n FROM (${FILTERED}) GROUP BY month`,
  location: `SELECT site_id, floor, desk, count(*) AS n FROM (${FILTERED}) GROUP BY site_id, floor, desk`,
};

const OPTIONS = 'SELECT DISTINCT site_id, desk FROM incident_fact WHERE organisation_id = ?';

const EXPORT = `
SELECT f.id, f.site_id, f.local_at, f.hour, r.data FROM (${FILTERED}) f JOIN replica_row r ON r.id = f.id ORDER BY f.occurred_at`;

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
  private readonly statements: { [K in keyof typeof STATEMENTS]: Statement };
  private readonly optionsStatement: Statement;
  private readonly exportStatement: Statement;

  constructor(
    private readonly read: Database,
    private readonly siteName: (siteId: string) => string,
  ) {
    this.statements = {
      totals: read.prepare(STATEMENTS.totals),
      heat: read.prepare(STATEMENTS.heat),
      months: read.prepare(STATEMENTS.months),
      location: read.prepare(STATEMENTS.location),
    };
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
    const params = this.params(organisationId, filter, current);
    // One read transaction: every number comes from the same state of the replica.
    return this.read.transaction(() => {
      const totals = this.statements.totals.get(params) as Record<string, number | string | null>;
      const num = (key: string) => Number(totals[key] ?? 0);
      const forms = JSON.parse(String(totals['forms'])) as (number | null)[];
      const causes = JSON.parse(String(totals['causes'])) as (number | null)[];
      const cells = this.statements.heat.all(params) as { weekday: number; hour: number | null; channel: string; n: number }[];
      const channels = new Map<string, number>();
      const heat = new Map<string, { weekday: number; hour: number | null; count: number }>();
      for (const cell of cells) {
        channels.set(cell.channel, (channels.get(cell.channel) ?? 0) + cell.n);
        // SQLite counts Sunday as 0; the screen starts the week on Monday (1) and ends on Sunday (7).
        const weekday = cell.weekday === 0 ? 7 : cell.weekday;
        const key = `${weekday}/${cell.hour}`;
        heat.set(key, { weekday, hour: cell.hour, count: (heat.get(key)?.count ?? 0) + cell.n });
      }
      // The trend's comparison reads the year before the period too.
      const months = new Map((this.statements.months.all({ ...params, start: subYears(current, 1).toISOString() }) as { key: string; n: number }[]).map((row) => [row.key, row.n]));
      return {
        total: num('total'),
        by_form: aggressionForms.map((key, bit) => ({ key, count: forms[bit] ?? 0 })),
        by_cause: [...incidentCauses.map((key, bit) => ({ key, count: causes[bit] ?? 0 })), { key: 'not_recorded' as const, count: num('no_cause') }],
        by_channel: incidentChannels.map((key) => ({ key, count: channels.get(key) ?? 0 })),
        consequences: { injury: num('injury'), sick_leave_incidents: num('sick_incidents'), sick_leave_days: num('sick_days'), damage_incidents: num('damage_incidents'), damage_cents: num('damage_cents') },
        heatmap: [...heat.values()],
        trend: monthsOf(filter.from, filter.to).map((month) => ({ month, count: months.get(month) ?? 0, previous_year: months.get(previousMonth(month)) ?? 0 })),
        by_location: (this.statements.location.all(params) as { site_id: string; floor: string; desk: string; n: number }[])
          .map((row) => ({ site_id: row.site_id, site_name: this.siteName(row.site_id), floor: row.floor, desk: row.desk, count: row.n }))
          .sort((a, b) => b.count - a.count || a.site_name.localeCompare(b.site_name) || a.desk.localeCompare(b.desk)),
        follow_up: followUpMeasures.map((measure, index) => {
          const median = totals[`median_${index}`];
          return { measure, applicable: num(`applies_${index}`), met: num(`met_${index}`), median_hours: typeof median === 'number' ? Math.round(median * 10) / 10 : null };
        }),
        options: this.options(organisationId),
      };
    })();
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
