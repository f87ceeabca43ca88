import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm, type FieldError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { deviceSettingsInputSchema, type DeviceSettings, type DeviceSettingsInput } from '../../../shared/domain/directory.js';
import { useApi } from '../api/api-context.js';
import { useSyncStatus } from '../api/use-sync-status.js';
import { useDeploymentStatus } from '../api/use-deployment.js';
import { EnrolForm } from '../components/EnrolForm.js';
import { SaveOutcome, type Outcome } from '../components/SaveOutcome.js';
import { UpdateStatusPanel } from '../components/UpdateStatusPanel.js';
import { StaffAdmin } from '../staff/StaffAdmin.js';
import { OrgThemeForm } from '../theme/OrgThemeForm.js';
import { Button, FormLabel, Select, SelectOption, Textbox } from '@utrecht/component-library-react';

/** A select holds text: the group travels as "0".."3" in the form and as a number to the core. */
const settingsFormSchema = deviceSettingsInputSchema.extend({ alarmGroup: z.enum(['0', '1', '2', '3']).transform(Number) });
type SettingsForm = z.input<typeof settingsFormSchema>;
const toForm = (settings: DeviceSettings): SettingsForm => ({ ...settings, alarmGroup: String(settings.alarmGroup) as SettingsForm['alarmGroup'] });

type Field = Exclude<keyof DeviceSettingsInput, 'alarmGroup'>;
const fields: readonly { name: Field; hint?: 'settings.serverUrlHint' | 'settings.fallbackPhoneHint'; type?: 'url' | 'tel'; fromServer?: true }[] = [
  { name: 'organisationName', fromServer: true },
  { name: 'siteName', fromServer: true },
  { name: 'deskName' },
  { name: 'floor' },
  { name: 'serverUrl', hint: 'settings.serverUrlHint', type: 'url' },
  { name: 'fallbackPhone', hint: 'settings.fallbackPhoneHint', type: 'tel' },
];
const empty: SettingsForm = { organisationName: '', siteName: '', deskName: '', floor: '', serverUrl: '', fallbackPhone: '', alarmGroup: '1' };
const alarmGroups = [1, 2, 3, 0] as const;
const validationKeys = new Set(['required', 'too_long', 'invalid_url', 'invalid_characters', 'invalid_phone']);

export function SettingsScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const form = useForm<SettingsForm, unknown, DeviceSettings>({
    resolver: zodResolver(settingsFormSchema),
    defaultValues: empty,
    mode: 'onSubmit',
  });
  const { register, handleSubmit, reset, setValue, formState } = form;
  const deployment = useDeploymentStatus();
  // IT's value stands in the field, read-only: the core refuses any other.
  const lockedServerUrl = deployment?.locked.includes('serverUrl') ? (deployment.serverUrl ?? '') : null;
  const [sync] = useSyncStatus();
  // Once enrolled, organisation and site are the server's: shown, not typed (the core refuses a change).
  const enrolledAt = sync.state === 'ready' ? sync.value.enrolledAt : null;

  useEffect(() => {
    void api.invoke('settings.get', {}).then((result) => {
      if (!result.ok) setOutcome({ kind: 'failed', error: result.error });
      else if (result.value) reset(toForm(result.value));
      if (lockedServerUrl !== null) setValue('serverUrl', lockedServerUrl);
    });
  }, [api, reset, setValue, enrolledAt, lockedServerUrl]);

  const save = handleSubmit(async (values) => {
    setOutcome(null);
    const result = await api.invoke('settings.update', values);
    if (result.ok) {
      reset(toForm(values));
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
        {fields.map(({ name, hint: ownHint, type, fromServer }) => {
          const error = message(formState.errors[name]);
          const locked = name === 'serverUrl' && lockedServerUrl !== null;
          const readOnly = (fromServer && enrolledAt !== null) || locked;
          const hint = fromServer && enrolledAt !== null ? 'settings.setByServer' : ownHint;
          const describedBy = [hint ? `${name}-hint` : null, locked ? `${name}-locked` : null, error ? `${name}-error` : null].filter(Boolean).join(' ') || undefined;
          return (
            <div className="field" key={name}>
              <FormLabel htmlFor={name}>{t(`settings.${name}`)}</FormLabel>
              {hint && (
                <p id={`${name}-hint`} className="hint">
                  {t(hint)}
                </p>
              )}
              <Textbox id={name} type={type ?? 'text'} readOnly={readOnly} invalid={error ? true : undefined} aria-describedby={describedBy} {...register(name)} />
              {locked && (
                <p id={`${name}-locked`} className="hint">
                  {t('settings.lockedNote')}
                </p>
              )}
              {error && (
                <p id={`${name}-error`} className="field-error">
                  {error}
                </p>
              )}
            </div>
          );
        })}
        <div className="field">
          <FormLabel htmlFor="alarmGroup">{t('settings.alarmGroup')}</FormLabel>
          <p id="alarmGroup-hint" className="hint">
            {t('settings.alarmGroupHint')}
          </p>
          <Select id="alarmGroup" aria-describedby="alarmGroup-hint" {...register('alarmGroup')}>
            {alarmGroups.map((group) => (
              <SelectOption key={group} value={String(group)}>
                {t(`settings.alarmGroupOption.${group}`)}
              </SelectOption>
            ))}
          </Select>
        </div>
        <Button appearance="primary-action-button" type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? t('settings.saving') : t('settings.save')}
        </Button>
      </form>
      <SaveOutcome outcome={outcome} savedText={t('settings.saved')} />
      <OrgThemeForm />
      <EnrolForm />
      <StaffAdmin />
      <UpdateStatusPanel />
    </section>
  );
}
