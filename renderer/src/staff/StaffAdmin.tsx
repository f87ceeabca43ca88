import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { staffRoles } from '../../../shared/contract/roles.js';
import { staffCreateSchema, type StaffCreate } from '../../../shared/domain/staff.js';
import { useApi } from '../api/api-context.js';
import { useCall } from '../api/use-call.js';
import { SaveOutcome, type Outcome } from '../components/SaveOutcome.js';
import { validationMessage } from '../incident/field-messages.js';
import { Alert, Button, FormLabel, Select, SelectOption, Textbox } from '@utrecht/component-library-react';

/** The administrator's list of staff: add people with a role and PIN, switch them off. */
export function StaffAdmin() {
  const { t } = useTranslation();
  const api = useApi();
  const { result: staff, reload } = useCall('staff.list', {}, ['session.changed', 'sync.statusChanged']);
  const [outcome, setOutcome] = useState<Outcome>(null);
  /** Switching someone off asks first: they can no longer sign in. */
  const [confirming, setConfirming] = useState<string | null>(null);
  // Nobody on staff yet: the first member must be an administrator, or nobody could add anyone later.
  const firstMember = staff.state === 'ready' && staff.value.every((member) => !member.active);
  const { register, handleSubmit, reset, setValue, formState } = useForm<StaffCreate>({ resolver: zodResolver(staffCreateSchema), defaultValues: { displayName: '', role: 'counter', pin: '' } });
  useEffect(() => {
    if (firstMember) setValue('role', 'admin');
  }, [firstMember, setValue]);
  const add = handleSubmit(async (values) => {
    setOutcome(null);
    const result = await api.invoke('staff.create', values);
    if (!result.ok) return setOutcome({ kind: 'failed', error: result.error });
    reset({ displayName: '', role: 'counter', pin: '' });
    setOutcome({ kind: 'saved' });
    reload();
  });
  const setActive = async (id: string, active: boolean) => {
    setConfirming(null);
    const result = await api.invoke('staff.update', { id, active });
    if (result.ok) reload();
    else setOutcome({ kind: 'failed', error: result.error });
  };
  // The two guards against a lockout, said in words rather than as a code.
  const guard = outcome?.kind === 'failed' ? (outcome.error.message.startsWith('last_admin') ? 'lastAdmin' : outcome.error.message === 'role: first_must_be_admin' ? 'firstMustBeAdmin' : null) : null;
  const errorOf = (field: keyof StaffCreate) => {
    const message = formState.errors[field]?.message;
    if (message === undefined) return null;
    return (
      <p id={`staff-${field}-error`} className="field-error">
        {message === 'invalid_pin' || message === 'same_as_pin' ? t(`incident.staff.${message}`) : validationMessage(t, message)}
      </p>
    );
  };
  return (
    <section aria-labelledby="staff-title">
      <h2 id="staff-title">{t('incident.staff.title')}</h2>
      <p>{t('incident.staff.intro')}</p>
      {staff.state === 'ready' && staff.value.length > 0 && (
        <ul className="staff-list">
          {staff.value.map((member) => (
            <li key={member.id}>
              {member.displayName} – {t(`incident.staff.roles.${member.role}`)}
              {!member.active && ` (${t('incident.staff.inactive')})`}{' '}
              {confirming === member.id ? (
                <span role="group" aria-label={t('incident.staff.confirmDeactivate', { name: member.displayName })}>
                  {t('incident.staff.confirmDeactivate', { name: member.displayName })}{' '}
                  <Button appearance="subtle-button" type="button" className="link-button" onClick={() => void setActive(member.id, false)}>
                    {t('incident.staff.confirmYes')}
                  </Button>{' '}
                  <Button appearance="subtle-button" type="button" className="link-button" onClick={() => setConfirming(null)}>
                    {t('incident.staff.confirmNo')}
                  </Button>
                </span>
              ) : (
                <Button appearance="subtle-button" type="button" className="link-button" onClick={() => (member.active ? setConfirming(member.id) : void setActive(member.id, true))}>
                  {member.active ? t('incident.staff.deactivate') : t('incident.staff.activate')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} noValidate aria-labelledby="staff-add-title">
        <h3 id="staff-add-title">{t('incident.staff.add')}</h3>
        <div className="field">
          <FormLabel htmlFor="staff-displayName">{t('incident.staff.displayName')}</FormLabel>
          <Textbox id="staff-displayName" invalid={formState.errors.displayName ? true : undefined} aria-describedby={formState.errors.displayName ? 'staff-displayName-error' : undefined} {...register('displayName')} />
          {errorOf('displayName')}
        </div>
        <div className="field">
          <FormLabel htmlFor="staff-role">{t('incident.staff.role')}</FormLabel>
          {firstMember && (
            <p id="staff-role-hint" className="hint">
              {t('incident.staff.firstMustBeAdmin')}
            </p>
          )}
          <Select id="staff-role" aria-describedby={firstMember ? 'staff-role-hint' : undefined} {...register('role')}>
            {staffRoles.map((role) => (
              <SelectOption key={role} value={role}>
                {t(`incident.staff.roles.${role}`)}
              </SelectOption>
            ))}
          </Select>
        </div>
        <div className="field">
          <FormLabel htmlFor="staff-pin">{t('incident.staff.newPin')}</FormLabel>
          <Textbox id="staff-pin" type="password" inputMode="numeric" autoComplete="new-password" invalid={formState.errors.pin ? true : undefined} aria-describedby={formState.errors.pin ? 'staff-pin-error' : undefined} {...register('pin')} />
          {errorOf('pin')}
        </div>
        <div className="field">
          <FormLabel htmlFor="staff-duressPin">{t('incident.staff.duressPin')}</FormLabel>
          <p id="staff-duressPin-hint" className="hint">
            {t('incident.staff.duressPinHint')}
          </p>
          <Textbox
            id="staff-duressPin"
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            invalid={formState.errors.duressPin ? true : undefined}
            aria-describedby={formState.errors.duressPin ? 'staff-duressPin-hint staff-duressPin-error' : 'staff-duressPin-hint'}
            {...register('duressPin', { setValueAs: (value: string) => (value === '' ? undefined : value) })}
          />
          {errorOf('duressPin')}
        </div>
        <Button appearance="primary-action-button" type="submit" disabled={formState.isSubmitting}>
          {t('incident.staff.add')}
        </Button>
      </form>
      {guard ? (
        <Alert type="error" role="alert" className="notice notice-error">
          {t(`incident.staff.${guard}`)}
        </Alert>
      ) : (
        <SaveOutcome outcome={outcome} savedText={t('incident.staff.added')} />
      )}
    </section>
  );
}
