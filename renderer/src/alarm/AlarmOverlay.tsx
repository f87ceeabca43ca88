import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponderStatus } from '../../../shared/alarm/alarm-contract.js';
import { useApi } from '../api/api-context.js';
import { formatDateTime } from '../format.js';
import { isLive } from './alarm-order.js';
import { listNames } from './names.js';
import { RecordIncidentButton } from './RecordIncidentButton.js';
import { Button } from '@utrecht/component-library-react';

/**
 * A responder's alarm screen: the whole screen, focus on "I'm coming" of the most urgent
 * alarm, and a sound that repeats until this person answers or the alarm ends. Several live
 * alarms are all shown, in the order given. Never an OS toast.
 */
export function AlarmOverlay({ alarms, onStatus, onClose }: { alarms: readonly ResponderStatus[]; onStatus: (s: ResponderStatus) => void; onClose: (alarmId: string) => void }) {
  const { t } = useTranslation();
  const [top] = alarms;
  if (!top) return null;
  const sounding = alarms.some((status) => status.sound && isLive(status));
  const tone = top.drill ? ' alarm-drill' : '';
  return (
    <div className={`alarm-overlay alarm-${top.duress ? 'emergency' : top.level}${tone}`} role="alertdialog" aria-modal="true" aria-labelledby={`alarm-title-${top.alarmId}`} aria-describedby={`alarm-details-${top.alarmId}`} onKeyDown={trapTab}>
      {sounding && <AlarmSound />}
      {alarms.length > 1 && <p className="alarm-several">{t('alarm.several', { count: alarms.length })}</p>}
      {alarms.map((status, index) => (
        <AlarmCard key={status.alarmId} status={status} focus={index === 0} onStatus={onStatus} onClose={() => onClose(status.alarmId)} />
      ))}
    </div>
  );
}

const focusable = 'button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** A modal keeps Tab inside it: past the last control comes the first again, and back. */
function trapTab(event: React.KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'Tab') return;
  const controls = [...event.currentTarget.querySelectorAll<HTMLElement>(focusable)];
  const first = controls[0];
  const last = controls.at(-1);
  if (!first || !last) return event.preventDefault();
  const active = document.activeElement;
  const inside = active instanceof HTMLElement && controls.includes(active);
  if (event.shiftKey && (active === first || !inside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !inside)) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * The repeating alarm sound. A browser may refuse to play sound before anyone has clicked
 * the page (its autoplay policy): then the screen says so and offers a button, rather than
 * pretending the alarm is audible. The shell and a configured kiosk browser allow it.
 */
function AlarmSound() {
  const { t } = useTranslation();
  const audio = useRef<HTMLAudioElement>(null);
  const [blocked, setBlocked] = useState(false);
  const play = () => {
    audio.current?.play().then(
      () => setBlocked(false),
      () => setBlocked(true),
    );
  };
  useEffect(play, []);
  return (
    <>
      <audio ref={audio} src="./alarm.wav" loop data-testid="alarm-sound" />
      {blocked && (
        <p className="alarm-sound-blocked" role="alert">
          {t('alarm.soundBlocked')}{' '}
          <Button appearance="secondary-action-button" type="button" onClick={play}>
            {t('alarm.soundOn')}
          </Button>
        </p>
      )}
    </>
  );
}

function AlarmCard({ status, focus, onStatus, onClose }: { status: ResponderStatus; focus: boolean; onStatus: (s: ResponderStatus) => void; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const comingButton = useRef<HTMLButtonElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const ended = !isLive(status);
  // The answer buttons go when the alarm ends: focus moves to Close rather than to nothing.
  useEffect(() => {
    if (focus) (ended ? closeButton : comingButton).current?.focus();
  }, [focus, ended]);
  const answer = async (value: 'coming' | 'cannot_come') => {
    const result = await api.invoke('alarm.answer', { alarmId: status.alarmId, answer: value });
    if (result.ok) onStatus(result.value);
  };
  const others = Object.values(status.others);
  const coming = others.filter((other) => other.answer === 'coming').map((other) => other.name);
  const cannot = others.filter((other) => other.answer === 'cannot_come').map((other) => other.name);
  const level = status.duress ? 'emergency' : status.level;
  return (
    <section className={`alarm-card alarm-card-${level}`} aria-labelledby={`alarm-title-${status.alarmId}`}>
      {status.drill && <p className="alarm-drill-banner">{t('alarm.drill')}</p>}
      <h1 id={`alarm-title-${status.alarmId}`}>{t(`alarm.title.${level}`)}</h1>
      {status.duress && <p className="alarm-duress">{t('alarm.duress')}</p>}
      <div id={`alarm-details-${status.alarmId}`}>
        <p className="alarm-where">{t('alarm.where', { desk: status.from.desk, floor: status.from.floor || '–', site: status.from.site })}</p>
        <p>{t('alarm.when', { time: formatDateTime(status.raisedAt, i18n.language) })}</p>
        {status.from.person && <p>{t('alarm.who', { person: status.from.person })}</p>}
        <p data-testid="alarm-others">{coming.length > 0 ? t('alarm.othersComing', { names: listNames(coming, i18n.language) }) : status.phase === 'coming' ? t('alarm.noOthersYet') : t('alarm.nobodyYet')}</p>
        {cannot.length > 0 && <p>{t('alarm.othersCannotCome', { names: listNames(cannot, i18n.language) })}</p>}
      </div>
      {ended ? (
        <>
          <p role="status">{t(`alarm.ended.${status.phase as 'cancelled' | 'resolved'}`)}</p>
          <div className="alarm-actions secondary">
            {status.phase === 'resolved' && !status.drill && <RecordIncidentButton alarmId={status.alarmId} onOpened={onClose} />}
            <Button appearance="secondary-action-button" type="button" ref={closeButton} onClick={onClose}>
              {t('alarm.close')}
            </Button>
          </div>
        </>
      ) : (
        <>
          {status.phase === 'coming' && <p role="status">{t('alarm.youAreComing')}</p>}
          {status.phase === 'cannot_come' && <p role="status">{t('alarm.youCannotCome')}</p>}
          <div className="alarm-actions">
            <Button appearance="secondary-action-button" type="button" ref={comingButton} className="alarm-coming" onClick={() => void answer('coming')}>
              {t('alarm.coming')}
            </Button>
            <Button appearance="secondary-action-button" type="button" className="alarm-cannot" onClick={() => void answer('cannot_come')}>
              {t('alarm.cannotCome')}
            </Button>
          </div>
          <div className="alarm-actions secondary">
            <Button appearance="secondary-action-button" type="button" onClick={() => void api.invoke('alarm.resolve', { alarmId: status.alarmId })}>
              {t('alarm.resolve')}
            </Button>
            <Button appearance="secondary-action-button" type="button" onClick={() => void api.invoke('alarm.cancel', { alarmId: status.alarmId })}>
              {t('alarm.cancel')}
            </Button>
          </div>
        </>
      )}
    </section>
  );
}
