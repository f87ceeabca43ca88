import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError } from '../../../shared/contract/result.js';
import type { FollowUpTask, Incident } from '../../../shared/incident/incident-contract.js';
import { useApi } from '../api/api-context.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { setAsideProblem } from '../../../shared/incident/deadlines.js';
import { formatShort } from '../format.js';
import { newWarningHref } from '../routing.js';
import { Alert, Button, FormLabel, Textarea } from '@utrecht/component-library-react';

/** The VPT follow-up of one incident; a coordinator marks each task done or not needed. */
export function TaskList({ tasks, canManage, onChanged }: { tasks: readonly FollowUpTask[]; canManage: boolean; onChanged: (incident: Incident) => void }) {
  const { t } = useTranslation();
  const policePrompt = tasks.some((task) => task.kind === 'police_report' && task.mandatory && task.status === 'open');
  return (
    <div>
      {policePrompt && <Alert type="info" role="note" className="notice">{t('incident.tasks.policePrompt')}</Alert>}
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
  const [reasonMissing, setReasonMissing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const notNeededRef = useRef<HTMLButtonElement>(null);
  const overdue = task.status === 'open' && task.due_at < now.toISOString();
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);
  const complete = async (outcome: 'done' | 'not_needed') => {
    setFailure(null);
    setConfirming(false);
    const result = await api.invoke('incident.completeTask', { taskId: task.id, outcome, ...(note.trim() ? { note } : {}) });
    if (result.ok) onChanged(result.value);
    else setFailure(result.error);
  };
  // A mandatory task is set aside only with a reason (the core refuses it too) and after a second look.
  const askNotNeeded = () => {
    if (setAsideProblem(task, 'not_needed', note)) {
      setReasonMissing(true);
      noteRef.current?.focus();
    } else if (task.mandatory) setConfirming(true);
    else void complete('not_needed');
  };
  const cancelConfirm = () => {
    setConfirming(false);
    notNeededRef.current?.focus();
  };
  const kind = t(`incident.tasks.kinds.${task.kind}`);
  const noteId = `note-${task.id}`;
  return (
    <li className={`task task-${task.status}${overdue ? ' task-overdue' : ''}`} data-testid={`task-${task.kind}`}>
      <strong>{kind}</strong>
      {task.mandatory && <span className="badge">{t('incident.tasks.mandatory')}</span>} <span>{t('incident.tasks.due', { date: formatShort(task.due_at, i18n.language) })}</span>{' '}
      <span className="task-status">{t(`incident.tasks.statuses.${task.status}`)}</span>
      {task.status !== 'open' && task.done_by && task.done_at && (
        <p className="muted">
          {t('incident.tasks.outcome', { outcome: t(`incident.tasks.statuses.${task.status}`), name: task.done_by, date: formatShort(task.done_at, i18n.language) })}
          {task.note ? ` – ${task.status === 'not_needed' ? t('incident.tasks.reason', { reason: task.note }) : task.note}` : ''}
        </p>
      )}
      {task.kind === 'feedback_reporter' && task.status === 'done' && task.note && (
        <p className="muted" data-testid="feedback-read">
          {task.read_at ? t('feedback.task.read', { date: formatShort(task.read_at, i18n.language) }) : t('feedback.task.unread')}
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
          <FormLabel htmlFor={noteId}>{task.mandatory ? t('incident.tasks.noteMandatory', { task: kind }) : t('incident.tasks.note', { task: kind })}</FormLabel>
          <Textarea
            id={noteId}
            ref={noteRef}
            rows={1}
            value={note}
            maxLength={1000}
            invalid={reasonMissing}
            aria-describedby={reasonMissing ? `${noteId}-error` : undefined}
            onChange={(event) => {
              setNote(event.target.value);
              setReasonMissing(false);
            }}
          />
          {reasonMissing && (
            <p id={`${noteId}-error`} className="field-error">
              {t('incident.validation.reason_required')}
            </p>
          )}
          {confirming ? (
            <div role="group" aria-labelledby={`${noteId}-confirm`} className="confirm">
              <p id={`${noteId}-confirm`}>{t('incident.tasks.confirmNotNeeded', { task: kind, reason: note.trim() })}</p>
              <Button appearance="secondary-action-button" type="button" ref={confirmRef} onClick={() => void complete('not_needed')}>
                {t('incident.tasks.confirmYes')}
              </Button>
              <Button appearance="secondary-action-button" type="button" onClick={cancelConfirm}>
                {t('incident.tasks.confirmNo')}
              </Button>
            </div>
          ) : (
            <>
              <Button appearance="secondary-action-button" type="button" onClick={() => void complete('done')}>
                {t('incident.tasks.markDone')}
              </Button>
              <Button appearance="secondary-action-button" type="button" ref={notNeededRef} onClick={askNotNeeded}>
                {t('incident.tasks.markNotNeeded')}
              </Button>
            </>
          )}
        </div>
      )}
      {failure && <ErrorNotice error={failure} />}
    </li>
  );
}
