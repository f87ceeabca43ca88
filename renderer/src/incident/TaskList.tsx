import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract/result.js';
import type { FollowUpTask, Incident } from '../../../shared/incident/incident-contract.js';
import { useApi } from '../api/api-context.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatShort } from '../format.js';
import { newWarningHref } from '../routing.js';

/** The VPT follow-up of one incident; a coordinator marks each task done or not needed. */
export function TaskList({ tasks, canManage, onChanged }: { tasks: readonly FollowUpTask[]; canManage: boolean; onChanged: (incident: Incident) => void }) {
  const { t } = useTranslation();
  const policePrompt = tasks.some((task) => task.kind === 'police_report' && task.mandatory && task.status === 'open');
  return (
    <div>
      {policePrompt && <p className="notice">{t('incident.tasks.policePrompt')}</p>}
      <ul className="tasks">
        {tasks.map((task) => (
          <TaskItem key={task.id} task={task} canManage={canManage} onChanged={onChanged} />
        ))}
      </ul>
    </div>
  );
}

export function TaskItem({ task, canManage, onChanged, now = new Date() }: { task: FollowUpTask; canManage: boolean; onChanged: (incident: Incident) => void; now?: Date }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<ContractError | null>(null);
  const overdue = task.status === 'open' && task.due_at < now.toISOString();
  const complete = async (outcome: 'done' | 'not_needed') => {
    setFailure(null);
    const result = await api.invoke('incident.completeTask', { taskId: task.id, outcome, ...(note.trim() ? { note } : {}) });
    if (result.ok) onChanged(result.value);
    else setFailure(result.error);
  };
  const kind = t(`incident.tasks.kinds.${task.kind}`);
  return (
    <li className={`task task-${task.status}${overdue ? ' task-overdue' : ''}`} data-testid={`task-${task.kind}`}>
      <strong>{kind}</strong>
      {task.mandatory && <span className="badge">{t('incident.tasks.mandatory')}</span>} <span>{t('incident.tasks.due', { date: formatShort(task.due_at, i18n.language) })}</span>{' '}
      <span className="task-status">{t(`incident.tasks.statuses.${task.status}`)}</span>
      {task.status !== 'open' && task.done_by && task.done_at && (
        <p className="muted">
          {t('incident.tasks.outcome', { outcome: t(`incident.tasks.statuses.${task.status}`), name: task.done_by, date: formatShort(task.done_at, i18n.language) })}
          {task.note ? ` – ${task.note}` : ''}
        </p>
      )}
      {/* The reaction to the perpetrator may be a visitor warning: drafted here, it rests on this incident. */}
      {task.kind === 'reaction_48h' && task.status === 'done' && canManage && (
        <p>
          <a href={newWarningHref(task.incident_id)}>{t('warnings.draft')}</a>
        </p>
      )}
      {task.status === 'open' && canManage && (
        <div className="task-actions">
          <label htmlFor={`note-${task.id}`} className="visually-hidden">
            {t('incident.tasks.note', { task: kind })}
          </label>
          <input id={`note-${task.id}`} placeholder={t('incident.tasks.note', { task: kind })} value={note} maxLength={1000} onChange={(event) => setNote(event.target.value)} />
          <button type="button" onClick={() => void complete('done')}>
            {t('incident.tasks.markDone')}
          </button>
          <button type="button" onClick={() => void complete('not_needed')}>
            {t('incident.tasks.markNotNeeded')}
          </button>
        </div>
      )}
      {failure && <ErrorNotice error={failure} />}
    </li>
  );
}
