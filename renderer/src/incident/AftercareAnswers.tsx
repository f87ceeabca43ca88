import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract/result.js';
import type { Incident } from '../../../shared/incident/incident-contract.js';
import { useApi } from '../api/api-context.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatShort } from '../format.js';
import { useDeskSession } from '../staff/use-desk-session.js';
import { Alert, Button, Fieldset, FieldsetLegend, FormLabel, RadioButton } from '@utrecht/component-library-react';

type YesNo = 'yes' | 'no' | '';
const toChoice = (value: boolean | undefined): YesNo => (value === undefined ? '' : value ? 'yes' : 'no');

/** The reporter answers on their own incident whether aftercare was offered and wanted; anyone else who sees the incident reads the answers. */
export function AftercareAnswers({ incident, onChanged }: { incident: Incident; onChanged: (incident: Incident) => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const session = useDeskSession();
  const [offered, setOffered] = useState<YesNo>(toChoice(incident.aftercare_offered));
  const [wanted, setWanted] = useState<YesNo>(toChoice(incident.aftercare_wanted));
  const [failure, setFailure] = useState<ContractError | null>(null);
  const [saved, setSaved] = useState(false);
  const isReporter = session.state === 'ready' && session.value.staff !== null && session.value.staff.id === incident.reporter_id;
  const word = (value: boolean | undefined) => t(`checklist.answers.${value ? 'yes' : 'no'}`);
  const answered = incident.aftercare_answered_at !== undefined;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!offered || !wanted) return;
    setFailure(null);
    const result = await api.invoke('incident.answerAftercare', { id: incident.id, offered: offered === 'yes', wanted: wanted === 'yes' });
    if (result.ok) {
      setSaved(true);
      onChanged(result.value);
    } else setFailure(result.error);
  };
  const question = (name: 'offered' | 'wanted', value: YesNo, set: (value: YesNo) => void) => (
    <Fieldset className="choices">
      <FieldsetLegend>{t(`feedback.aftercare.${name}`)}</FieldsetLegend>
      {(['yes', 'no'] as const).map((choice) => (
        <FormLabel key={choice} className="choice">
          <RadioButton name={`aftercare-${name}`} value={choice} checked={value === choice} onChange={() => (setSaved(false), set(choice))} /> {t(`checklist.answers.${choice}`)}
        </FormLabel>
      ))}
    </Fieldset>
  );
  return (
    <section aria-labelledby="aftercare-title" data-testid="aftercare-answers">
      <h3 id="aftercare-title">{t('feedback.aftercare.title')}</h3>
      {answered && incident.aftercare_answered_at ? (
        <p>{t('feedback.aftercare.answers', { date: formatShort(incident.aftercare_answered_at, i18n.language), offered: word(incident.aftercare_offered), wanted: word(incident.aftercare_wanted) })}</p>
      ) : (
        !isReporter && <p className="muted">{t('feedback.aftercare.none')}</p>
      )}
      {isReporter && (
        <form onSubmit={(event) => void submit(event)}>
          {question('offered', offered, setOffered)}
          {question('wanted', wanted, setWanted)}
          <Button appearance="primary-action-button" type="submit" disabled={!offered || !wanted}>
            {t('feedback.aftercare.save')}
          </Button>
          {saved && (
            <Alert type="ok" role="status" className="notice notice-ok">
              {t('feedback.aftercare.saved')}
            </Alert>
          )}
          {failure && <ErrorNotice error={failure} />}
        </form>
      )}
    </section>
  );
}
