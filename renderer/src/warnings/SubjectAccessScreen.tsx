import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract/result.js';
import type { SubjectAccessExport } from '../../../shared/warnings/warning.js';
import { useApi } from '../api/api-context.js';
import { DateField, refuseUnreadableDates } from '../components/DateField.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDateTime, formatDay, formatShort } from '../format.js';
import { measureText } from './warning-texts.js';
import { Button, FormLabel, Textbox } from '@utrecht/component-library-react';

/** The file name of the JSON export: the person's name as letters and digits, and the day. */
export function exportFileName(data: SubjectAccessExport): string {
  const name = data.subject.name.normalize('NFD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'inzage';
  return `inzage-${name}-${data.generated_at.slice(0, 10)}.json`;
}

/** A subject access request (AVG art. 15): one person's data as a printable page and as JSON. The export is logged by the core. */
export function SubjectAccessScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const [name, setName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [data, setData] = useState<SubjectAccessExport | null>(null);
  const [failure, setFailure] = useState<ContractError | null>(null);
  const make = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // A birth date typed wrongly would gather on the name alone: say so instead.
    if (refuseUnreadableDates(event.currentTarget)) return;
    setFailure(null);
    const result = await api.invoke('warnings.subjectAccess', { name, ...(birthDate ? { birth_date: birthDate } : {}) });
    if (result.ok) setData(result.value);
    else {
      setData(null);
      setFailure(result.error);
    }
  };
  return (
    <section aria-labelledby="subject-access-title" className="subject-access">
      <div className="no-print">
        <h1 id="subject-access-title">{t('warnings.subjectAccess.title')}</h1>
        <p>{t('warnings.subjectAccess.intro')}</p>
        <form onSubmit={(event) => void make(event)} className="warning-check">
          <FormLabel>
            {t('warnings.subjectAccess.name')}
            <Textbox type="text" value={name} onChange={(event) => setName(event.target.value)} required maxLength={120} autoComplete="off" />
          </FormLabel>
          <div className="field">
            <FormLabel htmlFor="subject-access-birth-date">{t('warnings.subjectAccess.birthDate')}</FormLabel>
            <DateField id="subject-access-birth-date" value={birthDate} onChange={setBirthDate} />
          </div>
          <Button appearance="primary-action-button" type="submit">{t('warnings.subjectAccess.submit')}</Button>
        </form>
        {failure && <ErrorNotice error={failure} />}
      </div>
      {data && <SubjectAccessReport data={data} />}
    </section>
  );
}

function SubjectAccessReport({ data }: { data: SubjectAccessExport }) {
  const { t, i18n } = useTranslation();
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
    setHref(url);
    return () => URL.revokeObjectURL(url);
  }, [data]);
  const day = (value: string) => formatDay(value, i18n.language);
  return (
    <article aria-labelledby="subject-report-title" data-testid="subject-report">
      <h2 id="subject-report-title">{t('warnings.subjectAccess.heading', { name: data.subject.name })}</h2>
      <p>{t('warnings.subjectAccess.generated', { date: formatDateTime(data.generated_at, i18n.language), organisation: data.organisation })}</p>
      <h3>{t('warnings.subjectAccess.warnings')}</h3>
      {data.warnings.length === 0 ? (
        <p>{t('warnings.subjectAccess.noWarnings')}</p>
      ) : (
        <ul>
          {data.warnings.map((warning) => (
            <li key={warning.id}>
              {measureText(t, warning.measure)}; {t('warnings.manage.periodValue', { from: day(warning.valid_from), until: day(warning.valid_until) })}; {t(`warnings.state.${warning.state}`)}.{' '}
              {t('warnings.detail.reason')}: {t(`warnings.reason.${warning.reason_category}`)}
              {warning.reason_note ? ` (${warning.reason_note})` : ''}. {t('warnings.detail.decidedBy')}: {warning.decided_by}.
              {warning.revoked_at ? ` ${t('warnings.detail.revoked', { date: formatShort(warning.revoked_at, i18n.language), reason: warning.revoke_reason ?? '' })}` : ''}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('warnings.subjectAccess.incidents')}</h3>
      {data.incidents.length === 0 ? (
        <p>{t('warnings.subjectAccess.noIncidents')}</p>
      ) : (
        <ul>
          {data.incidents.map((incident) => (
            <li key={incident.id}>
              {t('warnings.subjectAccess.incidentLine', { date: formatDateTime(incident.occurred_at, i18n.language), location: incident.location ?? '–', forms: incident.forms.map((form) => t(`incident.forms.${form}`)).join(', ') })}
              {incident.perpetrator_description ? <p>{incident.perpetrator_description}</p> : null}
              {incident.narrative ? <p>{incident.narrative}</p> : null}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('warnings.subjectAccess.letters')}</h3>
      <ul>
        {data.letters.map((letter) => (
          <li key={letter.warning_id}>
            {letter.letter_sent_on ? t('warnings.detail.letterSent', { date: day(letter.letter_sent_on) }) : letter.notification_exception ? t('warnings.detail.exception', { reason: letter.notification_exception }) : t('warnings.state.incomplete')}
          </li>
        ))}
      </ul>
      <h3>{t('warnings.subjectAccess.accessLog')}</h3>
      {data.access_log.length === 0 ? (
        <p>{t('warnings.subjectAccess.noEntries')}</p>
      ) : (
        <ul>
          {data.access_log.map((entry, index) => (
            <li key={index}>
              {formatShort(entry.at, i18n.language)}: {t(`warnings.log.actions.${entry.action}`)}, {entry.actor} ({entry.desk}){entry.result ? `, ${t(`warnings.log.results.${entry.result}`)}` : ''}
            </li>
          ))}
        </ul>
      )}
      <p className="no-print">
        <Button appearance="secondary-action-button" type="button" onClick={() => window.print()}>
          {t('warnings.subjectAccess.print')}
        </Button>{' '}
        {href && (
          <a href={href} download={exportFileName(data)} className="button-link">
            {t('warnings.subjectAccess.download')}
          </a>
        )}
      </p>
    </article>
  );
}
