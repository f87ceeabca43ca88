import { useTranslation } from 'react-i18next';
import { today } from '../../../shared/warnings/warning.js';
import { useDeviceStatus } from '../api/api-context.js';
import { useCall } from '../api/use-call.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDay } from '../format.js';
import { warningHref } from '../routing.js';
import { measureText } from './warning-texts.js';
import { Button } from '@utrecht/component-library-react';

/**
 * The letter that tells the person what was decided, why, until when and how to object. It
 * is always in Dutch (an official decision to a citizen); the buttons around it follow the
 * screen's language and do not print.
 */
export function WarningLetterScreen({ id, now = new Date() }: { id: string; now?: Date }) {
  const { t, i18n } = useTranslation();
  const nl = i18n.getFixedT('nl');
  const loaded = useCall('warnings.get', { id }).result;
  const device = useDeviceStatus();
  if (loaded.state === 'failed') return <ErrorNotice error={loaded.error} />;
  if (loaded.state !== 'ready') return <p role="status">{t('home.loading')}</p>;
  const warning = loaded.value;
  const organisation = (device.state === 'ready' ? device.value.organisation?.name : undefined) ?? '';
  const day = (value: string) => formatDay(value, 'nl');
  return (
    <article className="letter" aria-labelledby="letter-title" lang="nl">
      <div className="no-print" lang={i18n.language}>
        <h1 id="letter-title">{t('warnings.letter.title')}</h1>
        <p>{t('warnings.letter.intro')}</p>
      </div>
      <p className="letter-sender">
        <strong>{organisation}</strong>
      </p>
      <p className="letter-address">{nl('warnings.letter.address', { name: warning.subject.name })}</p>
      <p>{nl('warnings.letter.date', { date: day(today(now)) })}</p>
      <p>
        <strong>{nl('warnings.letter.subject', { organisation })}</strong>
      </p>
      <p>{nl('warnings.letter.salutation')}</p>
      <p>{nl('warnings.letter.decided', { measure: measureText(nl, warning.measure) })}</p>
      <p>{nl('warnings.letter.why', { reason: nl(`warnings.reason.${warning.reason_category}`).toLowerCase() })}</p>
      <p>{nl('warnings.letter.until', { from: day(warning.valid_from), until: day(warning.valid_until) })}</p>
      <p>{nl('warnings.letter.partners')}</p>
      <h2>{nl('warnings.letter.objectTitle')}</h2>
      <p>{nl('warnings.letter.object', { organisation, contact: warning.contact })}</p>
      <p>{nl('warnings.letter.access')}</p>
      <p>{nl('warnings.letter.closing')}</p>
      <p>{nl('warnings.letter.signature', { decidedBy: warning.decided_by, organisation })}</p>
      <p className="no-print" lang={i18n.language}>
        <Button appearance="primary-action-button" type="button" onClick={() => window.print()}>
          {t('warnings.letter.print')}
        </Button>{' '}
        <a href={warningHref(id)}>{t('warnings.letter.back')}</a>
      </p>
    </article>
  );
}
