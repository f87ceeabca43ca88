import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, Result } from '../../../shared/contract/result.js';
import { warningLimits, type Warning } from '../../../shared/warnings/warning.js';
import { useApi } from '../api/api-context.js';
import { useCall } from '../api/use-call.js';
import { DateField, refuseUnreadableDates } from '../components/DateField.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDay, formatShort } from '../format.js';
import { incidentHref, routeHref, warningLetterHref } from '../routing.js';
import { SignInForm } from '../staff/SessionControl.js';
import { refusedWarningField, type WarningFormField } from './warning-form.js';
import { measureText, warningValidationMessage } from './warning-texts.js';
import { Alert, Button, DataList, DataListKey, DataListValue, FormLabel, Textarea } from '@utrecht/component-library-react';

/** One warning in full (the view is logged), with what a coordinator can still do to it. */
export function WarningScreen({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const loaded = useCall('warnings.get', { id }, ['session.changed']).result;
  const [warning, setWarning] = useState<Warning | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (loaded.state === 'ready') setWarning(loaded.value);
  }, [loaded]);
  if (loaded.state === 'failed') {
    return (
      <section aria-labelledby="warning-title">
        <h1 id="warning-title">{t('warnings.manage.title')}</h1>
        {loaded.error.code === 'SIGN_IN_REQUIRED' || loaded.error.code === 'FORBIDDEN' ? <SignInForm /> : <ErrorNotice error={loaded.error} />}
      </section>
    );
  }
  if (!warning) return <p role="status">{t('home.loading')}</p>;
  const day = (value: string) => formatDay(value, i18n.language);
  const changed = (next: Warning) => {
    setWarning(next);
    setSaved(true);
  };
  const none = t('warnings.detail.none');
  const rows: [string, ReactNode][] = [
    [t('warnings.detail.birthDate'), warning.subject.birth_date ? day(warning.subject.birth_date) : none],
    [t('warnings.detail.description'), warning.subject.description ?? none],
    [t('warnings.detail.measure'), measureText(t, warning.measure)],
    [t('warnings.detail.period'), t('warnings.manage.periodValue', { from: day(warning.valid_from), until: day(warning.valid_until) })],
    [t('warnings.detail.termReason'), warning.term_reason ?? none],
    [t('warnings.detail.reason'), t(`warnings.reason.${warning.reason_category}`)],
    [t('warnings.detail.reasonNote'), warning.reason_note || none],
    [t('warnings.detail.decidedBy'), warning.decided_by],
    [t('warnings.detail.contact'), warning.contact],
    [
      t('warnings.detail.notification'),
      warning.letter_sent_on ? t('warnings.detail.letterSent', { date: day(warning.letter_sent_on) }) : warning.notification_exception ? t('warnings.detail.exception', { reason: warning.notification_exception }) : none,
    ],
    [
      t('warnings.detail.incidents'),
      warning.incident_ids.length === 0 ? (
        t('warnings.detail.noIncidents')
      ) : (
        <ul className="facts-list">
          {warning.incident_ids.map((incidentId) => (
            <li key={incidentId}>
              <a href={incidentHref(incidentId)}>{incidentId.slice(0, 8)}</a>
            </li>
          ))}
        </ul>
      ),
    ],
  ];
  const editable = warning.state !== 'revoked';
  return (
    <section aria-labelledby="warning-title">
      <h1 id="warning-title">{t('warnings.detail.title', { name: warning.subject.name })}</h1>
      <p>
        <span className={`state state-${warning.state}`}>{t(`warnings.state.${warning.state}`)}</span>
      </p>
      {warning.notification_due && (
        <Alert type="error" role="note" className="notice notice-error" data-testid="warning-incomplete">
          {t('warnings.detail.incomplete', { date: day(warning.notification_due) })}
        </Alert>
      )}
      {warning.revoked_at && <Alert type="info" role="note" className="notice">{t('warnings.detail.revoked', { date: formatShort(warning.revoked_at, i18n.language), reason: warning.revoke_reason ?? '' })}</Alert>}
      <h2>{t('warnings.detail.facts')}</h2>
      <DataList className="facts">
        {rows.map(([term, value]) => (
          <div key={term} className="facts-row">
            <DataListKey>{term}</DataListKey>
            <DataListValue>{value}</DataListValue>
          </div>
        ))}
      </DataList>
      <p>
        <a href={warningLetterHref(warning.id)}>{t('warnings.detail.letter')}</a> · <a href={routeHref.warningsAdmin}>{t('warnings.detail.back')}</a>
      </p>
      <div aria-live="polite">
        {saved && (
          <Alert type="ok" role="status" className="notice notice-ok">
            {t('warnings.detail.saved')}
          </Alert>
        )}
      </div>
      {editable && (
        <>
          <NotifyForm warning={warning} onChanged={changed} />
          <ExtendForm warning={warning} onChanged={changed} />
          <RevokeForm warning={warning} onChanged={changed} />
        </>
      )}
    </section>
  );
}

/** One small form: its fields, the error beside the field the core names, and any other failure below. */
function useSmallForm(onChanged: (warning: Warning) => void) {
  const [failure, setFailure] = useState<ContractError | null>(null);
  const [fieldError, setFieldError] = useState<{ field: WarningFormField; key: string } | null>(null);
  const submit = async (call: () => Promise<Result<Warning>>) => {
    setFailure(null);
    setFieldError(null);
    const result = await call();
    if (result.ok) onChanged(result.value);
    else {
      setFieldError(refusedWarningField(result.error));
      setFailure(result.error);
    }
  };
  return { failure, fieldError, submit };
}

function SmallField({ id, label, error, children }: { id: string; label: string; error: string | null; children: (describedBy: string | undefined) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="field">
      <FormLabel htmlFor={id}>{label}</FormLabel>
      {children(error ? `${id}-error` : undefined)}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {label.replace(/ \*$/, '')}: {warningValidationMessage(t, error)}
        </p>
      )}
    </div>
  );
}

function NotifyForm({ warning, onChanged }: { warning: Warning; onChanged: (warning: Warning) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [letter, setLetter] = useState(warning.letter_sent_on ?? '');
  const [exception, setException] = useState(warning.notification_exception ?? '');
  const { failure, fieldError, submit } = useSmallForm(onChanged);
  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // The letter's date is optional: typed wrongly, it must not be sent as if left empty.
    if (refuseUnreadableDates(event.currentTarget)) return;
    void submit(() => api.invoke('warnings.notify', { id: warning.id, notification: { ...(letter ? { letter_sent_on: letter } : {}), ...(exception.trim() ? { exception_reason: exception } : {}) } }));
  };
  const errorOf = (field: WarningFormField) => (fieldError?.field === field ? fieldError.key : null);
  return (
    <form onSubmit={save} noValidate aria-labelledby="notify-title" className="record-section">
      <h2 id="notify-title">{t('warnings.detail.notifyTitle')}</h2>
      <p className="hint">{t('warnings.form.notificationHint')}</p>
      <SmallField id="notify-letter" label={t('warnings.form.letterSentOn')} error={errorOf('letter_sent_on')}>
        {(describedBy) => <DateField id="notify-letter" value={letter} invalid={describedBy ? true : undefined} describedBy={describedBy} onChange={setLetter} />}
      </SmallField>
      <SmallField id="notify-exception" label={t('warnings.form.exceptionReason')} error={errorOf('exception_reason')}>
        {(describedBy) => <Textarea id="notify-exception" rows={2} maxLength={warningLimits.exceptionReason} value={exception} invalid={describedBy ? true : undefined} aria-describedby={describedBy} onChange={(event) => setException(event.target.value)} />}
      </SmallField>
      <Button appearance="primary-action-button" type="submit">{t('warnings.detail.notifySubmit')}</Button>
      {failure && <ErrorNotice error={failure} />}
    </form>
  );
}

function ExtendForm({ warning, onChanged }: { warning: Warning; onChanged: (warning: Warning) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [until, setUntil] = useState(warning.valid_until);
  const [reason, setReason] = useState('');
  const { failure, fieldError, submit } = useSmallForm(onChanged);
  const save = (event: FormEvent) => {
    event.preventDefault();
    void submit(() => api.invoke('warnings.extend', { id: warning.id, valid_until: until, ...(reason.trim() ? { term_reason: reason } : {}) }));
  };
  const errorOf = (field: WarningFormField) => (fieldError?.field === field ? fieldError.key : null);
  return (
    <form onSubmit={save} noValidate aria-labelledby="extend-title" className="record-section">
      <h2 id="extend-title">{t('warnings.detail.extendTitle')}</h2>
      <SmallField id="extend-until" label={t('warnings.form.validUntil')} error={errorOf('valid_until')}>
        {(describedBy) => <DateField id="extend-until" required value={until} invalid={describedBy ? true : undefined} describedBy={describedBy} onChange={setUntil} />}
      </SmallField>
      <SmallField id="extend-reason" label={t('warnings.form.termReason')} error={errorOf('term_reason')}>
        {(describedBy) => <Textarea id="extend-reason" rows={2} maxLength={warningLimits.termReason} value={reason} invalid={describedBy ? true : undefined} aria-describedby={describedBy} onChange={(event) => setReason(event.target.value)} />}
      </SmallField>
      <Button appearance="primary-action-button" type="submit">{t('warnings.detail.extendSubmit')}</Button>
      {failure && <ErrorNotice error={failure} />}
    </form>
  );
}

/** Revoking is final, so it asks once more; "No" is focused first, so Enter twice does not revoke. */
function RevokeForm({ warning, onChanged }: { warning: Warning; onChanged: (warning: Warning) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [missing, setMissing] = useState(false);
  const { failure, submit } = useSmallForm(onChanged);
  const noButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) noButton.current?.focus();
  }, [confirming]);
  const ask = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!reason.trim());
    if (reason.trim()) setConfirming(true);
  };
  return (
    <form onSubmit={ask} noValidate aria-labelledby="revoke-title" className="record-section">
      <h2 id="revoke-title">{t('warnings.detail.revokeTitle')}</h2>
      <p>{t('warnings.detail.revokeIntro')}</p>
      <SmallField id="revoke-reason" label={t('warnings.detail.revokeReason')} error={missing ? 'required' : null}>
        {(describedBy) => <Textarea id="revoke-reason" rows={2} maxLength={warningLimits.reasonNote} value={reason} invalid={describedBy ? true : undefined} aria-describedby={describedBy} onChange={(event) => setReason(event.target.value)} />}
      </SmallField>
      {confirming ? (
        <div role="alertdialog" aria-labelledby="revoke-confirm" className="notice notice-error">
          <p id="revoke-confirm">{t('warnings.detail.revokeConfirm', { name: warning.subject.name })}</p>
          <Button appearance="secondary-action-button" type="button" ref={noButton} onClick={() => setConfirming(false)}>
            {t('warnings.detail.revokeNo')}
          </Button>{' '}
          <Button appearance="primary-action-button" hint="danger" type="button" onClick={() => void submit(() => api.invoke('warnings.revoke', { id: warning.id, reason }))}>
            {t('warnings.detail.revokeYes')}
          </Button>
        </div>
      ) : (
        <Button appearance="primary-action-button" type="submit">{t('warnings.detail.revokeSubmit')}</Button>
      )}
      {failure && <ErrorNotice error={failure} />}
    </form>
  );
}
