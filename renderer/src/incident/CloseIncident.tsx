import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract/result.js';
import type { Incident } from '../../../shared/incident/incident-contract.js';
import { useApi } from '../api/api-context.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { Button, FormLabel, Textarea } from '@utrecht/component-library-react';

/** Closing: straightforward when the mandatory follow-up is done, otherwise only with a reason. */
export function CloseIncident({ incident, onClosed }: { incident: Incident; onClosed: (incident: Incident) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [reason, setReason] = useState('');
  const [failure, setFailure] = useState<ContractError | null>(null);
  const needsReason = incident.tasks.some((task) => task.mandatory && task.status === 'open');
  const close = async () => {
    setFailure(null);
    const result = await api.invoke('incident.close', { id: incident.id, ...(reason.trim() ? { reason } : {}) });
    if (result.ok) onClosed(result.value);
    else setFailure(result.error);
  };
  return (
    <div className="close-incident">
      {needsReason && (
        <div className="field">
          <FormLabel htmlFor="close-reason">{t('incident.record.closeReason')}</FormLabel>
          <Textarea id="close-reason" rows={2} maxLength={1000} value={reason} onChange={(event) => setReason(event.target.value)} />
        </div>
      )}
      <Button appearance="secondary-action-button" type="button" onClick={() => void close()}>
        {t('incident.record.close')}
      </Button>
      {failure && <ErrorNotice error={failure} />}
    </div>
  );
}
