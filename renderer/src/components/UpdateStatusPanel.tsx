import { useTranslation } from 'react-i18next';
import { updateStatusLines } from '../../../shared/updates/update-status.js';
import { useCall } from '../api/use-call.js';
import { formatDateTime } from '../format.js';
import { ErrorNotice } from './ErrorNotice.js';

/** The version and where updates stand, so an administrator need not open the tray to know. */
export function UpdateStatusPanel() {
  const { t, i18n } = useTranslation();
  const { result } = useCall('updates.status', {});
  if (result.state === 'loading') return null;
  if (result.state === 'failed') return <ErrorNotice error={result.error} call="updates.status" />;
  return (
    <section aria-labelledby="updates-title" className="updates-panel">
      <h2 id="updates-title">{t('updates.title')}</h2>
      <ul className="facts-list" data-testid="update-status">
        {updateStatusLines(result.value).map(({ key, values, problem }) => (
          <li key={key} data-testid={`update-${key}`} className={problem ? 'field-error' : undefined}>
            {t(`updates.${key}`, { ...values, at: values?.at ? formatDateTime(values.at, i18n.language) : undefined })}
          </li>
        ))}
      </ul>
    </section>
  );
}
