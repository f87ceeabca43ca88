import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChecklistAnswer, ChecklistAnswers, ChecklistItem, ChecklistOverview } from '../../../shared/checklist/checklist-contract.js';
import { checklistSteps, type QuestionKey } from '../../../shared/checklist/questions.js';
import type { ContractError } from '../../../shared/contract/result.js';
import { ZONE } from '../../../shared/incident/deadlines.js';
import { useApi } from '../api/api-context.js';
import { useCall } from '../api/use-call.js';
import { DateField } from '../components/DateField.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatDay } from '../format.js';
import { SignInForm } from '../staff/SessionControl.js';
import { questionText, stepName } from './question-text.js';
import { ChecklistTrendChart, STEP_COLOURS } from './TrendChart.js';
import { Alert, Button, Fieldset, FieldsetLegend, FormLabel, RadioButton, Table, TableBody, TableCaption, TableCell, TableHeader, TableHeaderCell, TableRow, Textbox } from '@utrecht/component-library-react';

const refreshOn = ['sync.statusChanged', 'session.changed'] as const;

/** The guide's 3.3 checklist: where each question stands, the trend over dated assessments, and a new assessment. */
export function ChecklistScreen({ focusKey }: { focusKey?: QuestionKey }) {
  const { t } = useTranslation();
  const { result, reload } = useCall('checklist.overview', {}, refreshOn);
  const [overview, setOverview] = useState<ChecklistOverview | null>(null);
  useEffect(() => {
    if (result.state === 'ready') setOverview(result.value);
  }, [result]);
  // A task on the worklist links back here: its question is brought into view and focused.
  useEffect(() => {
    if (!overview || !focusKey) return;
    const row = document.getElementById(`item-${focusKey}`);
    row?.focus();
    row?.scrollIntoView({ block: 'center' });
  }, [overview, focusKey]);
  return (
    <section aria-labelledby="checklist-title">
      <h1 id="checklist-title">{t('checklist.title')}</h1>
      <p>{t('checklist.intro')}</p>
      {result.state === 'loading' && !overview && <p role="status">{t('home.loading')}</p>}
      {result.state === 'failed' && (result.error.code === 'SIGN_IN_REQUIRED' || result.error.code === 'FORBIDDEN' ? <SignInForm /> : <ErrorNotice error={result.error} />)}
      {overview && (
        <>
          {overview.damaged.length > 0 && (
            <Alert type="error" role="note" className="notice notice-error">
              {t('checklist.damaged', { ids: overview.damaged.join(', ') })}
            </Alert>
          )}
          <Standing overview={overview} focusKey={focusKey} onChanged={reload} />
          <Trend overview={overview} />
          <AssessmentForm overview={overview} onSaved={setOverview} />
          <History overview={overview} />
        </>
      )}
    </section>
  );
}

function Standing({ overview, focusKey, onChanged }: { overview: ChecklistOverview; focusKey: QuestionKey | undefined; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const open = overview.items.filter((item) => item.open).length;
  return (
    <section aria-labelledby="standing-title">
      <h2 id="standing-title">{t('checklist.standing.title')}</h2>
      <p data-testid="checklist-open">{t('checklist.standing.open', { count: open })}</p>
      <div className="table-scroll">
        <Table className="data-table" data-testid="checklist-standing">
          <TableCaption className="visually-hidden">{t('checklist.standing.title')}</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('checklist.standing.question')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('checklist.standing.latest')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('checklist.standing.since')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('checklist.standing.owner')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('checklist.standing.note')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('checklist.standing.task')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          {checklistSteps.map((step) => (
            <TableBody key={step.step}>
              <TableRow>
                <TableHeaderCell scope="colgroup" colSpan={6}>
                  {t('checklist.step', { step: step.step, name: stepName(step.step, i18n.language) })}
                </TableHeaderCell>
              </TableRow>
              {overview.items
                .filter((item) => item.step === step.step)
                .map((item) => (
                  <StandingRow key={item.key} item={item} latestAssessment={overview.assessments[0]?.id} focused={item.key === focusKey} onChanged={onChanged} />
                ))}
            </TableBody>
          ))}
        </Table>
      </div>
    </section>
  );
}

function StandingRow({ item, latestAssessment, focused, onChanged }: { item: ChecklistItem; latestAssessment: string | undefined; focused: boolean; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [failure, setFailure] = useState<ContractError | null>(null);
  const question = questionText(item.key, i18n.language);
  const makeTask = async () => {
    if (!latestAssessment) return;
    setFailure(null);
    const made = await api.invoke('checklist.makeTask', { assessmentId: latestAssessment, questionKey: item.key });
    if (made.ok) onChanged();
    else setFailure(made.error);
  };
  const taskCell = () => {
    if (item.task?.status === 'open') return t('checklist.standing.taskOpen');
    if (item.open && latestAssessment)
      return (
        <Button appearance="secondary-action-button" type="button" aria-label={t('checklist.standing.makeTaskFor', { question })} onClick={() => void makeTask()}>
          {t('checklist.standing.makeTask')}
        </Button>
      );
    if (item.task?.done_at) return t('checklist.standing.taskDone', { date: formatDay(item.task.done_at.slice(0, 10), i18n.language) });
    return '';
  };
  return (
    <TableRow id={`item-${item.key}`} tabIndex={focused ? -1 : undefined} className={`${item.open ? 'item-open' : 'item-done'}${focused ? ' item-focused' : ''}`} data-testid={`item-${item.key}`}>
      <TableHeaderCell scope="row">{question}</TableHeaderCell>
      <TableCell>{item.latest ? t(`checklist.answers.${item.latest.answer}`) : t('checklist.standing.notAnswered')}</TableCell>
      <TableCell>{item.done_since ? formatDay(item.done_since, i18n.language) : ''}</TableCell>
      <TableCell>{item.latest?.owner ?? ''}</TableCell>
      <TableCell>{item.latest?.note ?? ''}</TableCell>
      <TableCell>
        {taskCell()}
        {failure && <ErrorNotice error={failure} />}
      </TableCell>
    </TableRow>
  );
}

function Trend({ overview }: { overview: ChecklistOverview }) {
  const { t, i18n } = useTranslation();
  const points = overview.trend;
  return (
    <section aria-labelledby="trend-title">
      <h2 id="trend-title">{t('checklist.trend.title')}</h2>
      {points.length === 0 ? (
        <p className="muted">{t('checklist.trend.empty')}</p>
      ) : (
        <div className="chart-card">
          <p id="trend-chart-caption">{t('checklist.trend.chart')}</p>
          <ChecklistTrendChart points={points} labelledBy="trend-chart-caption" dateLabel={(day) => formatDay(day, i18n.language)} />
          <ul className="chart-legend">
            {checklistSteps.map((step, index) => (
              <li key={step.step}>
                <svg width="14" height="14" aria-hidden="true">
                  <rect width="14" height="14" fill={STEP_COLOURS[index]} />
                </svg>{' '}
                {t('checklist.step', { step: step.step, name: stepName(step.step, i18n.language) })}
              </li>
            ))}
          </ul>
          <div className="table-scroll">
            <Table className="data-table" data-testid="table-checklist-trend">
              <TableCaption>{t('checklist.trend.table')}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('checklist.trend.date')}</TableHeaderCell>
                  {checklistSteps.map((step) => (
                    <TableHeaderCell key={step.step} scope="col">
                      {t('checklist.trend.stepShort', { step: step.step })}
                    </TableHeaderCell>
                  ))}
                  <TableHeaderCell scope="col">{t('checklist.trend.total')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {points.map((point) => (
                  <TableRow key={point.assessment_id}>
                    <TableHeaderCell scope="row">{formatDay(point.assessed_on, i18n.language)}</TableHeaderCell>
                    {point.yes_by_step.map((step) => (
                      <TableCell key={step.step}>
                        {step.yes} / {step.of}
                      </TableCell>
                    ))}
                    <TableCell>
                      {point.yes} / {point.of}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </div>
      )}
    </section>
  );
}

type Draft = Partial<Record<QuestionKey, { answer: ChecklistAnswer['answer'] | ''; note: string; owner: string }>>;

/** Starts from where each question stands, so a new assessment changes only what changed. */
function draftFrom(overview: ChecklistOverview): Draft {
  return Object.fromEntries(overview.items.map((item) => [item.key, { answer: item.latest?.answer ?? '', note: item.latest?.note ?? '', owner: item.latest?.owner ?? '' }]));
}

function AssessmentForm({ overview, onSaved }: { overview: ChecklistOverview; onSaved: (overview: ChecklistOverview) => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [draft, setDraft] = useState<Draft>(() => draftFrom(overview));
  const [day, setDay] = useState(() => format(new TZDate(new Date(), ZONE), 'yyyy-MM-dd'));
  const [failure, setFailure] = useState<ContractError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [nothing, setNothing] = useState(false);
  const set = (key: QuestionKey, change: Partial<NonNullable<Draft[QuestionKey]>>) => {
    setSaved(null);
    setDraft((current) => ({ ...current, [key]: { answer: '', note: '', owner: '', ...current[key], ...change } }));
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const answers: ChecklistAnswers = {};
    for (const [key, value] of Object.entries(draft) as [QuestionKey, NonNullable<Draft[QuestionKey]>][]) {
      if (value.answer) answers[key] = { answer: value.answer, note: value.note.trim(), owner: value.owner.trim() };
    }
    if (Object.keys(answers).length === 0) {
      setNothing(true);
      return;
    }
    setNothing(false);
    const result = await api.invoke('checklist.assess', { assessed_on: day, answers });
    if (result.ok) {
      setSaved(day);
      onSaved(result.value);
    } else setFailure(result.error);
  };
  return (
    <section aria-labelledby="assess-title">
      <h2 id="assess-title">{t('checklist.form.title')}</h2>
      <p>{t('checklist.form.intro')}</p>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <FormLabel htmlFor="assessed-on">{t('checklist.form.date')}</FormLabel>
          <DateField id="assessed-on" required value={day} onChange={setDay} />
        </div>
        {checklistSteps.map((step) => (
          <Fieldset key={step.step} className="record-section">
            <FieldsetLegend>{t('checklist.step', { step: step.step, name: stepName(step.step, i18n.language) })}</FieldsetLegend>
            {step.questions.map((question) => {
              const value = draft[question.key] ?? { answer: '', note: '', owner: '' };
              const id = `q-${question.key}`;
              return (
                <Fieldset key={question.key} className="checklist-question" data-testid={id}>
                  <FieldsetLegend>{questionText(question.key, i18n.language)}</FieldsetLegend>
                  {(['yes', 'no'] as const).map((answer) => (
                    <FormLabel key={answer} className="choice">
                      <RadioButton name={id} value={answer} checked={value.answer === answer} onChange={() => set(question.key, { answer })} /> {t(`checklist.answers.${answer}`)}
                    </FormLabel>
                  ))}
                  <FormLabel htmlFor={`${id}-note`}>{t('checklist.form.note')}</FormLabel>
                  <Textbox id={`${id}-note`} type="text" maxLength={1000} value={value.note} onChange={(event) => set(question.key, { note: event.target.value })} />
                  <FormLabel htmlFor={`${id}-owner`}>{t('checklist.form.owner')}</FormLabel>
                  <Textbox id={`${id}-owner`} type="text" maxLength={120} value={value.owner} onChange={(event) => set(question.key, { owner: event.target.value })} />
                </Fieldset>
              );
            })}
          </Fieldset>
        ))}
        {nothing && (
          <p role="alert" className="field-error">
            {t('checklist.form.nothing')}
          </p>
        )}
        {failure && <ErrorNotice error={failure} call="checklist.assess" />}
        {saved && (
          <Alert type="ok" role="status" className="notice notice-ok">
            {t('checklist.form.saved', { date: formatDay(saved, i18n.language) })}
          </Alert>
        )}
        <Button appearance="primary-action-button" type="submit">
          {t('checklist.form.save')}
        </Button>
      </form>
    </section>
  );
}

function History({ overview }: { overview: ChecklistOverview }) {
  const { t, i18n } = useTranslation();
  if (overview.assessments.length === 0) return null;
  const yes = (id: string) => overview.trend.find((point) => point.assessment_id === id);
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t('checklist.history.title')}</h2>
      <ul data-testid="checklist-history">
        {overview.assessments.map((assessment) => (
          <li key={assessment.id}>{t('checklist.history.line', { date: formatDay(assessment.assessed_on, i18n.language), name: assessment.assessed_by, yes: yes(assessment.id)?.yes ?? 0, of: yes(assessment.id)?.of ?? 0 })}</li>
        ))}
      </ul>
    </section>
  );
}
