import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract/result.js';
import { enrolInputSchema } from '../../../shared/domain/sync-status.js';
import { useApi } from '../api/api-context.js';
import { useSyncStatus } from '../api/use-sync-status.js';
import { formatDateTime } from '../format.js';
import { ErrorNotice } from './ErrorNotice.js';

/** Trades the administrator's one-time code for this PC's credential. */
export function EnrolForm() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [status, setStatus] = useSyncStatus();
  const [failure, setFailure] = useState<ContractError | null>(null);
  const { register, handleSubmit, formState, reset } = useForm<{ code: string }>({ resolver: zodResolver(enrolInputSchema), defaultValues: { code: '' } });
  if (status.state !== 'ready' || status.value.phase === 'unconfigured') return null;
  const enrol = handleSubmit(async ({ code }) => {
    setFailure(null);
    const result = await api.invoke('sync.enrol', { code });
    if (result.ok) {
      setStatus(result.value);
      reset();
    } else {
      setFailure(result.error);
    }
  });
  const codeError = formState.errors.code ? t(`validation.${formState.errors.code.message === 'too_long' ? 'too_long' : 'required'}`) : null;
  return (
    <section aria-labelledby="enrol-title">
      <h2 id="enrol-title">{t('sync.enrolTitle')}</h2>
      {status.value.enrolledAt && (
        <p role="status" className="notice notice-ok">
          {t('sync.enrolled', { date: formatDateTime(status.value.enrolledAt, i18n.language) })}
        </p>
      )}
      <p>{t('sync.enrolIntro')}</p>
      <form onSubmit={enrol} noValidate>
        <div className="field">
          <label htmlFor="enrol-code">{t('sync.enrolCode')}</label>
          <input id="enrol-code" autoComplete="off" spellCheck={false} aria-invalid={codeError ? true : undefined} aria-describedby={codeError ? 'enrol-code-error' : undefined} {...register('code')} />
          {codeError && (
            <p id="enrol-code-error" className="field-error">
              {codeError}
            </p>
          )}
        </div>
        <button type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? t('sync.enrolling') : t('sync.enrol')}
        </button>
      </form>
      {failure && <ErrorNotice error={failure} />}
    </section>
  );
}
