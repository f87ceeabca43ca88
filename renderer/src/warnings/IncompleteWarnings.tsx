import { useTranslation } from 'react-i18next';
import { useCall } from '../api/use-call.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDay } from '../format.js';
import { warningHref } from '../routing.js';

const refreshOn = ['sync.statusChanged', 'session.changed'] as const;

/** On the worklist: warnings whose subject was not told yet, by deadline, each linking to the warning. */
export function IncompleteWarnings() {
  const { t, i18n } = useTranslation();
  const list = useCall('warnings.incomplete', {}, refreshOn).result;
  if (list.state === 'failed') return <ErrorNotice error={list.error} />;
  if (list.state !== 'ready' || list.value.length === 0) return null;
  return (
    <section aria-labelledby="worklist-warnings" data-testid="worklist-warnings">
      <h2 id="worklist-warnings">
        {t('warnings.worklist.title')} ({list.value.length})
      </h2>
      <ul className="tasks">
        {list.value.map((warning) => (
          <li key={warning.id} className={`task${warning.overdue ? ' task-overdue' : ''}`}>
            <a href={warningHref(warning.id)}>{t('warnings.worklist.item', { measure: t(`warnings.measure.${warning.measure}`), from: formatDay(warning.valid_from, i18n.language) })}</a>{' '}
            <strong>{t('warnings.worklist.due', { date: formatDay(warning.notification_due, i18n.language) })}</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}
