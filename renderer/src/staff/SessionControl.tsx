import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { ContractError } from '../../../shared/contract/result.js';
import { useApi } from '../api/api-context.js';
import { useCall } from '../api/use-call.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { useDeskSession } from './use-desk-session.js';
import { Button, FormLabel, Select, SelectOption, Textbox } from '@utrecht/component-library-react';

const signInFormSchema = z.object({ staffId: z.string().min(1, { error: 'required' }), pin: z.string().regex(/^\d{4,12}$/, { error: 'invalid_pin' }) });
type SignInForm = z.infer<typeof signInFormSchema>;

/** Who works at this desk: their name and a sign-out, or a sign-in with name and PIN. */
export function SessionControl() {
  const { t } = useTranslation();
  const api = useApi();
  const session = useDeskSession();
  const [open, setOpen] = useState(false);
  const openButton = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  // Closing the form (Escape) puts focus back on the button that opened it.
  useEffect(() => {
    if (wasOpen.current && !open) openButton.current?.focus();
    wasOpen.current = open;
  }, [open]);
  if (session.state !== 'ready') return null;
  const { staff, setupMode } = session.value;
  if (staff) {
    return (
      <p className="session" data-testid="session">
        {t('incident.staff.signedInAs', { name: staff.displayName })}{' '}
        <Button appearance="subtle-button" type="button" className="link-button" onClick={() => void api.invoke('session.signOut', {})}>
          {t('incident.staff.signOut')}
        </Button>
      </p>
    );
  }
  if (setupMode) return <p className="session muted">{t('incident.staff.setupMode')}</p>;
  return (
    <div className="session" data-testid="session">
      {open ? (
        <SignInForm onDone={() => setOpen(false)} onCancel={() => setOpen(false)} />
      ) : (
        <Button appearance="subtle-button" type="button" className="link-button" ref={openButton} onClick={() => setOpen(true)}>
          {t('incident.staff.signIn')}
        </Button>
      )}
    </div>
  );
}

/** Also shown in place of a screen that needs someone signed in. */
export function SignInForm({ onDone, onCancel }: { onDone?: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const staff = useCall('staff.list', {}, ['session.changed', 'sync.statusChanged']).result;
  const [failure, setFailure] = useState<ContractError | null>(null);
  const { register, handleSubmit, formState, reset } = useForm<SignInForm>({ resolver: zodResolver(signInFormSchema), defaultValues: { staffId: '', pin: '' } });
  const submit = handleSubmit(async (values) => {
    setFailure(null);
    const result = await api.invoke('session.signIn', values);
    if (result.ok) onDone?.();
    else {
      setFailure(result.error);
      reset({ ...values, pin: '' });
    }
  });
  const members = staff.state === 'ready' ? staff.value.filter((member) => member.active) : [];
  return (
    <form
      className="sign-in"
      onSubmit={submit}
      noValidate
      aria-labelledby="sign-in-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && onCancel) {
          event.preventDefault();
          onCancel();
        }
      }}
    >
      <h2 id="sign-in-title" className="visually-hidden">
        {t('incident.staff.signInTitle')}
      </h2>
      <FormLabel htmlFor="sign-in-name">{t('incident.staff.name')}</FormLabel>
      <Select id="sign-in-name" autoFocus aria-invalid={formState.errors.staffId ? true : undefined} {...register('staffId')}>
        <SelectOption value="">{t('incident.staff.choose')}</SelectOption>
        {members.map((member) => (
          <SelectOption key={member.id} value={member.id}>
            {member.displayName}
          </SelectOption>
        ))}
      </Select>
      <FormLabel htmlFor="sign-in-pin">{t('incident.staff.pin')}</FormLabel>
      <Textbox id="sign-in-pin" type="password" inputMode="numeric" autoComplete="off" invalid={formState.errors.pin ? true : undefined} aria-describedby={formState.errors.pin ? 'sign-in-pin-error' : undefined} {...register('pin')} />
      <Button appearance="primary-action-button" type="submit" disabled={formState.isSubmitting}>
        {t('incident.staff.signIn')}
      </Button>
      {formState.errors.pin && (
        <span id="sign-in-pin-error" className="field-error">
          {t('incident.staff.invalid_pin')}
        </span>
      )}
      {failure && <ErrorNotice error={failure} call="session.signIn" />}
    </form>
  );
}
