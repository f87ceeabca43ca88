import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { benchmarkDimensions, benchmarkKeys, MIN_INCIDENTS, MIN_ORGANISATIONS, type BenchmarkComparison, type BenchmarkView } from '../../../shared/analytics/benchmark.js';
import type { ContractError } from '../../../shared/contract/result.js';
import { useApi } from '../api/api-context.js';
import { useCall } from '../api/use-call.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatShort } from '../format.js';
import { useDeskSession } from '../staff/use-desk-session.js';
import type { DataTable } from './analytics-tables.js';
import { PairedBarChart } from './charts.js';
import { DataTableView } from './DataTableView.js';

type Row = { label: string; short: string; own: number | null; sector: number | null; organisations: number | null };

/** One month of the comparison: forms, then channels. A suppressed average is null, never 0. */
function monthRows(comparison: BenchmarkComparison, month: string, label: (dimension: string, key: string) => { label: string; short: string }): Row[] {
  return benchmarkDimensions.flatMap((dimension) =>
    benchmarkKeys[dimension].map((key) => {
      const cell = comparison.cells.find((one) => one.month === month && one.dimension === dimension && one.key === key);
      const shown = cell?.sector.status === 'shown' ? cell.sector : null;
      return { ...label(dimension, key), own: cell?.own ?? null, sector: shown?.average ?? null, organisations: shown?.organisations ?? null };
    }),
  );
}

function Comparison({ comparison }: { comparison: BenchmarkComparison }) {
  const { t } = useTranslation();
  const [month, setMonth] = useState(comparison.months.at(-1) ?? '');
  const captionId = useId();
  const [asTable, setAsTable] = useState(false);
  const rows = monthRows(comparison, month, (dimension, key) => {
    const short = t(dimension === 'form' ? `incident.forms.${key}` : `incident.channels.${key}`);
    return { short, label: `${t(`analytics.benchmark.dimensions.${dimension}`)}: ${short}` };
  });
  const suppressed = t('analytics.benchmark.suppressed');
  const table: DataTable = {
    id: 'benchmark',
    title: t('analytics.benchmark.table', { month }),
    columns: [t('analytics.benchmark.columns.category'), t('analytics.benchmark.columns.own'), t('analytics.benchmark.columns.sector'), t('analytics.benchmark.columns.organisations')],
    rows: rows.map((row) => [row.label, row.own ?? t('analytics.benchmark.notSent'), row.sector ?? suppressed, row.organisations ?? '']),
  };
  return (
    <section className="chart-card" aria-labelledby={captionId} data-testid="card-benchmark">
      <h3 id={captionId}>{table.title}</h3>
      <label>
        {t('analytics.benchmark.month')}
        <select name="benchmark-month" value={month} onChange={(event) => setMonth(event.target.value)}>
          {comparison.months.map((one) => (
            <option key={one} value={one}>
              {one}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="secondary no-print" aria-pressed={asTable} onClick={() => setAsTable((value) => !value)}>
        {asTable ? t('analytics.showChart') : t('analytics.showTable')}
      </button>
      <div className="chart-view" hidden={asTable}>
        <PairedBarChart labelledBy={captionId} suppressedLabel={suppressed} data={rows.map((row) => ({ ...row, label: row.short }))} />
        <ul className="legend" aria-hidden="true">
          <li><span className="swatch swatch-primary" /> {t('analytics.benchmark.columns.own')}</li>
          <li><span className="swatch swatch-comparison" /> {t('analytics.benchmark.columns.sector')}</li>
        </ul>
      </div>
      <div className="table-view" hidden={!asTable}>
        <DataTableView table={table} />
      </div>
      <p className="muted" data-testid="benchmark-suppressed-explained">
        {t('analytics.benchmark.suppressedExplained', { organisations: MIN_ORGANISATIONS, incidents: MIN_INCIDENTS })}
      </p>
    </section>
  );
}

/** The opt-in sector benchmark (docs/analytics.md): the state, the administrator's switch, "Nu delen", and the comparison. */
export function BenchmarkSection() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const session = useDeskSession();
  const isAdmin = session.state === 'ready' && session.value.staff?.role === 'admin';
  const { result, reload } = useCall('benchmark.view', {}, ['session.changed']);
  const [acted, setActed] = useState<{ view: BenchmarkView; note: string | null } | null>(null);
  const [failure, setFailure] = useState<ContractError | null>(null);
  const act = async (work: () => Promise<{ ok: true; value: BenchmarkView } | { ok: false; error: ContractError }>, note: string | null) => {
    setFailure(null);
    const answer = await work();
    if (!answer.ok) return setFailure(answer.error);
    setActed({ view: answer.value, note });
    reload();
  };
  const view = acted?.view ?? (result.state === 'ready' ? result.value : null);
  const status = view?.status;
  const sector = status?.sector ? t(`analytics.benchmark.sectors.${status.sector}`) : '';
  return (
    <section className="analytics-benchmark" aria-labelledby="analytics-benchmark-title" data-testid="benchmark">
      <h2 id="analytics-benchmark-title">{t('analytics.benchmark.title')}</h2>
      <p className="no-print">{t('analytics.benchmark.intro')}</p>
      {result.state === 'failed' && !view && (result.error.code === 'SERVER_UNREACHABLE' ? <p className="muted" data-testid="benchmark-offline">{t('analytics.benchmark.offline')}</p> : <ErrorNotice error={result.error} call="benchmark.view" />)}
      {status && (
        <>
          <p data-testid="benchmark-state">
            {status.participating && status.since ? t('analytics.benchmark.participating', { sector, since: formatShort(status.since, i18n.language) }) : t('analytics.benchmark.notParticipating')}{' '}
            {status.participating && (status.last_shared_at ? t('analytics.benchmark.lastShared', { at: formatShort(status.last_shared_at, i18n.language) }) : t('analytics.benchmark.neverShared'))}
          </p>
          {!status.sector && <p className="notice">{t('analytics.benchmark.noSector')}</p>}
          <div className="button-row no-print">
            {status.participating && (
              <button type="button" onClick={() => void act(() => api.invoke('benchmark.shareNow', {}), t('analytics.benchmark.shared'))}>
                {t('analytics.benchmark.shareNow')}
              </button>
            )}
            {isAdmin && !status.participating && status.sector && (
              <button type="button" className="secondary" onClick={() => void act(() => api.invoke('benchmark.setParticipation', { participating: true }), null)}>
                {t('analytics.benchmark.join')}
              </button>
            )}
            {isAdmin && status.participating && (
              <button type="button" className="secondary" aria-describedby="benchmark-leave-warning" onClick={() => void act(() => api.invoke('benchmark.setParticipation', { participating: false }), null)}>
                {t('analytics.benchmark.leave')}
              </button>
            )}
          </div>
          {isAdmin && status.participating && (
            <p id="benchmark-leave-warning" className="muted no-print">
              {t('analytics.benchmark.leaveWarning')}
            </p>
          )}
          {!isAdmin && <p className="muted no-print">{t('analytics.benchmark.adminOnly')}</p>}
        </>
      )}
      <div role="status" aria-live="polite">
        {acted?.note && <p className="notice notice-ok">{acted.note}</p>}
      </div>
      {failure && <ErrorNotice error={failure} />}
      {view?.comparison && <Comparison comparison={view.comparison} />}
    </section>
  );
}
