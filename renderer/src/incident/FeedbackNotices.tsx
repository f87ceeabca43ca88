import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract/result.js';
import { useApi } from '../api/api-context.js';
import { useCall } from '../api/use-call.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatShort } from '../format.js';
import { incidentHref } from '../routing.js';
import { Button } from '@utrecht/component-library-react';

/**
 * The coordinator's feedback on the signed-in person's own incidents, shown after sign-in at
 * any desk until they mark it read; from then on it stays under the incident only.
 */
export function FeedbackNotices() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { result, reload } = useCall('feedback.unread', {}, ['session.changed']);
  const [failure, setFailure] = useState<ContractError | null>(null);
  if (result.state !== 'ready' || result.value.length === 0) return null;
  const dismiss = async () => {
    setFailure(null);
    for (const notice of result.value) {
      const read = await api.invoke('feedback.markRead', { taskId: notice.task_id });
      if (!read.ok) {
        setFailure(read.error);
        return;
      }
    }
    reload();
  };
  return (
    <section aria-labelledby="feedback-title" className="notice feedback-notice" data-testid="feedback-notice">
      <h2 id="feedback-title">{t('feedback.notice.title')}</h2>
      {result.value.map((notice) => (
        <article key={notice.task_id} aria-label={t('feedback.notice.about', { date: formatShort(notice.occurred_at, i18n.language), forms: notice.forms.map((form) => t(`incident.forms.${form}`)).join(', ') })}>
          <p>
            <strong>{t('feedback.notice.about', { date: formatShort(notice.occurred_at, i18n.language), forms: notice.forms.map((form) => t(`incident.forms.${form}`)).join(', ') })}</strong>
          </p>
          <p data-testid="feedback-note">{notice.note}</p>
          {notice.done_by && notice.done_at && <p className="muted">{t('feedback.notice.from', { name: notice.done_by, date: formatShort(notice.done_at, i18n.language) })}</p>}
          <p>
            <a href={incidentHref(notice.incident_id)}>{t('feedback.notice.open')}</a>
          </p>
        </article>
      ))}
      {failure && <ErrorNotice error={failure} />}
      <Button appearance="secondary-action-button" type="button" onClick={() => void dismiss()}>
        {t('feedback.notice.dismiss')}
      </Button>
    </section>
  );
}
