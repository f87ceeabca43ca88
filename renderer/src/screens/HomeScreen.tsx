import { useTranslation } from 'react-i18next';
import { useDeviceStatus } from '../api/api-context.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { SyncPanel } from '../components/SyncPanel.js';
import { formatDateTime } from '../format.js';
import { QuickLog } from '../incident/QuickLog.js';
import { routeHref } from '../routing.js';
import { Alert, DataList, DataListKey, DataListValue } from '@utrecht/component-library-react';

export function HomeScreen() {
  const { t, i18n } = useTranslation();
  const status = useDeviceStatus();
  if (status.state !== 'ready') {
    return (
      <section aria-labelledby="home-title">
        <h1 id="home-title">{t('home.title')}</h1>
        {status.state === 'loading' ? <p role="status">{t('home.loading')}</p> : <ErrorNotice error={status.error} />}
      </section>
    );
  }
  const { organisation, site, desk, connection, settingsUpdatedAt } = status.value;
  const notSet = <span className="muted">{t('home.notSet')}</span>;
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">{t('home.title')}</h1>
      {!desk && (
        <Alert type="info" role="note" className="notice">
          {t('home.setUpHint')} <a href={routeHref.settings}>{t('app.nav.settings')}</a>
        </Alert>
      )}
      <DataList className="facts">
        <DataListKey>{t('home.organisation')}</DataListKey>
        <DataListValue>
          <span data-testid="status-organisation">{organisation?.name ?? notSet}</span>
        </DataListValue>
        <DataListKey>{t('home.site')}</DataListKey>
        <DataListValue>
          <span data-testid="status-site">{site?.name ?? notSet}</span>
        </DataListValue>
        <DataListKey>{t('home.desk')}</DataListKey>
        <DataListValue>
          <span data-testid="status-desk">{desk ? `${desk.name}${desk.floor ? ` · ${t('home.floor')} ${desk.floor}` : ''}` : notSet}</span>
        </DataListValue>
        <DataListKey>{t('home.connection')}</DataListKey>
        {/* The library's value drops data attributes, so the test id sits on the text itself. */}
        <DataListValue className={`connection connection-${connection}`}>
          <span data-testid="status-connection">{t(`connection.${connection}`)}</span>
        </DataListValue>
      </DataList>
      {settingsUpdatedAt && <p className="muted">{t('home.updatedAt', { date: formatDateTime(settingsUpdatedAt, i18n.language) })}</p>}
      {desk && <QuickLog />}
      <SyncPanel />
    </section>
  );
}
