import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract/result.js';
import type { WarningCheckResult } from '../../../shared/warnings/warning.js';
import { useApi } from '../api/api-context.js';
import { DateField, refuseUnreadableDates } from '../components/DateField.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDay } from '../format.js';
import { Alert, Button, FormLabel, Textbox } from '@utrecht/component-library-react';

/**
 * The desk check: type a name (and a date of birth if known), press Enter. The answer is hit
 * or no hit, and on a hit only the measure, until when and whom to call; the core gives
 * nothing more, so nothing more can be shown.
 */
export function WarningCheckScreen() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [name, setName] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [answer, setAnswer] = useState<{ name: string; result: WarningCheckResult } | null>(null);
  const [failure, setFailure] = useState<ContractError | null>(null);

  const check = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // A birth date typed wrongly would check on the name alone: say so instead.
    if (refuseUnreadableDates(event.currentTarget)) return;
    setFailure(null);
    const result = await api.invoke('warnings.check', { name, ...(birthDate ? { birth_date: birthDate } : {}) });
    if (result.ok) setAnswer({ name, result: result.value });
    else {
      setAnswer(null);
      setFailure(result.error);
    }
  };

  return (
    <section aria-labelledby="warning-check-title">
      <h1 id="warning-check-title">{t('warnings.check.title')}</h1>
      <p>{t('warnings.check.intro')}</p>
      <form onSubmit={(event) => void check(event)} className="warning-check">
        <FormLabel>
          {t('warnings.check.name')}
          <Textbox type="text" value={name} onChange={(event) => setName(event.target.value)} required maxLength={120} autoComplete="off" autoFocus />
        </FormLabel>
        <div className="field">
          <FormLabel htmlFor="warning-check-birth-date">{t('warnings.check.birthDate')}</FormLabel>
          <DateField id="warning-check-birth-date" value={birthDate} onChange={setBirthDate} />
        </div>
        <Button appearance="primary-action-button" type="submit">{t('warnings.check.submit')}</Button>
      </form>
      {failure && <ErrorNotice error={failure} />}
      <div role="status" aria-live="polite">
        {answer && !answer.result.hit && <Alert type="info" role="note" className="notice">{t('warnings.check.noHit')}</Alert>}
        {answer?.result.hit && (
          <Alert type="error" role="note" className="notice notice-error">
            <p>
              <strong>{t('warnings.check.hit')}</strong>
            </p>
            <ul>
              {answer.result.hits.map((hit, index) => (
                <li key={index}>
                  <strong>{t(`warnings.measure.${hit.measure}`)}</strong>
                  {hit.measure_text ? `: ${hit.measure_text}` : ''}. {t('warnings.check.until', { date: formatDay(hit.valid_until, i18n.language) })}. {t('warnings.check.call', { contact: hit.contact, organisation: hit.organisation })}
                </li>
              ))}
            </ul>
          </Alert>
        )}
      </div>
    </section>
  );
}
