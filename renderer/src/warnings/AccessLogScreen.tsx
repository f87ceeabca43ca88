import { useTranslation } from 'react-i18next';
import { useCall } from '../api/use-call.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatShort } from '../format.js';
import { warningHref } from '../routing.js';
import { SignInForm } from '../staff/SessionControl.js';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';

/** Who looked up or looked at the organisation's warnings, newest first. Reading the log is not itself a view of a warning. */
export function AccessLogScreen() {
  const { t, i18n } = useTranslation();
  const log = useCall('warnings.accessLog', {}, ['session.changed', 'sync.statusChanged']).result;
  return (
    <section aria-labelledby="access-log-title">
      <h1 id="access-log-title">{t('warnings.log.title')}</h1>
      <p>{t('warnings.log.intro')}</p>
      {log.state === 'failed' && (log.error.code === 'SIGN_IN_REQUIRED' || log.error.code === 'FORBIDDEN' ? <SignInForm /> : <ErrorNotice error={log.error} />)}
      {log.state === 'ready' && log.value.length === 0 && <p className="muted">{t('warnings.log.empty')}</p>}
      {log.state === 'ready' && log.value.length > 0 && (
        <Table className="incidents">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('warnings.log.at')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('warnings.log.actor')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('warnings.log.desk')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('warnings.log.action')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('warnings.log.result')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('warnings.log.warning')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {log.value.map((entry) => (
              <TableRow key={entry.hash} data-testid="access-entry">
                <TableCell>{formatShort(entry.at, i18n.language)}</TableCell>
                <TableCell>{entry.actor}</TableCell>
                <TableCell>{entry.desk}</TableCell>
                <TableCell>{t(`warnings.log.actions.${entry.action}`)}</TableCell>
                <TableCell>{entry.result ? t(`warnings.log.results.${entry.result}`) : ''}</TableCell>
                <TableCell>{entry.warning_id ? <a href={warningHref(entry.warning_id)} aria-label={`${t('warnings.log.open')} ${entry.warning_id.slice(0, 8)}`}>{entry.warning_id.slice(0, 8)}</a> : ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
