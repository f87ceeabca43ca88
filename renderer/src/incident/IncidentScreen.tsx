import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract/result.js';
import type { Incident } from '../../../shared/incident/incident-contract.js';
import { useApi } from '../api/api-context.js';
import { useCall } from '../api/use-call.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDateTime } from '../format.js';
import { policeFormHref, routeHref } from '../routing.js';
import { SignInForm } from '../staff/SessionControl.js';
import { mayCall, useDeskRole } from '../access.js';
import { AftercareAnswers } from './AftercareAnswers.js';
import { CloseIncident } from './CloseIncident.js';
import { RecordForm } from './RecordForm.js';
import { TaskList } from './TaskList.js';
import { Alert, Button } from '@utrecht/component-library-react';

/** One incident: the full record (saving itself), its follow-up, and closing it. */
export function IncidentScreen({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const role = useDeskRole();
  const loaded = useCall('incident.get', { id }, ['session.changed']).result;
  const [incident, setIncident] = useState<Incident | null>(null);
  const [failure, setFailure] = useState<ContractError | null>(null);
  const [formsChosen, setFormsChosen] = useState(true);
  const [noForm, setNoForm] = useState(false);
  useEffect(() => {
    if (loaded.state === 'ready') setIncident(loaded.value);
  }, [loaded]);

  if (loaded.state === 'failed') {
    return (
      <section aria-labelledby="incident-title">
        <h1 id="incident-title">{loaded.error.code === 'DAMAGED_RECORD' ? t('incident.list.damaged', { id }) : t('incident.list.title')}</h1>
        {loaded.error.code === 'SIGN_IN_REQUIRED' ? <SignInForm /> : <ErrorNotice error={loaded.error} />}
        {loaded.error.code === 'DAMAGED_RECORD' && (
          <p>
            <a href={routeHref.incidents}>{t('incident.record.backToList')}</a>
          </p>
        )}
      </section>
    );
  }
  if (!incident) return <p role="status">{t('home.loading')}</p>;
  const mayComplete = role !== null && mayCall(role, 'incident.completeTask');
  const mayClose = role !== null && mayCall(role, 'incident.close');
  const submit = async () => {
    if (!formsChosen) {
      setNoForm(true);
      document.querySelector<HTMLInputElement>('.record-section input[type=checkbox]')?.focus();
      return;
    }
    const result = await api.invoke('incident.submit', { id });
    if (result.ok) setIncident(result.value);
    else setFailure(result.error);
  };
  return (
    <section aria-labelledby="incident-title">
      <h1 id="incident-title">{t('incident.record.title', { date: formatDateTime(incident.occurred_at, i18n.language) })}</h1>
      <p className="muted">
        {t(`incident.statuses.${incident.status}`)}
        {incident.reporter_name ? ` · ${t('incident.record.reporter', { name: incident.reporter_name })}` : ''}
        {incident.alarm_id ? ` · ${t('incident.record.fromAlarm')}` : ''}
      </p>
      {incident.status === 'draft' && (
        <Alert type="info" role="note" className="notice">
          <p>{t('incident.record.draftNotice')}</p>
          <Button appearance="primary-action-button" type="button" onClick={() => void submit()}>
            {t('incident.record.submit')}
          </Button>
          {noForm && !formsChosen && (
            <p role="alert" className="field-error">
              {t('incident.validation.choose_a_form')}
            </p>
          )}
        </Alert>
      )}
      {incident.status === 'closed' && incident.closed_by && incident.closed_at && (
        <Alert type="info" role="note" className="notice">
          {t('incident.record.closed', { name: incident.closed_by, date: formatDateTime(incident.closed_at, i18n.language) })} {incident.close_reason ? t('incident.record.closedReason', { reason: incident.close_reason }) : ''}
        </Alert>
      )}
      {failure && <ErrorNotice error={failure} />}
      <p>
        <a href={policeFormHref(id)}>{t('incident.record.policeForm')}</a>
      </p>
      <RecordForm key={incident.id} incident={incident} readOnly={incident.status === 'closed'} onSaved={setIncident} onFormsChosen={setFormsChosen} />
      {incident.status !== 'draft' && (
        <section aria-labelledby="follow-up-title">
          <h2 id="follow-up-title">{t('incident.record.sections.followUp')}</h2>
          <TaskList tasks={incident.tasks} canManage={mayComplete && incident.status === 'open'} onChanged={setIncident} />
          <AftercareAnswers incident={incident} onChanged={setIncident} />
          {incident.damaged_tasks?.map((taskId) => (
            <p key={taskId} className="field-error">
              {t('incident.record.damagedTask', { id: taskId })}
            </p>
          ))}
          {mayClose && incident.status === 'open' && <CloseIncident incident={incident} onClosed={setIncident} />}
        </section>
      )}
    </section>
  );
}
