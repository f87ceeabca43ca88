import { addDays, format, subYears } from 'date-fns';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnalyticsFilter, AnalyticsSummary } from '../../../shared/analytics/analytics-contract.js';
import { toCsv } from '../../../shared/analytics/csv.js';
import { aggressionForms, incidentChannels } from '../../../shared/domain/incident.js';
import type { ContractError } from '../../../shared/contract/result.js';
import { useApi } from '../api/api-context.js';
import { useCall } from '../api/use-call.js';
import { DateField } from '../components/DateField.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatShort } from '../format.js';
import { SignInForm } from '../staff/SessionControl.js';
import { analyticsTables, heatCount, HOURS, locationLabel, share, WEEKDAYS, type DataTable } from './analytics-tables.js';
import { BenchmarkSection } from './BenchmarkSection.js';
import { BarChart, Heatmap, TrendChart } from './charts.js';
import { DataTableView } from './DataTableView.js';
import { aggregatesCsv, aggregatesXlsx, csvBlob, download, incidentsXlsx, incidentTable } from './exports.js';
import { Alert, Button, Checkbox, Fieldset, FieldsetLegend, FormLabel, Select, SelectOption } from '@utrecht/component-library-react';

const refreshOn = ['incidents.changed', 'sync.statusChanged', 'session.changed'] as const;
const day = (date: Date) => format(date, 'yyyy-MM-dd');

/** Opens on the last twelve months: a year's RI&E without choosing anything. */
export function defaultFilter(today: Date): AnalyticsFilter {
  return { from: day(addDays(subYears(today, 1), 1)), to: day(today) };
}

/** A chart and the same numbers as a table; the button switches, print shows both. */
function ChartCard({ table, children }: { table: DataTable; children: (captionId: string) => ReactNode }) {
  const { t } = useTranslation();
  const [asTable, setAsTable] = useState(false);
  const captionId = useId();
  return (
    <section className="chart-card" aria-labelledby={captionId} data-testid={`card-${table.id}`}>
      <h2 id={captionId}>{table.title}</h2>
      <Button appearance="secondary-action-button" type="button" className="no-print" aria-pressed={asTable} onClick={() => setAsTable((value) => !value)}>
        {asTable ? t('analytics.showChart') : t('analytics.showTable')}
      </Button>
      <div className="chart-view" hidden={asTable}>
        {children(captionId)}
      </div>
      <div className="table-view" hidden={!asTable}>
        <DataTableView table={table} />
      </div>
    </section>
  );
}

/** Any-of choices; none ticked means all. */
function CheckboxFilter<T extends string>({ legend, name, options, label, chosen, onChange }: { legend: string; name: string; options: readonly T[]; label: (option: T) => string; chosen: readonly T[] | undefined; onChange: (chosen: T[]) => void }) {
  return (
    <Fieldset className="choices compact">
      <FieldsetLegend>{legend}</FieldsetLegend>
      {options.map((option) => (
        <FormLabel key={option} className="choice">
          <Checkbox name={name} value={option} checked={chosen?.includes(option) ?? false} onChange={(event) => onChange(event.target.checked ? [...(chosen ?? []), option] : (chosen ?? []).filter((item) => item !== option))} /> {label(option)}
        </FormLabel>
      ))}
    </Fieldset>
  );
}

function Filters({ filter, summary, onChange }: { filter: AnalyticsFilter; summary: AnalyticsSummary | null; onChange: (filter: AnalyticsFilter) => void }) {
  const { t } = useTranslation();
  const year = new Date().getFullYear() - 1;
  return (
    <form className="analytics-filters no-print" aria-label={t('analytics.filters.legend')} onSubmit={(event) => event.preventDefault()}>
      <div className="filter-row">
        <div className="field">
          <FormLabel htmlFor="analytics-from">{t('analytics.filters.from')}</FormLabel>
          <DateField id="analytics-from" name="from" value={filter.from} max={filter.to} required onChange={(from) => from && onChange({ ...filter, from })} />
        </div>
        <div className="field">
          <FormLabel htmlFor="analytics-to">{t('analytics.filters.to')}</FormLabel>
          <DateField id="analytics-to" name="to" value={filter.to} min={filter.from} required onChange={(to) => to && onChange({ ...filter, to })} />
        </div>
        <Button appearance="secondary-action-button" type="button" onClick={() => onChange({ ...filter, ...defaultFilter(new Date()) })}>
          {t('analytics.filters.lastYear')}
        </Button>
        <Button appearance="secondary-action-button" type="button" onClick={() => onChange({ ...filter, from: `${year}-01-01`, to: `${year}-12-31` })}>
          {t('analytics.filters.calendarYear', { year })}
        </Button>
      </div>
      <div className="filter-row">
        <FormLabel>
          {t('analytics.filters.site')}
          <Select name="site" value={filter.site_ids?.[0] ?? ''} onChange={(event) => onChange({ ...filter, site_ids: event.target.value ? [event.target.value] : [] })}>
            <SelectOption value="">{t('analytics.filters.all')}</SelectOption>
            {summary?.options.sites.map((site) => (
              <SelectOption key={site.id} value={site.id}>
                {site.name || t('analytics.unknownSite')}
              </SelectOption>
            ))}
          </Select>
        </FormLabel>
        <FormLabel>
          {t('analytics.filters.desk')}
          <Select name="desk" value={filter.desks?.[0] ?? ''} onChange={(event) => onChange({ ...filter, desks: event.target.value ? [event.target.value] : [] })}>
            <SelectOption value="">{t('analytics.filters.all')}</SelectOption>
            {summary?.options.desks.map((desk) => (
              <SelectOption key={desk} value={desk}>
                {desk}
              </SelectOption>
            ))}
          </Select>
        </FormLabel>
      </div>
      <CheckboxFilter legend={t('analytics.filters.forms')} name="forms" options={aggressionForms} label={(form) => t(`incident.forms.${form}`)} chosen={filter.forms} onChange={(forms) => onChange({ ...filter, forms })} />
      <CheckboxFilter legend={t('analytics.filters.channels')} name="channels" options={incidentChannels} label={(channel) => t(`incident.channels.${channel}`)} chosen={filter.channels} onChange={(channels) => onChange({ ...filter, channels })} />
    </form>
  );
}

function Exports({ filter, tables, onLogged }: { filter: AnalyticsFilter; tables: readonly DataTable[]; onLogged: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [withNames, setWithNames] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true; text: string } | { ok: false; error: ContractError } | null>(null);
  const stamp = `${filter.from}_${filter.to}`;
  const incidents = async (format: 'csv' | 'xlsx') => {
    const answer = await api.invoke('analytics.exportIncidents', { filter, include_names: withNames, format });
    if (!answer.ok) return setOutcome({ ok: false, error: answer.error });
    const table = incidentTable(answer.value, withNames, t);
    const name = `vangnet-incidenten_${stamp}`;
    download(format === 'csv' ? csvBlob(toCsv(table.columns, table.rows)) : await incidentsXlsx(table, t('analytics.export.kinds.incidents')), `${name}.${format}`);
    setOutcome({ ok: true, text: t('analytics.export.done', { count: answer.value.length }) });
    onLogged();
  };
  const aggregates = async (format: 'csv' | 'xlsx' | 'print') => {
    const answer = await api.invoke('analytics.logExport', { filter, kind: format === 'print' ? 'report' : 'aggregates', format });
    if (!answer.ok) return setOutcome({ ok: false, error: answer.error });
    onLogged();
    if (format === 'print') return window.print();
    download(format === 'csv' ? csvBlob(aggregatesCsv(tables)) : await aggregatesXlsx(tables), `vangnet-overzichten_${stamp}.${format}`);
    setOutcome({ ok: true, text: t('analytics.export.aggregatesDone') });
  };
  return (
    <section className="analytics-exports no-print" aria-labelledby="analytics-export-title">
      <h2 id="analytics-export-title">{t('analytics.export.legend')}</h2>
      <FormLabel className="choice">
        <Checkbox name="include_names" checked={withNames} onChange={(event) => setWithNames(event.target.checked)} aria-describedby="analytics-names-warning" /> {t('analytics.export.includeNames')}
      </FormLabel>
      <p id="analytics-names-warning" className="muted">
        {t('analytics.export.namesWarning')}
      </p>
      <div className="button-row">
        <Button appearance="secondary-action-button" type="button" onClick={() => void incidents('csv')}>{t('analytics.export.incidentsCsv')}</Button>
        <Button appearance="secondary-action-button" type="button" onClick={() => void incidents('xlsx')}>{t('analytics.export.incidentsXlsx')}</Button>
        <Button appearance="secondary-action-button" type="button" onClick={() => void aggregates('csv')}>{t('analytics.export.aggregatesCsv')}</Button>
        <Button appearance="secondary-action-button" type="button" onClick={() => void aggregates('xlsx')}>{t('analytics.export.aggregatesXlsx')}</Button>
        <Button appearance="secondary-action-button" type="button" onClick={() => void aggregates('print')}>{t('analytics.export.print')}</Button>
      </div>
      <div role="status" aria-live="polite">
        {outcome?.ok === true && <Alert type="ok" role="note" className="notice notice-ok">{outcome.text}</Alert>}
      </div>
      {outcome?.ok === false && <ErrorNotice error={outcome.error} />}
    </section>
  );
}

function ExportLog({ generation }: { generation: number }) {
  const { t, i18n } = useTranslation();
  const { result } = useCall('analytics.exportLog', {}, refreshOn);
  // Reloaded after each export by remounting (the key below), so the log follows at once.
  if (result.state !== 'ready') return null;
  const c = (key: string) => t(`analytics.export.logColumns.${key}`);
  return (
    <section className="no-print" aria-labelledby="analytics-log-title" data-generation={generation}>
      <h2 id="analytics-log-title">{t('analytics.export.logTitle')}</h2>
      {result.value.length === 0 ? (
        <p className="muted">{t('analytics.export.logEmpty')}</p>
      ) : (
        <DataTableView
          table={{
            id: 'followUp',
            title: t('analytics.export.logTitle'),
            columns: [c('at'), c('who'), c('what'), c('filter'), c('names'), c('rows')],
            rows: result.value.map((entry) => [formatShort(entry.at, i18n.language), entry.staff_name, `${t(`analytics.export.kinds.${entry.kind}`)} (${entry.format})`, entry.filter, t(entry.with_names ? 'analytics.export.yes' : 'analytics.export.no'), entry.rows]),
          }}
        />
      )}
    </section>
  );
}

function Overviews({ summary, tables }: { summary: AnalyticsSummary; tables: readonly DataTable[] }) {
  const { t } = useTranslation();
  const byId = (id: DataTable['id']) => tables.find((table) => table.id === id) as DataTable;
  const bars = (id: DataTable['id']) => (captionId: string) => <BarChart labelledBy={captionId} testId={`chart-${id}`} data={byId(id).rows.map((row) => ({ label: String(row[0]), value: Number(row[row.length - 1]) }))} />;
  return (
    <div className="chart-grid">
      <ChartCard table={byId('heatmap')}>
        {(captionId) => (
          <Heatmap
            labelledBy={captionId}
            rows={WEEKDAYS.map((weekday) => ({ key: weekday, label: t(`analytics.weekdays.${weekday}`) }))}
            columns={[...HOURS.map((hour) => ({ key: hour as number | null, label: `${hour}:00` })), { key: null, label: t('analytics.unknownHour') }]}
            count={(weekday, hour) => heatCount(summary, weekday, hour)}
          />
        )}
      </ChartCard>
      <ChartCard table={byId('trend')}>{(captionId) => <TrendChart labelledBy={captionId} data={summary.trend.map((row) => ({ month: row.month, count: row.count, previous: row.previous_year }))} />}</ChartCard>
      <ul className="legend" aria-hidden="true">
        <li><span className="swatch swatch-primary" /> {t('analytics.columns.thisPeriod')}</li>
        <li><span className="swatch swatch-comparison" /> {t('analytics.columns.yearEarlier')}</li>
      </ul>
      <ChartCard table={byId('forms')}>{bars('forms')}</ChartCard>
      <ChartCard table={byId('causes')}>{bars('causes')}</ChartCard>
      <ChartCard table={byId('channels')}>{bars('channels')}</ChartCard>
      <ChartCard table={byId('location')}>
        {(captionId) => <BarChart labelledBy={captionId} testId="chart-location" data={summary.by_location.slice(0, 15).map((row) => ({ label: locationLabel(row, t), value: row.count }))} />}
      </ChartCard>
      <ChartCard table={byId('followUp')}>
        {(captionId) => <BarChart labelledBy={captionId} testId="chart-followUp" data={summary.follow_up.map((row) => ({ label: t(`analytics.measures.${row.measure}`), value: row.applicable === 0 ? 0 : Math.round((row.met / row.applicable) * 100) }))} />}
      </ChartCard>
      <section className="chart-card" aria-labelledby="analytics-consequences">
        <h2 id="analytics-consequences">{byId('consequences').title}</h2>
        <DataTableView table={byId('consequences')} />
      </section>
      <p className="muted">{summary.follow_up.map((row) => `${t(`analytics.measures.${row.measure}`)}: ${share(row.met, row.applicable) || '–'}`).join(' · ')}</p>
    </div>
  );
}

/** The coordinator's analytics over this organisation's incidents on this PC (docs/analytics.md). */
export function AnalyticsScreen() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<AnalyticsFilter>(() => defaultFilter(new Date()));
  const [logGeneration, setLogGeneration] = useState(0);
  // Empty lists mean "all"; the contract takes them left out.
  const input = useMemo(() => Object.fromEntries(Object.entries(filter).filter(([, value]) => !(Array.isArray(value) && value.length === 0))) as AnalyticsFilter, [filter]);
  const { result } = useCall('analytics.summary', input, refreshOn);
  const summary = result.state === 'ready' ? result.value : null;
  const tables = useMemo(() => (summary ? analyticsTables(summary, t) : []), [summary, t]);
  return (
    <section aria-labelledby="analytics-title" className="analytics">
      <h1 id="analytics-title">{t('analytics.title')}</h1>
      <p className="print-only">{t('analytics.export.reportTitle', { from: filter.from, to: filter.to })}</p>
      <p className="no-print">{t('analytics.intro')}</p>
      {result.state === 'failed' && (result.error.code === 'SIGN_IN_REQUIRED' || result.error.code === 'FORBIDDEN' ? <SignInForm /> : <ErrorNotice error={result.error} />)}
      {result.state !== 'failed' && <Filters filter={filter} summary={summary} onChange={setFilter} />}
      <p role="status" aria-live="polite" data-testid="analytics-total">
        {summary ? t('analytics.total', { count: summary.total }) : result.state === 'loading' ? t('analytics.loading') : ''}
      </p>
      {summary && <Overviews summary={summary} tables={tables} />}
      {summary && <Exports filter={input} tables={tables} onLogged={() => setLogGeneration((value) => value + 1)} />}
      {summary && <ExportLog key={logGeneration} generation={logGeneration} />}
      {summary && <BenchmarkSection />}
    </section>
  );
}
