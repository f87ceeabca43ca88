import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract/result.js';
import { useApi } from '../api/api-context.js';
import { useSyncStatus } from '../api/use-sync-status.js';
import { formatDateTime } from '../format.js';
import { ErrorNotice } from './ErrorNotice.js';
import { Button } from '@utrecht/component-library-react';

/** Last sync, what waits, what was refused, what went wrong: so nobody wonders whether a report arrived. */
export function SyncPanel() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [status, setStatus] = useSyncStatus();
  const [failure, setFailure] = useState<ContractError | null>(null);
  if (status.state === 'loading') return null;
  if (status.state === 'failed') return <ErrorNotice error={status.error} />;
  // lastError stays out: it is the network's raw English ("fetch failed"); the phase says it in words.
  const { phase, lastSyncAt, pending, rejected } = status.value;
  const canSync = phase !== 'unconfigured' && phase !== 'unenrolled' && phase !== 'revoked';
  const syncNow = async () => {
    setFailure(null);
    const result = await api.invoke('sync.now', {});
    if (result.ok) setStatus(result.value);
    else setFailure(result.error);
  };
  return (
    <section aria-labelledby="sync-title" className="sync-panel">
      <h2 id="sync-title">{t('sync.title')}</h2>
      <p data-testid="sync-phase" className={`sync-phase sync-${phase}`}>
        {t(`sync.phase.${phase}`)}
      </p>
      <ul className="facts-list">
        {canSync && <li data-testid="sync-last">{lastSyncAt ? t('sync.lastSync', { date: formatDateTime(lastSyncAt, i18n.language) }) : t('sync.never')}</li>}
        {pending > 0 && <li data-testid="sync-pending">{t('sync.pending', { count: pending })}</li>}
        {rejected > 0 && <li data-testid="sync-rejected" className="field-error">{t('sync.rejected', { count: rejected })}</li>}
      </ul>
      {canSync && (
        <Button appearance="secondary-action-button" type="button" onClick={() => void syncNow()}>
          {t('sync.syncNow')}
        </Button>
      )}
      {failure && <ErrorNotice error={failure} />}
    </section>
  );
}
