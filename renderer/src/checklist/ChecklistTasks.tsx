import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChecklistTask } from '../../../shared/checklist/checklist-contract.js';
import { checklistQuestions } from '../../../shared/checklist/questions.js';
import type { ContractError } from '../../../shared/contract/result.js';
import { useApi } from '../api/api-context.js';
import { useCall } from '../api/use-call.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { checklistItemHref } from '../routing.js';
import { questionText } from './question-text.js';
import { Button, FormLabel, Textarea } from '@utrecht/component-library-react';

const refreshOn = ['sync.statusChanged', 'session.changed'] as const;

/** The checklist items taken onto the worklist; each links back to its question. */
export function ChecklistTasks() {
  const { t } = useTranslation();
  const { result, reload } = useCall('checklist.tasks', {}, refreshOn);
  if (result.state === 'failed') return <ErrorNotice error={result.error} />;
  if (result.state !== 'ready' || result.value.length === 0) return null;
  return (
    <section aria-labelledby="worklist-checklist" data-testid="worklist-checklist">
      <h2 id="worklist-checklist">
        {t('checklist.worklist.title')} ({result.value.length})
      </h2>
      <ul className="tasks">
        {result.value.map((task) => (
          <ChecklistTaskItem key={task.id} task={task} onDone={reload} />
        ))}
      </ul>
    </section>
  );
}

function ChecklistTaskItem({ task, onDone }: { task: ChecklistTask; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<ContractError | null>(null);
  const step = checklistQuestions.find((question) => question.key === task.question_key)?.step ?? 0;
  const noteId = `checklist-note-${task.id}`;
  const done = async () => {
    setFailure(null);
    const result = await api.invoke('checklist.completeTask', { taskId: task.id, ...(note.trim() ? { note } : {}) });
    if (result.ok) onDone();
    else setFailure(result.error);
  };
  return (
    <li className="task task-open" data-testid="checklist-task">
      <a href={checklistItemHref(task.question_key)}>{t('checklist.worklist.item', { step, question: questionText(task.question_key, i18n.language) })}</a>
      {task.owner && <p className="muted">{t('checklist.worklist.owner', { owner: task.owner })}</p>}
      {task.note && <p className="muted">{task.note}</p>}
      <div className="task-actions">
        <FormLabel htmlFor={noteId}>{t('checklist.worklist.doneNote')}</FormLabel>
        <Textarea id={noteId} rows={1} maxLength={1000} value={note} onChange={(event) => setNote(event.target.value)} />
        <Button appearance="secondary-action-button" type="button" onClick={() => void done()}>
          {t('checklist.worklist.markDone')}
        </Button>
      </div>
      {failure && <ErrorNotice error={failure} />}
    </li>
  );
}
