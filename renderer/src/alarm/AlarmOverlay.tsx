import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponderStatus } from '../../../shared/alarm/alarm-contract.js';
import { useApi } from '../api/api-context.js';
import { formatDateTime } from '../format.js';
import { RecordIncidentButton } from './RecordIncidentButton.js';

/**
 * A responder's alarm: the whole screen, focus on "I'm coming", and a sound that repeats
 * until this person answers or the alarm ends. Never an OS toast.
 */
export function AlarmOverlay({ status, onStatus, onClose }: { status: ResponderStatus; onStatus: (s: ResponderStatus) => void; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const comingButton = useRef<HTMLButtonElement>(null);
  const ended = status.phase === 'cancelled' || status.phase === 'resolved';
  useEffect(() => {
    comingButton.current?.focus();
  }, []);
  const answer = async (value: 'coming' | 'cannot_come') => {
    const result = await api.invoke('alarm.answer', { alarmId: status.alarmId, answer: value });
    if (result.ok) onStatus(result.value);
  };
  const othersComing = Object.values(status.others).filter((other) => other === 'coming').length;
  return (
    <div className={`alarm-overlay alarm-${status.level}${status.drill ? ' alarm-drill' : ''}`} role="alertdialog" aria-modal="true" aria-labelledby="alarm-title" aria-describedby="alarm-details">
      {status.sound && !ended && <audio src="./alarm.wav" autoPlay loop data-testid="alarm-sound" />}
      {status.drill && <p className="alarm-drill-banner">{t('alarm.drill')}</p>}
      <h1 id="alarm-title">{t(`alarm.title.${status.level}`)}</h1>
      <div id="alarm-details">
        <p className="alarm-where">{t('alarm.where', { desk: status.from.desk, floor: status.from.floor || '–', site: status.from.site })}</p>
        <p>{t('alarm.when', { time: formatDateTime(status.raisedAt, i18n.language) })}</p>
        {status.from.person && <p>{t('alarm.who', { person: status.from.person })}</p>}
        <p data-testid="alarm-others">{othersComing > 0 ? t('alarm.othersComing', { count: othersComing }) : t('alarm.nobodyYet')}</p>
      </div>
      {ended ? (
        <>
          <p role="status">{t(`alarm.ended.${status.phase}`)}</p>
          <div className="alarm-actions secondary">
            {status.phase === 'resolved' && !status.drill && <RecordIncidentButton alarmId={status.alarmId} onOpened={onClose} />}
            <button type="button" onClick={onClose}>
              {t('alarm.close')}
            </button>
          </div>
        </>
      ) : (
        <>
          {status.phase === 'coming' && <p role="status">{t('alarm.youAreComing')}</p>}
          {status.phase === 'cannot_come' && <p role="status">{t('alarm.youCannotCome')}</p>}
          <div className="alarm-actions">
            <button type="button" ref={comingButton} className="alarm-coming" onClick={() => void answer('coming')}>
              {t('alarm.coming')}
            </button>
            <button type="button" className="alarm-cannot" onClick={() => void answer('cannot_come')}>
              {t('alarm.cannotCome')}
            </button>
          </div>
          <div className="alarm-actions secondary">
            <button type="button" onClick={() => void api.invoke('alarm.resolve', { alarmId: status.alarmId })}>
              {t('alarm.resolve')}
            </button>
            <button type="button" onClick={() => void api.invoke('alarm.cancel', { alarmId: status.alarmId })}>
              {t('alarm.cancel')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
