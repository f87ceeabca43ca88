import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { staffRoles } from '../../../shared/contract/roles.js';
import { staffCreateSchema, type StaffCreate } from '../../../shared/domain/staff.js';
import { useApi } from '../api/api-context.js';
import { useCall } from '../api/use-call.js';
import { SaveOutcome, type Outcome } from '../components/SaveOutcome.js';
import { validationMessage } from '../incident/field-messages.js';

/** The administrator's list of staff: add people with a role and PIN, switch them off. */
export function StaffAdmin() {
  const { t } = useTranslation();
  const api = useApi();
  const { result: staff, reload } = useCall('staff.list', {}, ['session.changed', 'sync.statusChanged']);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const { register, handleSubmit, reset, formState } = useForm<StaffCreate>({ resolver: zodResolver(staffCreateSchema), defaultValues: { displayName: '', role: 'counter', pin: '' } });
  const add = handleSubmit(async (values) => {
    setOutcome(null);
    const result = await api.invoke('staff.create', values);
    if (!result.ok) return setOutcome({ kind: 'failed', error: result.error });
    reset({ displayName: '', role: 'counter', pin: '' });
    setOutcome({ kind: 'saved' });
    reload();
  });
  const setActive = async (id: string, active: boolean) => {
    const result = await api.invoke('staff.update', { id, active });
    if (result.ok) reload();
    else setOutcome({ kind: 'failed', error: result.error });
  };
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
              <button type="button" className="link-button" onClick={() => void setActive(member.id, !member.active)}>
                {member.active ? t('incident.staff.deactivate') : t('incident.staff.activate')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} noValidate aria-labelledby="staff-add-title">
        <h3 id="staff-add-title">{t('incident.staff.add')}</h3>
        <div className="field">
          <label htmlFor="staff-displayName">{t('incident.staff.displayName')}</label>
          <input id="staff-displayName" aria-invalid={formState.errors.displayName ? true : undefined} aria-describedby={formState.errors.displayName ? 'staff-displayName-error' : undefined} {...register('displayName')} />
          {errorOf('displayName')}
        </div>
        <div className="field">
          <label htmlFor="staff-role">{t('incident.staff.role')}</label>
          <select id="staff-role" {...register('role')}>
            {staffRoles.map((role) => (
              <option key={role} value={role}>
                {t(`incident.staff.roles.${role}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="staff-pin">{t('incident.staff.newPin')}</label>
          <input id="staff-pin" type="password" inputMode="numeric" autoComplete="new-password" aria-invalid={formState.errors.pin ? true : undefined} aria-describedby={formState.errors.pin ? 'staff-pin-error' : undefined} {...register('pin')} />
          {errorOf('pin')}
        </div>
        <div className="field">
          <label htmlFor="staff-duressPin">{t('incident.staff.duressPin')}</label>
          <p id="staff-duressPin-hint" className="hint">
            {t('incident.staff.duressPinHint')}
          </p>
          <input
            id="staff-duressPin"
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            aria-invalid={formState.errors.duressPin ? true : undefined}
            aria-describedby={formState.errors.duressPin ? 'staff-duressPin-hint staff-duressPin-error' : 'staff-duressPin-hint'}
            {...register('duressPin', { setValueAs: (value: string) => (value === '' ? undefined : value) })}
          />
          {errorOf('duressPin')}
        </div>
        <button type="submit" disabled={formState.isSubmitting}>
          {t('incident.staff.add')}
        </button>
      </form>
      <SaveOutcome outcome={outcome} savedText={t('incident.staff.added')} />
    </section>
  );
}
