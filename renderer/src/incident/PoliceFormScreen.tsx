import { useTranslation } from 'react-i18next';
import { useDeviceStatus } from '../api/api-context.js';
import { useCall } from '../api/use-call.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDateTime } from '../format.js';
import { incidentHref } from '../routing.js';
import { Button, DataList, DataListKey, DataListValue } from '@utrecht/component-library-react';

/**
 * The "7 W" facts to take to the police (what, where, when, who, how, why, with what):
 * a plain page that prints cleanly on A4 (the menu and buttons do not print).
 */
export function PoliceFormScreen({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const loaded = useCall('incident.get', { id }).result;
  const device = useDeviceStatus();
  if (loaded.state === 'failed') return <ErrorNotice error={loaded.error} />;
  if (loaded.state !== 'ready') return <p role="status">{t('home.loading')}</p>;
  const incident = loaded.value;
  const none = <span className="muted">{t('incident.police.none')}</span>;
  const orNone = (value: string | undefined) => (value?.trim() ? value : none);
  const organisation = device.state === 'ready' ? device.value.organisation?.name : undefined;
  const rows: [string, React.ReactNode][] = [
    [t('incident.police.what'), [incident.forms.map((form) => t(`incident.forms.${form}`)).join(', '), incident.narrative].filter(Boolean).join('. ')],
    [t('incident.police.where'), [incident.location ?? incident.desk_name, incident.site_name, organisation].filter(Boolean).join(', ')],
    [t('incident.police.when'), formatDateTime(incident.occurred_at, i18n.language)],
    [t('incident.police.who'), <>
      <strong>{t('incident.police.perpetrator')}:</strong> {incident.perpetrator_description?.trim() ? incident.perpetrator_description : t(`incident.perpetrators.${incident.perpetrator_kind ?? 'unknown'}`)}
      <br />
      <strong>{t('incident.police.reporter')}:</strong> {orNone(incident.reporter_name)}
      <br />
      <strong>{t('incident.police.witnesses')}:</strong> {orNone(incident.witnesses)}
    </>],
    [t('incident.police.how'), t(`incident.channels.${incident.channel}`)],
    [t('incident.police.why'), incident.causes?.length ? incident.causes.map((cause) => t(`incident.causes.${cause}`)).join(', ') : none],
    [t('incident.police.withWhat'), orNone(incident.means)],
    [t('incident.police.injury'), incident.injury === undefined ? none : t(incident.injury ? 'incident.police.yes' : 'incident.police.no')],
    [t('incident.police.damage'), incident.damage_amount_cents ? new Intl.NumberFormat(i18n.language, { style: 'currency', currency: 'EUR' }).format(incident.damage_amount_cents / 100) : none],
    [t('incident.police.evidence'), orNone(incident.evidence)],
    [t('incident.police.reference'), incident.id],
  ];
  return (
    <article className="police-form" aria-labelledby="police-title">
      <h1 id="police-title">{t('incident.police.title')}</h1>
      <p>{t('incident.police.intro')}</p>
      <DataList className="seven-w">
        {rows.map(([term, value]) => (
          <div key={term}>
            <DataListKey>{term}</DataListKey>
            <DataListValue>{value || none}</DataListValue>
          </div>
        ))}
      </DataList>
      <p className="no-print">
        <Button appearance="primary-action-button" type="button" onClick={() => window.print()}>
          {t('incident.police.print')}
        </Button>{' '}
        <a href={incidentHref(id)}>{t('incident.police.back')}</a>
      </p>
    </article>
  );
}
