import type { TFunction } from 'i18next';
import type { AnalyticsSummary } from '../../../shared/analytics/analytics-contract.js';
import type { CsvCell } from '../../../shared/analytics/csv.js';

/** One overview as numbers: what a chart draws, its table view shows and the exports write. */
export interface DataTable {
  id: 'forms' | 'causes' | 'channels' | 'consequences' | 'heatmap' | 'trend' | 'location' | 'followUp' | 'benchmark';
  title: string;
  columns: string[];
  rows: CsvCell[][];
}

export const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
/** Percent with one decimal; empty when nothing applies (no share to speak of). */
export const share = (met: number, applicable: number) => (applicable === 0 ? '' : `${Math.round((met / applicable) * 1000) / 10}%`);

/** The heatmap's count for one weekday and hour (null: time of day unknown). */
export function heatCount(summary: AnalyticsSummary, weekday: number, hour: number | null): number {
  return summary.heatmap.find((cell) => cell.weekday === weekday && cell.hour === hour)?.count ?? 0;
}

export const locationLabel = (row: AnalyticsSummary['by_location'][number], t: TFunction) => [row.site_name || t('analytics.unknownSite'), row.floor, row.desk].filter(Boolean).join(' · ');

export function analyticsTables(summary: AnalyticsSummary, t: TFunction): DataTable[] {
  const c = (key: string) => t(`analytics.columns.${key}`);
  return [
    { id: 'forms', title: t('analytics.charts.forms'), columns: [c('category'), c('count')], rows: summary.by_form.map((row) => [t(`incident.forms.${row.key}`), row.count]) },
    { id: 'causes', title: t('analytics.charts.causes'), columns: [c('category'), c('count')], rows: summary.by_cause.map((row) => [row.key === 'not_recorded' ? t('analytics.notRecorded') : t(`incident.causes.${row.key}`), row.count]) },
    { id: 'channels', title: t('analytics.charts.channels'), columns: [c('category'), c('count')], rows: summary.by_channel.map((row) => [t(`incident.channels.${row.key}`), row.count]) },
    {
      id: 'consequences',
      title: t('analytics.charts.consequences'),
      columns: [c('consequence'), c('value')],
      rows: [
        [t('analytics.consequences.injury'), summary.consequences.injury],
        [t('analytics.consequences.sick_leave_incidents'), summary.consequences.sick_leave_incidents],
        [t('analytics.consequences.sick_leave_days'), summary.consequences.sick_leave_days],
        [t('analytics.consequences.damage_incidents'), summary.consequences.damage_incidents],
        [t('analytics.consequences.damage'), summary.consequences.damage_cents / 100],
      ],
    },
    {
      id: 'heatmap',
      title: t('analytics.charts.heatmap'),
      columns: [c('weekday'), ...HOURS.map(hourLabel), t('analytics.unknownHour')],
      rows: WEEKDAYS.map((weekday) => [t(`analytics.weekdays.${weekday}`), ...HOURS.map((hour) => heatCount(summary, weekday, hour)), heatCount(summary, weekday, null)]),
    },
    { id: 'trend', title: t('analytics.charts.trend'), columns: [c('month'), c('thisPeriod'), c('yearEarlier')], rows: summary.trend.map((row) => [row.month, row.count, row.previous_year]) },
    { id: 'location', title: t('analytics.charts.location'), columns: [c('site'), c('floor'), c('desk'), c('count')], rows: summary.by_location.map((row) => [row.site_name || t('analytics.unknownSite'), row.floor, row.desk, row.count]) },
    {
      id: 'followUp',
      title: t('analytics.charts.followUp'),
      columns: [c('measure'), c('applicable'), c('met'), c('share'), c('median')],
      rows: summary.follow_up.map((row) => [t(`analytics.measures.${row.measure}`), row.applicable, row.met, share(row.met, row.applicable), row.median_hours ?? '']),
    },
  ];
}
