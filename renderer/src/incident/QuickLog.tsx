import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { ContractError } from '../../../shared/contract/result.js';
import { aggressionForms, aggressionFormSchema } from '../../../shared/domain/incident.js';
import { incidentFields, type Incident } from '../../../shared/incident/incident-contract.js';
import { useApi, useDeviceStatus } from '../api/api-context.js';
import { Choices } from '../components/Choices.js';
import { DateField } from '../components/DateField.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { fromLocalInput, toLocalInput } from '../format.js';
import { incidentHref } from '../routing.js';
import { SignInForm } from '../staff/SessionControl.js';
import { useDeskSession } from '../staff/use-desk-session.js';
import { refusedField, validationMessage } from './field-messages.js';
import { Alert, Button, FormLabel, Textbox } from '@utrecht/component-library-react';

const quickFormSchema = z.object({
  forms: z.array(aggressionFormSchema).min(1, { error: 'choose_a_form' }),
  location: z.string().trim().pipe(incidentFields.location),
  when: z.string().refine((value) => fromLocalInput(value) !== null, { error: 'required' }),
});
type QuickForm = z.infer<typeof quickFormSchema>;

/**
 * The quick log: one click opens it, a click on what happened, one on Save.
 * Where and when are filled in; Ctrl+Enter saves from anywhere in the form.
 */
export function QuickLog() {
  const { t } = useTranslation();
  const api = useApi();
  const session = useDeskSession();
  const device = useDeviceStatus();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<Incident | null>(null);
  const [failure, setFailure] = useState<ContractError | null>(null);
  const openButton = useRef<HTMLButtonElement>(null);
  const completeLink = useRef<HTMLAnchorElement>(null);
  const wasOpen = useRef(false);
  // When the form closes, focus goes to what comes next: "Complete" after a save, the open button after Cancel.
  useEffect(() => {
    if (wasOpen.current && !open) (completeLink.current ?? openButton.current)?.focus();
    wasOpen.current = open;
  }, [open]);
  const desk = device.state === 'ready' ? device.value.desk : null;
  const deskLocation = desk ? (desk.floor ? `${desk.name} · ${t('home.floor')} ${desk.floor}` : desk.name) : '';
  const { register, control, handleSubmit, formState, reset, setError } = useForm<QuickForm>({ resolver: zodResolver(quickFormSchema), defaultValues: { forms: [], location: '', when: '' } });

  const start = () => {
    reset({ forms: [], location: deskLocation, when: toLocalInput(new Date().toISOString()) });
    setSaved(null);
    setFailure(null);
    setOpen(true);
  };
  const save = handleSubmit(async ({ forms, location, when }) => {
    setFailure(null);
    const result = await api.invoke('incident.quickLog', { forms, location, occurred_at: fromLocalInput(when) ?? undefined, channel: 'counter' });
    if (result.ok) {
      setSaved(result.value);
      setOpen(false);
      return;
    }
    const refused = refusedField(result.error, { occurred_at: 'when' } as const);
    if (refused) setError(refused.field, { message: refused.key });
    else setFailure(result.error);
  });
  const signedIn = session.state === 'ready' && session.value.staff !== null;

  return (
    <section className="quick-log" aria-labelledby="quick-log-title">
      <h2 id="quick-log-title">{t('incident.quick.title')}</h2>
      {!open && (
        <Button appearance="primary-action-button" type="button" ref={openButton} onClick={start}>
          {t('incident.quick.open')}
        </Button>
      )}
      <div aria-live="polite">
        {saved && (
          <Alert type="ok" role="status" className="notice notice-ok">
            {t('incident.quick.saved')} <a href={incidentHref(saved.id)} ref={completeLink}>
              {t('incident.quick.complete')}
            </a>
          </Alert>
        )}
      </div>
      {open && !signedIn && <SignInForm />}
      {open && signedIn && (
        <form
          onSubmit={save}
          noValidate
          onKeyDown={(event) => {
            if (event.key === 'Enter' && event.ctrlKey) void save(event);
          }}
        >
          <p>{t('incident.quick.intro')}</p>
          <Choices legend={t('incident.quick.formsLegend')} options={aggressionForms} label={(form) => t(`incident.forms.${form}`)} registration={register('forms')} describedBy={formState.errors.forms ? 'quick-forms-error' : undefined} autoFocusFirst />
          {formState.errors.forms && (
            <p id="quick-forms-error" className="field-error">
              {validationMessage(t, formState.errors.forms.message)}
            </p>
          )}
          <div className="field-row">
            <div className="field">
              <FormLabel htmlFor="quick-where">{t('incident.quick.where')}</FormLabel>
              <Textbox id="quick-where" {...register('location')} />
            </div>
            <div className="field">
              <FormLabel htmlFor="quick-when">{t('incident.quick.when')}</FormLabel>
              <Controller control={control} name="when" render={({ field }) => <DateField id="quick-when" kind="dateTime" value={field.value} onChange={field.onChange} onBlur={field.onBlur} ref={field.ref} error={formState.errors.when ? validationMessage(t, formState.errors.when.message) : null} />} />
            </div>
          </div>
          <Button appearance="primary-action-button" type="submit" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? t('incident.quick.saving') : t('incident.quick.save')}
          </Button>{' '}
          <Button appearance="secondary-action-button" type="button" onClick={() => setOpen(false)}>
            {t('incident.quick.cancel')}
          </Button>
          {failure && <ErrorNotice error={failure} />}
        </form>
      )}
    </section>
  );
}
