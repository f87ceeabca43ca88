import type { Database } from 'better-sqlite3';
import { benchmarkShareSchema, endedMonths, shareProblem, type BenchmarkCount, type BenchmarkShare } from '../../../shared/analytics/benchmark.js';
import { aggressionForms, incidentChannels } from '../../../shared/domain/incident.js';
import { dutchDayStart } from './analytics-queries.js';

/**
 * Per Dutch month: reported incidents (not drafts) by form (one incident may have two) and by
 * channel, counted by SQLite over the facts of migration 010. Only these numbers leave the
 * core: no row, id, name or text is read into JavaScript.
 */
const MONTHLY = `
  SELECT month, ${aggressionForms.map((_, bit) => `sum((forms >> ${bit}) & 1) AS form_${bit}`).join(', ')},
         ${incidentChannels.map((channel, index) => `sum(channel = '${channel}') AS channel_${index}`).join(', ')}
    FROM incident_fact
   WHERE organisation_id = :org AND occurred_at >= :start AND occurred_at < :end AND status IN ('open', 'closed')
   GROUP BY month`;

/** The month of the organisation's first reported incident: months before it are not sent as zeros. */
const FIRST = `SELECT month FROM incident_fact WHERE organisation_id = ? AND status IN ('open', 'closed') ORDER BY occurred_at LIMIT 1`;

type MonthRow = { month: string } & Record<string, number>;

/** The share for the ended months before `now` (every form and channel, zeros included), checked as the server checks it; null when there is nothing to send. */
export function monthlyShare(read: Database, organisationId: string, now: Date): BenchmarkShare | null {
  const first = read.prepare(FIRST).pluck().get(organisationId) as string | undefined;
  const months = endedMonths(now).filter((month) => first !== undefined && month >= first);
  const oldest = months[0];
  const newest = months.at(-1);
  if (oldest === undefined || newest === undefined) return null;
  const end = nextMonthStart(newest);
  const rows = read.prepare(MONTHLY).all({ org: organisationId, start: dutchDayStart(`${oldest}-01`).toISOString(), end }) as MonthRow[];
  const byMonth = new Map(rows.map((row) => [row.month, row]));
  const counts: BenchmarkCount[] = months.flatMap((month) => {
    const row = byMonth.get(month);
    return [
      ...aggressionForms.map((key, bit) => ({ month, dimension: 'form' as const, key, count: row?.[`form_${bit}`] ?? 0 })),
      ...incidentChannels.map((key, index) => ({ month, dimension: 'channel' as const, key, count: row?.[`channel_${index}`] ?? 0 })),
    ];
  });
  // The same checks the server makes: a share it would refuse is a bug here, not something to send.
  const share = benchmarkShareSchema.parse({ counts });
  const problem = shareProblem(share, now);
  if (problem) throw new Error(problem);
  return share;
}

/** The first instant of the Dutch month after `month`, as UTC ISO. */
function nextMonthStart(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const next = number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
  return dutchDayStart(`${next}-01`).toISOString();
}
