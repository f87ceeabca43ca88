import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm, type FieldError } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { ContractError } from '../../../shared/contract/result.js';
import type { DeviceStatus } from '../../../shared/domain/directory.js';
import { enrolFormSchema, type SyncStatus } from '../../../shared/domain/sync-status.js';
import { useApi, useDeviceStatus } from '../api/api-context.js';
import { useSyncStatus } from '../api/use-sync-status.js';
import { formatDateTime } from '../format.js';
import { ErrorNotice } from './ErrorNotice.js';
import { Alert, Button, DataList, DataListKey, DataListValue, FormLabel, Textbox } from '@utrecht/component-library-react';

type EnrolFormValues = z.input<typeof enrolFormSchema>;
type Field = keyof EnrolFormValues;
// The floor and the rest wait for the settings below; enrolling needs only these.
const fields: readonly { name: Exclude<Field, 'floor'>; label: 'sync.enrolServerUrl' | 'sync.enrolCode' | 'sync.enrolDeskName'; type?: 'url' }[] = [
  { name: 'serverUrl', label: 'sync.enrolServerUrl', type: 'url' },
  { name: 'code', label: 'sync.enrolCode' },
  { name: 'deskName', label: 'sync.enrolDeskName' },
];
const validationKeys = new Set(['required', 'too_long', 'invalid_url', 'invalid_characters']);

/**
 * Connects this PC to the central server in one step: the server's address, the administrator's
 * one-time code and the desk's own name. Organisation and site come from the server. Once
 * enrolled, the form gives way to what the enrolment settled.
 */
export function EnrolForm() {
  const [sync, setSync] = useSyncStatus();
  const device = useDeviceStatus();
  if (sync.state !== 'ready' || device.state !== 'ready') return null;
  return sync.value.enrolledAt ? <Enrolled device={device.value} enrolledAt={sync.value.enrolledAt} /> : <Enrol device={device.value} onEnrolled={setSync} />;
}

function Enrolled({ device, enrolledAt }: { device: DeviceStatus; enrolledAt: string }) {
  const { t, i18n } = useTranslation();
  const server = device.serverUrl.replace(/\/+$/, '');
  return (
    <section aria-labelledby="enrol-title">
      <h2 id="enrol-title">{t('sync.enrolledTitle')}</h2>
      <Alert type="ok" role="status" className="notice notice-ok">
        {t('sync.enrolled', { date: formatDateTime(enrolledAt, i18n.language) })}
      </Alert>
      <DataList className="facts" data-testid="enrolment-facts">
        <DataListKey>{t('home.organisation')}</DataListKey>
        <DataListValue>{device.organisation?.name}</DataListValue>
        <DataListKey>{t('home.site')}</DataListKey>
        <DataListValue>{device.site?.name}</DataListValue>
        <DataListKey>{t('home.desk')}</DataListKey>
        <DataListValue>{device.desk ? `${device.desk.name}${device.desk.floor ? ` · ${t('home.floor')} ${device.desk.floor}` : ''}` : ''}</DataListValue>
        <DataListKey>{t('settings.serverUrl')}</DataListKey>
        <DataListValue>
          {server}{' '}
          <a href={`${server}/health`} target="_blank" rel="noreferrer">
            {t('sync.serverLink')}
          </a>
        </DataListValue>
      </DataList>
    </section>
  );
}

function Enrol({ device, onEnrolled }: { device: DeviceStatus; onEnrolled: (status: SyncStatus) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [failure, setFailure] = useState<ContractError | null>(null);
  const { register, handleSubmit, formState, reset } = useForm<EnrolFormValues, unknown, z.output<typeof enrolFormSchema>>({
    resolver: zodResolver(enrolFormSchema),
    defaultValues: { serverUrl: device.serverUrl, code: '', deskName: device.desk?.name ?? '', floor: device.desk?.floor ?? '' },
  });
  // Settings saved while this form is open (a desk named there) fill what is still empty here.
  const { serverUrl, desk } = device;
  useEffect(() => {
    reset((current) => ({ ...current, serverUrl: current.serverUrl || serverUrl, deskName: current.deskName || (desk?.name ?? ''), floor: desk?.floor ?? '' }));
  }, [reset, serverUrl, desk?.name, desk?.floor]);
  const enrol = handleSubmit(async (values) => {
    setFailure(null);
    const result = await api.invoke('sync.enrol', values);
    if (result.ok) onEnrolled(result.value);
    else setFailure(result.error);
  });
  const message = (error: FieldError | undefined) => (error ? t(`validation.${error.message && validationKeys.has(error.message) ? error.message : 'invalid'}`) : null);
  return (
    <section aria-labelledby="enrol-title">
      <h2 id="enrol-title">{t('sync.enrolTitle')}</h2>
      <p>{t('sync.enrolIntro')}</p>
      <form onSubmit={enrol} noValidate>
        {fields.map(({ name, label, type }) => {
          const error = message(formState.errors[name]);
          return (
            <div className="field" key={name}>
              <FormLabel htmlFor={`enrol-${name}`}>{t(label)}</FormLabel>
              <Textbox id={`enrol-${name}`} type={type ?? 'text'} autoComplete="off" spellCheck={false} invalid={error ? true : undefined} aria-describedby={error ? `enrol-${name}-error` : undefined} {...register(name)} />
              {error && (
                <p id={`enrol-${name}-error`} className="field-error">
                  {error}
                </p>
              )}
            </div>
          );
        })}
        <Button appearance="primary-action-button" type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? t('sync.enrolling') : t('sync.enrol')}
        </Button>
      </form>
      {failure && <ErrorNotice error={failure} />}
    </section>
  );
}
