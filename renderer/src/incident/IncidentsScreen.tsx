import { useTranslation } from 'react-i18next';
import { isDamaged } from '../../../shared/incident/incident-contract.js';
import { useCall } from '../api/use-call.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatShort } from '../format.js';
import { incidentHref } from '../routing.js';
import { SignInForm } from '../staff/SessionControl.js';
import { useDeskSession } from '../staff/use-desk-session.js';
import { QuickLog } from './QuickLog.js';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';

const refreshOn = ['incidents.changed', 'sync.statusChanged', 'session.changed'] as const;

/** Your incidents, or, for a coordinator, the organisation's. */
export function IncidentsScreen() {
  const { t, i18n } = useTranslation();
  const session = useDeskSession();
  const list = useCall('incident.list', {}, refreshOn).result;
  const seesAll = session.state === 'ready' && (session.value.staff?.role === 'coordinator' || session.value.staff?.role === 'admin');
  return (
    <section aria-labelledby="incidents-title">
      <h1 id="incidents-title">{t('incident.list.title')}</h1>
      {list.state === 'failed' && (list.error.code === 'SIGN_IN_REQUIRED' ? <SignInForm /> : <ErrorNotice error={list.error} />)}
      {list.state === 'ready' && (
        <>
          <p>{seesAll ? t('incident.list.all') : t('incident.list.mine')}</p>
          {list.value.length === 0 ? (
            <p className="muted">{t('incident.list.empty')}</p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-label={t('incident.list.table')}>
            <Table className="incidents">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('incident.list.when')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('incident.list.what')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('incident.list.where')}</TableHeaderCell>
                  {seesAll && <TableHeaderCell scope="col">{t('incident.list.reporter')}</TableHeaderCell>}
                  <TableHeaderCell scope="col">{t('incident.list.status')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('incident.list.followUp')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {list.value.map((incident) =>
                  isDamaged(incident) ? (
                    <TableRow key={incident.id} className="damaged">
                      <TableCell colSpan={seesAll ? 6 : 5}>
                        <a href={incidentHref(incident.id)}>{t('incident.list.damaged', { id: incident.id })}</a>
                      </TableCell>
                    </TableRow>
                  ) : (
                  <TableRow key={incident.id}>
                    <TableCell>
                      <a href={incidentHref(incident.id)}>{formatShort(incident.occurred_at, i18n.language)}</a>
                    </TableCell>
                    <TableCell>{incident.forms.map((form) => t(`incident.forms.${form}`)).join(', ')}</TableCell>
                    <TableCell>{incident.location ?? ''}</TableCell>
                    {seesAll && <TableCell>{incident.reporter_name ?? ''}</TableCell>}
                    <TableCell>{t(`incident.statuses.${incident.status}`)}</TableCell>
                    <TableCell>
                      {incident.open_tasks > 0 && t('incident.list.openTasks', { count: incident.open_tasks })}
                      {incident.overdue_tasks > 0 && <strong className="overdue"> · {t('incident.list.overdueTasks', { count: incident.overdue_tasks })}</strong>}
                    </TableCell>
                  </TableRow>
                  ),
                )}
              </TableBody>
            </Table>
            </div>
          )}
        </>
      )}
      <QuickLog />
    </section>
  );
}
