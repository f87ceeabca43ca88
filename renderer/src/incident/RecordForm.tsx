import { useCallback, useEffect, useRef, useState } from 'react';
import { Controller, useForm, type UseFormRegisterReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract/result.js';
import { aggressionForms, emotionalImpacts, incidentCauses, incidentChannels, perpetratorKinds } from '../../../shared/domain/incident.js';
import type { Incident } from '../../../shared/incident/incident-contract.js';
import { useApi } from '../api/api-context.js';
import { Choices } from '../components/Choices.js';
import { DateField } from '../components/DateField.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDateTime } from '../format.js';
import { refusedField, validationMessage } from './field-messages.js';
import { patchFrom, recordFieldOf, toRecordForm, type RecordField, type RecordForm as RecordValues } from './record-fields.js';
import { forgetSaved, keepUnsaved, readUnsaved } from './unsaved-backup.js';
import { Alert, Checkbox, Fieldset, FieldsetLegend, FormLabel, Select, SelectOption, Textarea, Textbox } from '@utrecht/component-library-react';

const AUTOSAVE_DELAY_MS = 600;

/**
 * The full record. Every change saves itself (after a short pause, or when leaving the
 * field), field by field: a wrong value is marked and the rest still saves.
 */
export function RecordForm({ incident, readOnly, onSaved, onFormsChosen }: { incident: Incident; readOnly: boolean; onSaved: (incident: Incident) => void; onFormsChosen?: (chosen: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { register, control, watch, getValues, setValue, setError, clearErrors, formState } = useForm<RecordValues>({ defaultValues: toRecordForm(incident) });
  const [restored, setRestored] = useState(false);
  const pending = useRef(new Set<RecordField>());
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [saveState, setSaveState] = useState<{ kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: string } | { kind: 'failed'; error: ContractError }>({ kind: 'idle' });

  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    const fields = [...pending.current];
    pending.current.clear();
    if (fields.length === 0) return;
    const { patch, invalid } = patchFrom(getValues(), fields);
    for (const field of fields) {
      const reason = invalid[field];
      if (reason) setError(field, { message: reason });
      else clearErrors(field);
    }
    if (Object.keys(patch).length === 0) return;
    setSaveState({ kind: 'saving' });
    const result = await api.invoke('incident.update', { id: incident.id, patch });
    if (result.ok) {
      forgetSaved(incident.id, fields.filter((field) => !invalid[field]));
      setSaveState({ kind: 'saved', at: new Date().toISOString() });
      onSaved(result.value);
      return;
    }
    // Not saved: keep the fields pending so the next change tries again, and say why.
    fields.forEach((field) => pending.current.add(field));
    const refused = refusedField(result.error, recordFieldOf);
    if (refused && fields.includes(refused.field)) setError(refused.field, { message: refused.key });
    setSaveState({ kind: 'failed', error: result.error });
  }, [api, incident.id, getValues, setError, clearErrors, onSaved]);

  useEffect(() => {
    const subscription = watch((_values, { name }) => {
      if (!name) return;
      const field = name.split('.')[0] as RecordField;
      pending.current.add(field);
      keepUnsaved(incident.id, { [field]: getValues(field) });
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
    });
    return () => subscription.unsubscribe();
  }, [watch, flush, getValues, incident.id]);
  // A draft is submitted only with a form of aggression ticked; the screen's Submit asks this.
  const formsChosen = (watch('forms') ?? []).length > 0;
  useEffect(() => onFormsChosen?.(formsChosen), [formsChosen, onFormsChosen]);
  // What was typed here before but never reached the core comes back, and is saved now.
  useEffect(() => {
    const unsaved = Object.entries(readUnsaved(incident.id)) as [RecordField, RecordValues[RecordField]][];
    for (const [field, value] of unsaved) setValue(field, value as never, { shouldDirty: true });
    if (unsaved.length > 0) setRestored(true);
  }, [incident.id, setValue]);
  // Leaving the screen (or the page) saves what is still waiting.
  useEffect(() => {
    const beforeUnload = () => void flush();
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      void flush();
    };
  }, [flush]);

  const error = (field: RecordField) => {
    const message = formState.errors[field]?.message;
    return message === undefined ? null : (
      <p id={`${field}-error`} className="field-error">
        {validationMessage(t, message)}
      </p>
    );
  };
  const described = (field: RecordField) => (formState.errors[field] ? { invalid: true, 'aria-describedby': `${field}-error` } : {});
  const textField = (field: RecordField, registration: UseFormRegisterReturn, multiline = false) => (
    <div className="field">
      <FormLabel htmlFor={field}>{t(`incident.record.fields.${field}`)}</FormLabel>
      {multiline ? <Textarea id={field} rows={4} {...described(field)} {...registration} /> : <Textbox id={field} inputMode={field === 'sick_leave_days' || field === 'damage_amount' ? 'decimal' : undefined} {...described(field)} {...registration} />}
      {error(field)}
    </div>
  );

  const selectField = (field: RecordField, options: readonly string[], label: (option: string) => string, registration: UseFormRegisterReturn, blank = false) => (
    <div className="field">
      <FormLabel htmlFor={field}>{t(`incident.record.fields.${field}`)}</FormLabel>
      <Select id={field} {...registration}>
        {blank && <SelectOption value="">–</SelectOption>}
        {options.map((option) => (
          <SelectOption key={option} value={option}>
            {label(option)}
          </SelectOption>
        ))}
      </Select>
    </div>
  );

  return (
    <form className="record" onSubmit={(event) => event.preventDefault()} onBlur={() => void flush()} noValidate>
      <p className="save-state" role="status" aria-live="polite">
        {saveState.kind === 'saving' && t('incident.record.saving')}
        {saveState.kind === 'saved' && t('incident.record.autosaved', { time: formatDateTime(saveState.at, i18n.language) })}
      </p>
      {restored && <Alert type="info" role="note" className="notice">{t('incident.record.restored')}</Alert>}
      {saveState.kind === 'failed' && <ErrorNotice error={saveState.error} />}
      <Fieldset disabled={readOnly} className="record-section">
        <FieldsetLegend>{t('incident.record.sections.what')}</FieldsetLegend>
        <Choices legend={t('incident.quick.formsLegend')} options={aggressionForms} label={(form) => t(`incident.forms.${form}`)} registration={register('forms')} describedBy={formState.errors.forms ? 'forms-error' : undefined} />
        {error('forms')}
        <div className="field">
          <FormLabel htmlFor="occurred_at">{t('incident.record.fields.occurred_at')}</FormLabel>
          <Controller control={control} name="occurred_at" render={({ field }) => <DateField id="occurred_at" kind="dateTime" value={field.value} onChange={field.onChange} onBlur={field.onBlur} ref={field.ref} disabled={field.disabled} error={formState.errors.occurred_at ? validationMessage(t, formState.errors.occurred_at.message) : null} />} />
        </div>
        {textField('location', register('location'))}
        {selectField('channel', incidentChannels, (channel) => t(`incident.channels.${channel}`), register('channel'))}
        {textField('narrative', register('narrative'), true)}
        <Choices legend={t('incident.record.fields.causes')} options={incidentCauses} label={(cause) => t(`incident.causes.${cause}`)} registration={register('causes')} />
        {textField('task_at_the_time', register('task_at_the_time'))}
      </Fieldset>
      <Fieldset disabled={readOnly} className="record-section">
        <FieldsetLegend>{t('incident.record.sections.consequences')}</FieldsetLegend>
        <FormLabel className="choice">
          <Checkbox {...register('injury')} /> {t('incident.record.fields.injury')}
        </FormLabel>
        {textField('sick_leave_days', register('sick_leave_days'))}
        {textField('damage_amount', register('damage_amount'))}
        {selectField('emotional_impact', emotionalImpacts, (impact) => t(`incident.impacts.${impact}`), register('emotional_impact'), true)}
      </Fieldset>
      <Fieldset disabled={readOnly} className="record-section">
        <FieldsetLegend>{t('incident.record.sections.perpetrator')}</FieldsetLegend>
        {selectField('perpetrator_kind', perpetratorKinds, (kind) => t(`incident.perpetrators.${kind}`), register('perpetrator_kind'))}
        {textField('perpetrator_description', register('perpetrator_description'), true)}
        {textField('means', register('means'))}
        {textField('witnesses', register('witnesses'), true)}
        {textField('evidence', register('evidence'), true)}
      </Fieldset>
    </form>
  );
}
