import { useTranslation } from 'react-i18next';
import type { Warning } from '../../../shared/warnings/warning.js';
import { useCall } from '../api/use-call.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDay } from '../format.js';
import { accessLogHref, newWarningHref, subjectAccessHref, warningHref } from '../routing.js';
import { SignInForm } from '../staff/SessionControl.js';
import { measureText } from './warning-texts.js';
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@utrecht/component-library-react';

// Opening the list is logged, and a log entry is pushed, so it must not reload on every sync.
const refreshOn = ['session.changed'] as const;

/** Active first, then those not yet in force, then the ended and revoked ones, each by end date. */
const stateOrder: Record<Warning['state'], number> = { active: 0, pending: 1, ended: 2, revoked: 3 };
export const byState = (a: Warning, b: Warning) => stateOrder[a.state] - stateOrder[b.state] || (a.valid_until < b.valid_until ? 1 : a.valid_until > b.valid_until ? -1 : 0);

/** A coordinator's list of the organisation's warnings. */
export function WarningsScreen() {
  const { t, i18n } = useTranslation();
  const list = useCall('warnings.list', {}, refreshOn).result;
  const day = (value: string) => formatDay(value, i18n.language);
  return (
    <section aria-labelledby="warnings-title">
      <h1 id="warnings-title">{t('warnings.manage.title')}</h1>
      <p>{t('warnings.manage.intro')}</p>
      <p className="actions">
        <a href={newWarningHref()} className="button-link">
          {t('warnings.manage.create')}
        </a>{' '}
        <a href={subjectAccessHref}>{t('warnings.manage.subjectAccess')}</a> · <a href={accessLogHref}>{t('warnings.manage.accessLog')}</a>
      </p>
      {list.state === 'failed' && (list.error.code === 'SIGN_IN_REQUIRED' || list.error.code === 'FORBIDDEN' ? <SignInForm /> : <ErrorNotice error={list.error} />)}
      {list.state === 'loading' && <p role="status">{t('home.loading')}</p>}
      {list.state === 'ready' && list.value.length === 0 && <p className="muted">{t('warnings.manage.empty')}</p>}
      {list.state === 'ready' && list.value.length > 0 && (
        <Table className="incidents warnings-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('warnings.manage.subject')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('warnings.manage.measure')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('warnings.manage.period')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('warnings.manage.status')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {[...list.value].sort(byState).map((warning) => (
              <TableRow key={warning.id} className={`warning-${warning.state}`} data-testid="warning-row">
                <TableCell>
                  <a href={warningHref(warning.id)}>{warning.subject.name}</a>
                </TableCell>
                <TableCell>{measureText(t, warning.measure)}</TableCell>
                <TableCell>{t('warnings.manage.periodValue', { from: day(warning.valid_from), until: day(warning.valid_until) })}</TableCell>
                <TableCell>
                  <span className={`state state-${warning.state}`}>{t(`warnings.state.${warning.state}`)}</span>
                  {warning.notification_due && (
                    <>
                      {' '}
                      <span className="badge">{t('warnings.state.incomplete')}</span> <span className="deadline">{t('warnings.manage.notifyBy', { date: day(warning.notification_due) })}</span>
                    </>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
