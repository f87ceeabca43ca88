import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm, type FieldError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract/result.js';
import { deviceSettingsInputSchema, type DeviceSettings, type DeviceSettingsInput } from '../../../shared/domain/directory.js';
import { useApi } from '../api/api-context.js';
import { EnrolForm } from '../components/EnrolForm.js';
import { ErrorNotice } from '../components/ErrorNotice.js';

type Field = keyof DeviceSettingsInput;
const fields: readonly { name: Field; hint?: 'settings.serverUrlHint' | 'settings.fallbackPhoneHint'; type?: 'url' | 'tel' }[] = [
  { name: 'organisationName' },
  { name: 'siteName' },
  { name: 'deskName' },
  { name: 'floor' },
  { name: 'serverUrl', hint: 'settings.serverUrlHint', type: 'url' },
  { name: 'fallbackPhone', hint: 'settings.fallbackPhoneHint', type: 'tel' },
];
const empty: DeviceSettingsInput = { organisationName: '', siteName: '', deskName: '', floor: '', serverUrl: '', fallbackPhone: '' };
const validationKeys = new Set(['required', 'too_long', 'invalid_url', 'invalid_characters', 'invalid_phone']);

export function SettingsScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const [outcome, setOutcome] = useState<{ kind: 'saved' } | { kind: 'failed'; error: ContractError } | null>(null);
  const form = useForm<DeviceSettingsInput, unknown, DeviceSettings>({
    resolver: zodResolver(deviceSettingsInputSchema),
    defaultValues: empty,
    mode: 'onSubmit',
  });
  const { register, handleSubmit, reset, formState } = form;

  useEffect(() => {
    void api.invoke('settings.get', {}).then((result) => {
      if (!result.ok) setOutcome({ kind: 'failed', error: result.error });
      else if (result.value) reset(result.value);
    });
  }, [api, reset]);

  const save = handleSubmit(async (values) => {
    setOutcome(null);
    const result = await api.invoke('settings.update', values);
    if (result.ok) {
      reset(values);
      setOutcome({ kind: 'saved' });
    } else {
      setOutcome({ kind: 'failed', error: result.error });
    }
  });

  const message = (error: FieldError | undefined) => {
    if (!error) return null;
    const key = error.message && validationKeys.has(error.message) ? error.message : 'invalid';
    return t(`validation.${key}`);
  };

  return (
    <section aria-labelledby="settings-title">
      <h1 id="settings-title">{t('settings.title')}</h1>
      <p>{t('settings.intro')}</p>
      <form onSubmit={save} noValidate>
        {fields.map(({ name, hint, type }) => {
          const error = message(formState.errors[name]);
          const describedBy = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(' ') || undefined;
          return (
            <div className="field" key={name}>
              <label htmlFor={name}>{t(`settings.${name}`)}</label>
              {hint && (
                <p id={`${name}-hint`} className="hint">
                  {t(hint)}
                </p>
              )}
              <input id={name} type={type ?? 'text'} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...register(name)} />
              {error && (
                <p id={`${name}-error`} className="field-error">
                  {error}
                </p>
              )}
            </div>
          );
        })}
        <button type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? t('settings.saving') : t('settings.save')}
        </button>
      </form>
      <div aria-live="polite">
        {outcome?.kind === 'saved' && (
          <p role="status" className="notice notice-ok">
            {t('settings.saved')}
          </p>
        )}
      </div>
      {outcome?.kind === 'failed' && <ErrorNotice error={outcome.error} />}
      <EnrolForm />
    </section>
  );
}
