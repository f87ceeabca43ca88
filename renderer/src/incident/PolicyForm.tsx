import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { followUpPolicySchema, type FollowUpPolicy } from '../../../shared/incident/follow-up-policy.js';
import { useApi } from '../api/api-context.js';
import { useCall } from '../api/use-call.js';
import { SaveOutcome, type Outcome } from '../components/SaveOutcome.js';
import { Button, FormLabel, Textbox } from '@utrecht/component-library-react';

const fields = Object.keys(followUpPolicySchema.shape) as (keyof FollowUpPolicy)[];
/** Number inputs hold text; each must be a whole number within the contract's range. */
const policyFormSchema = z.object(Object.fromEntries(fields.map((field) => [field, z.coerce.number().pipe(followUpPolicySchema.shape[field])])) as { [K in keyof FollowUpPolicy]: z.ZodPipe<z.ZodCoercedNumber, z.ZodNumber> });

/** The organisation's follow-up deadlines, for a coordinator to set. */
export function PolicyForm() {
  const { t } = useTranslation();
  const api = useApi();
  const current = useCall('followUpPolicy.get', {}, ['sync.statusChanged']).result;
  const [outcome, setOutcome] = useState<Outcome>(null);
  const { register, handleSubmit, reset, formState } = useForm<z.input<typeof policyFormSchema>, unknown, FollowUpPolicy>({ resolver: zodResolver(policyFormSchema) });
  useEffect(() => {
    if (current.state === 'ready') reset(current.value);
  }, [current, reset]);
  const save = handleSubmit(async (values) => {
    const result = await api.invoke('followUpPolicy.update', values);
    setOutcome(result.ok ? { kind: 'saved' } : { kind: 'failed', error: result.error });
  });
  return (
    <section aria-labelledby="policy-title">
      <h2 id="policy-title">{t('incident.policy.title')}</h2>
      <p>{t('incident.policy.intro')}</p>
      <form onSubmit={save} noValidate>
        {fields.map((field) => (
          <div className="field" key={field}>
            <FormLabel htmlFor={`policy-${field}`}>{t(`incident.policy.${field}`)}</FormLabel>
            <Textbox id={`policy-${field}`} type="number" inputMode="numeric" invalid={formState.errors[field] ? true : undefined} aria-describedby={formState.errors[field] ? `policy-${field}-error` : undefined} {...register(field)} />
            {formState.errors[field] && (
              <p id={`policy-${field}-error`} className="field-error">
                {t('validation.invalid')}
              </p>
            )}
          </div>
        ))}
        <Button appearance="primary-action-button" type="submit">{t('incident.policy.save')}</Button>
      </form>
      <SaveOutcome outcome={outcome} savedText={t('incident.policy.saved')} />
    </section>
  );
}
