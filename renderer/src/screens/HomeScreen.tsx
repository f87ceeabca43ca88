import { useTranslation } from 'react-i18next';
import { useDeviceStatus } from '../api/api-context.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { SyncPanel } from '../components/SyncPanel.js';
import { formatDateTime } from '../format.js';
import { QuickLog } from '../incident/QuickLog.js';
import { routeHref } from '../routing.js';

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
        <p className="notice">
          {t('home.setUpHint')} <a href={routeHref.settings}>{t('app.nav.settings')}</a>
        </p>
      )}
      <dl className="facts">
        <dt>{t('home.organisation')}</dt>
        <dd data-testid="status-organisation">{organisation?.name ?? notSet}</dd>
        <dt>{t('home.site')}</dt>
        <dd data-testid="status-site">{site?.name ?? notSet}</dd>
        <dt>{t('home.desk')}</dt>
        <dd data-testid="status-desk">{desk ? `${desk.name}${desk.floor ? ` · ${t('home.floor')} ${desk.floor}` : ''}` : notSet}</dd>
        <dt>{t('home.connection')}</dt>
        <dd data-testid="status-connection" className={`connection connection-${connection}`}>
          {t(`connection.${connection}`)}
        </dd>
      </dl>
      {settingsUpdatedAt && <p className="muted">{t('home.updatedAt', { date: formatDateTime(settingsUpdatedAt, i18n.language) })}</p>}
      {desk && <QuickLog />}
      <SyncPanel />
    </section>
  );
}
