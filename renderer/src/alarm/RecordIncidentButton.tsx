import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract/result.js';
import { useApi } from '../api/api-context.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { incidentHref } from '../routing.js';
import { Button } from '@utrecht/component-library-react';

/** After an alarm is resolved: a draft incident with its time, place, people and the alarm link. */
export function RecordIncidentButton({ alarmId, onOpened, className }: { alarmId: string; onOpened?: () => void; className?: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const [failure, setFailure] = useState<ContractError | null>(null);
  const record = async () => {
    setFailure(null);
    const result = await api.invoke('incident.draftFromAlarm', { alarmId });
    if (!result.ok) return setFailure(result.error);
    onOpened?.();
    window.location.hash = incidentHref(result.value.id);
  };
  return (
    <>
      <Button appearance="secondary-action-button" type="button" className={className} onClick={() => void record()}>
        {t('incident.record.fromAlarmAction')}
      </Button>
      {failure && <ErrorNotice error={failure} />}
    </>
  );
}
