import { useState } from 'react';
import { Controller, useForm, type Resolver } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract/result.js';
import { measureKinds, reasonCategories, warningLimits, type WarningPolicy } from '../../../shared/warnings/warning.js';
import { useApi, useDeviceStatus } from '../api/api-context.js';
import { useCall } from '../api/use-call.js';
import { DateField, refuseUnreadableDates } from '../components/DateField.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDateTime } from '../format.js';
import { routeHref, warningHref } from '../routing.js';
import { SignInForm } from '../staff/SessionControl.js';
import { useDeskSession } from '../staff/use-desk-session.js';
import { emptyWarningForm, formProblems, refusedWarningField, toCreateInput, type WarningFormField, type WarningFormValues } from './warning-form.js';
import { warningValidationMessage } from './warning-texts.js';
import { Alert, Button, Fieldset, FieldsetLegend, FormLabel, Select, SelectOption, Textarea, Textbox } from '@utrecht/component-library-react';

type WarningDateField = 'birth_date' | 'valid_from' | 'valid_until' | 'letter_sent_on';

/** A new warning: the policy and the organisation are loaded first, so the form can check the term cap itself. */
export function WarningCreateScreen({ incidentId }: { incidentId: string | null }) {
  const { t } = useTranslation();
  const policy = useCall('warningPolicy.get', {}).result;
  const device = useDeviceStatus();
  const session = useDeskSession();
  const organisationId = device.state === 'ready' ? device.value.organisation?.id : undefined;
  const staffName = session.state === 'ready' ? session.value.staff?.displayName : undefined;
  return (
    <section aria-labelledby="warning-form-title">
      <h1 id="warning-form-title">{t('warnings.form.title')}</h1>
      {policy.state === 'failed' && (policy.error.code === 'SIGN_IN_REQUIRED' || policy.error.code === 'FORBIDDEN' ? <SignInForm /> : <ErrorNotice error={policy.error} />)}
      {policy.state === 'loading' && <p role="status">{t('home.loading')}</p>}
      {/* A warning is decided by a person: without one signed in (set-up mode), first sign in. */}
      {policy.state === 'ready' && session.state === 'ready' && staffName === undefined && <SignInForm />}
      {policy.state === 'ready' && organisationId && staffName !== undefined && <WarningForm key={incidentId ?? ''} policy={policy.value} organisationId={organisationId} decidedBy={staffName} incidentId={incidentId} />}
    </section>
  );
}

function LinkedIncident({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const incident = useCall('incident.get', { id }).result;
  if (incident.state !== 'ready') return null;
  return <Alert type="info" role="note" className="notice">{t('warnings.form.incidentsLinked', { date: formatDateTime(incident.value.occurred_at, i18n.language) })}</Alert>;
}

export function WarningForm({ policy, organisationId, decidedBy, incidentId, now = new Date() }: { policy: WarningPolicy; organisationId: string; decidedBy: string; incidentId: string | null; now?: Date }) {
  const { t } = useTranslation();
  const api = useApi();
  const [failure, setFailure] = useState<ContractError | null>(null);
  const resolver: Resolver<WarningFormValues> = (values) => {
    const problems = formProblems(values, organisationId, policy);
    const errors = Object.fromEntries(Object.entries(problems).map(([field, key]) => [field, { type: 'validate', message: key }]));
    return { values: Object.keys(errors).length > 0 ? {} : values, errors };
  };
  const { register, control, handleSubmit, setError, formState } = useForm<WarningFormValues>({ defaultValues: emptyWarningForm(now, policy, decidedBy), resolver, shouldFocusError: true });
  const save = handleSubmit(async (values, event) => {
    setFailure(null);
    // An optional date typed wrongly reaches the resolver as empty: stop here rather than save without it.
    if (event?.target instanceof HTMLFormElement && refuseUnreadableDates(event.target)) return;
    const result = await api.invoke('warnings.create', toCreateInput(values, organisationId, incidentId ? [incidentId] : []));
    if (result.ok) {
      window.location.hash = warningHref(result.value.id);
      return;
    }
    const refused = refusedWarningField(result.error);
    if (refused) setError(refused.field, { message: refused.key }, { shouldFocus: true });
    setFailure(result.error);
  });

  /** A field with its label, hint and, beside it, what is wrong with it. */
  const field = (name: WarningFormField, label: string, input: (describedBy: string | undefined) => React.ReactNode, hint?: string) => {
    const error = formState.errors[name]?.message;
    const describedBy = [hint ? `warning-${name}-hint` : null, error ? `warning-${name}-error` : null].filter(Boolean).join(' ') || undefined;
    return (
      <div className="field">
        <FormLabel htmlFor={`warning-${name}`}>{label}</FormLabel>
        {hint && (
          <p id={`warning-${name}-hint`} className="hint">
            {hint}
          </p>
        )}
        {input(describedBy)}
        {error && (
          <p id={`warning-${name}-error`} className="field-error">
            {label.replace(/ \*$/, '')}: {warningValidationMessage(t, error)}
          </p>
        )}
      </div>
    );
  };
  const invalid = (name: WarningFormField) => (formState.errors[name] ? true : undefined);
  const text = (name: WarningFormField, max: number, type = 'text') => (describedBy: string | undefined) => (
    <Textbox id={`warning-${name}`} type={type} maxLength={type === 'text' ? max : undefined} invalid={invalid(name)} aria-describedby={describedBy} {...register(name)} />
  );
  const date = (name: WarningDateField) => (describedBy: string | undefined) => (
    <Controller control={control} name={name} render={({ field }) => <DateField id={`warning-${name}`} value={field.value} onChange={field.onChange} onBlur={field.onBlur} ref={field.ref} invalid={invalid(name)} describedBy={describedBy} />} />
  );
  const area = (name: WarningFormField, max: number) => (describedBy: string | undefined) => <Textarea id={`warning-${name}`} rows={3} maxLength={max} invalid={invalid(name)} aria-describedby={describedBy} {...register(name)} />;

  return (
    <form onSubmit={(event) => void save(event)} noValidate className="warning-form">
      <p>{t('warnings.form.intro')}</p>
      {incidentId && <LinkedIncident id={incidentId} />}
      <Fieldset className="record-section">
        <FieldsetLegend>{t('warnings.form.subjectLegend')}</FieldsetLegend>
        {field('name', t('warnings.form.name'), text('name', warningLimits.name))}
        {field('birth_date', t('warnings.form.birthDate'), date('birth_date'))}
        {field('description', t('warnings.form.description'), area('description', warningLimits.description))}
      </Fieldset>
      <Fieldset className="record-section">
        <FieldsetLegend>{t('warnings.form.measureLegend')}</FieldsetLegend>
        {field('measure_kind', t('warnings.form.measureKind'), (describedBy) => (
          <Select id="warning-measure_kind" aria-describedby={describedBy} {...register('measure_kind')}>
            {measureKinds.map((kind) => (
              <SelectOption key={kind} value={kind}>
                {t(`warnings.measure.${kind}`)}
              </SelectOption>
            ))}
          </Select>
        ))}
        {field('measure_text', t('warnings.form.measureText'), text('measure_text', warningLimits.measureText), t('warnings.form.measureTextHint'))}
        {field('contact', t('warnings.form.contact'), text('contact', warningLimits.contact), t('warnings.form.contactHint'))}
      </Fieldset>
      <Fieldset className="record-section">
        <FieldsetLegend>{t('warnings.form.reasonLegend')}</FieldsetLegend>
        {field('reason_category', t('warnings.form.reasonCategory'), (describedBy) => (
          <Select id="warning-reason_category" aria-describedby={describedBy} {...register('reason_category')}>
            {reasonCategories.map((reason) => (
              <SelectOption key={reason} value={reason}>
                {t(`warnings.reason.${reason}`)}
              </SelectOption>
            ))}
          </Select>
        ))}
        {field('reason_note', t('warnings.form.reasonNote'), area('reason_note', warningLimits.reasonNote))}
        {field('decided_by', t('warnings.form.decidedBy'), text('decided_by', 120))}
      </Fieldset>
      <Fieldset className="record-section">
        <FieldsetLegend>{t('warnings.form.termLegend')}</FieldsetLegend>
        <div className="field-row">
          {field('valid_from', t('warnings.form.validFrom'), date('valid_from'))}
          {field('valid_until', t('warnings.form.validUntil'), date('valid_until'), t('warnings.form.termHint', { standard: policy.standard_months, max: policy.max_months }))}
        </div>
        {field('term_reason', t('warnings.form.termReason'), area('term_reason', warningLimits.termReason))}
      </Fieldset>
      <Fieldset className="record-section">
        <FieldsetLegend>{t('warnings.form.notificationLegend')}</FieldsetLegend>
        <p className="hint">{t('warnings.form.notificationHint')}</p>
        {field('letter_sent_on', t('warnings.form.letterSentOn'), date('letter_sent_on'))}
        {field('exception_reason', t('warnings.form.exceptionReason'), area('exception_reason', warningLimits.exceptionReason))}
      </Fieldset>
      {Object.keys(formState.errors).length > 0 && (
        <Alert type="error" role="alert" className="notice notice-error">
          {t('warnings.form.invalid')}
        </Alert>
      )}
      {failure && <ErrorNotice error={failure} />}
      <p>
        <Button appearance="primary-action-button" type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? t('warnings.form.saving') : t('warnings.form.submit')}
        </Button>{' '}
        <a href={routeHref.warningsAdmin}>{t('warnings.form.cancel')}</a>
      </p>
    </form>
  );
}
