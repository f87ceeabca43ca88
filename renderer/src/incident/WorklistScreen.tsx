import { useTranslation } from 'react-i18next';
import { isDamaged, type WorklistItem } from '../../../shared/incident/incident-contract.js';
import { useCall } from '../api/use-call.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { formatShort } from '../format.js';
import { incidentHref } from '../routing.js';
import { SignInForm } from '../staff/SessionControl.js';
import { ChecklistTasks } from '../checklist/ChecklistTasks.js';
import { IncompleteWarnings } from '../warnings/IncompleteWarnings.js';
import { PolicyForm } from './PolicyForm.js';
import { TaskItem } from './TaskList.js';

const urgencies = ['overdue', 'due_soon', 'later'] as const;
const refreshOn = ['incidents.changed', 'sync.statusChanged', 'session.changed'] as const;

/** The coordinator's worklist: every open follow-up task, overdue first. */
export function WorklistScreen() {
  const { t, i18n } = useTranslation();
  const { result: list, reload } = useCall('incident.worklist', {}, refreshOn);
  const groups = (items: readonly WorklistItem[]) => urgencies.map((urgency) => ({ urgency, items: items.filter((item) => item.urgency === urgency) })).filter((group) => group.items.length > 0);
  // Within each group, one entry per incident with its tasks, in the order the core sorted them.
  const byIncident = (items: readonly WorklistItem[]) => {
    const entries = new Map<string, WorklistItem[]>();
    for (const item of items) entries.set(item.incident.id, [...(entries.get(item.incident.id) ?? []), item]);
    return [...entries.values()];
  };
  return (
    <section aria-labelledby="worklist-title">
      <h1 id="worklist-title">{t('incident.worklist.title')}</h1>
      <p>{t('incident.worklist.intro')}</p>
      {list.state === 'failed' && (list.error.code === 'SIGN_IN_REQUIRED' || list.error.code === 'FORBIDDEN' ? <SignInForm /> : <ErrorNotice error={list.error} />)}
      {list.state === 'ready' && <IncompleteWarnings />}
      {list.state === 'ready' && <ChecklistTasks />}
      {list.state === 'ready' && list.value.length === 0 && <p className="muted">{t('incident.worklist.empty')}</p>}
      {list.state === 'ready' &&
        groups(list.value).map(({ urgency, items }) => (
          <section key={urgency} aria-labelledby={`worklist-${urgency}`} data-testid={`worklist-${urgency}`}>
            <h2 id={`worklist-${urgency}`}>
              {t(`incident.worklist.urgency.${urgency}`)} ({items.length})
            </h2>
            <ul className="tasks">
              {byIncident(items).map((entries) => {
                const { incident } = entries[0]!;
                return (
                  <li key={incident.id} className="worklist-item" data-testid="worklist-incident">
                    <a href={incidentHref(incident.id)}>
                      {isDamaged(incident) ? (
                        t('incident.list.damaged', { id: incident.id })
                      ) : (
                        <>
                          {t('incident.worklist.incident', { date: formatShort(incident.occurred_at, i18n.language) })} – {incident.forms.map((form) => t(`incident.forms.${form}`)).join(', ')}
                          {incident.reporter_name ? ` (${incident.reporter_name})` : ''}
                        </>
                      )}
                    </a>
                    <ul>
                      {entries.map(({ task }) => (
                        <TaskItem key={task.id} task={task} canManage onChanged={reload} />
                      ))}
                    </ul>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      {list.state === 'ready' && <PolicyForm />}
    </section>
  );
}
