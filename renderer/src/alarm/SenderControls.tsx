import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlarmLevel } from '../../../shared/alarm/alarm-message.js';
import type { SenderStatus } from '../../../shared/alarm/alarm-contract.js';
import type { ContractError } from '../../../shared/contract/result.js';
import { useApi } from '../api/api-context.js';
import { errorText } from '../components/error-text.js';
import { useDeskSession } from '../staff/use-desk-session.js';
import { listNames } from './names.js';
import { ReadinessIndicator } from './ReadinessIndicator.js';
import { RecordIncidentButton } from './RecordIncidentButton.js';
import { Button, FormLabel, Textbox } from '@utrecht/component-library-react';

/** In-page shortcuts (the shell adds a global one): Ctrl+Alt+H asks for help, Ctrl+Alt+N is an emergency. */
export function levelForShortcut(event: Pick<KeyboardEvent, 'ctrlKey' | 'altKey' | 'key'>): AlarmLevel | null {
  if (!event.ctrlKey || !event.altKey) return null;
  const key = event.key.toLowerCase();
  return key === 'h' ? 'assist' : key === 'n' ? 'emergency' : null;
}

/**
 * Discreet on purpose: two small buttons and one line of small text. No sound and no
 * pop-up on this screen, which the visitor may be looking at.
 */
export function SenderControls({ status, onStatus, fallbackPhone }: { status: SenderStatus | null; onStatus: (s: SenderStatus) => void; fallbackPhone: string }) {
  const { t } = useTranslation();
  const api = useApi();
  // A press the core refuses (a PC nobody has set up, a broken store) must never look like
  // nothing happened: the worker is told it did not go out, and whom to call instead.
  const [refusal, setRefusal] = useState<ContractError | null>(null);
  const raise = async (level: AlarmLevel) => {
    const result = await api.invoke('alarm.raise', { level, drill: false });
    if (!result.ok) return setRefusal(result.error);
    setRefusal(null);
    onStatus(result.value);
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const level = levelForShortcut(event);
      if (!level) return;
      event.preventDefault();
      void raise(level);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  const open = status && status.phase !== 'cancelled' && status.phase !== 'resolved';
  return (
    <div className="sender-controls">
      {/* Hulp and Nood alone in their box: at 1024 px and up it has a fixed place in the header,
          and nothing that changes during an alarm (status, cancel, PIN) sits beside it. */}
      <div className="sender-buttons">
        <Button appearance="secondary-action-button" type="button" className="discreet" title={t('alarm.assistHint')} onClick={() => void raise('assist')}>
          {t('alarm.assist')}
        </Button>
        <Button appearance="secondary-action-button" type="button" className="discreet" title={t('alarm.emergencyHint')} onClick={() => void raise('emergency')}>
          {t('alarm.emergency')}
        </Button>
      </div>
      <div className="sender-line">
        <ReadinessIndicator />
        {refusal && (
          <strong className="not-delivered" role="alert" data-testid="alarm-refused">
            {t('alarm.status.refused', { reason: errorText(t, refusal, 'alarm.raise') })} – {fallbackPhone ? t('alarm.status.callFallback', { phone: fallbackPhone }) : t('alarm.status.noFallback')}
          </strong>
        )}
        {status && !refusal && (
          <span className={status.drill ? 'sender-status sender-status-drill' : 'sender-status'} role="status" data-testid="sender-status">
            {/* A test alarm says so in words on the sender's own screen too, never in the live style. */}
            {status.drill && <strong className="sender-drill">{t('alarm.drill')}: </strong>}
            <Describe status={status} fallbackPhone={fallbackPhone} />
            {status.phase === 'resolved' && !status.drill && (
              <>
                {' '}
                <RecordIncidentButton alarmId={status.alarmId} className="link-button" />
              </>
            )}
            {open && <EndButtons alarmId={status.alarmId} />}
          </span>
        )}
      </div>
    </div>
  );
}

/**
 * Cancel and resolve. Someone with a duress PIN types a PIN to cancel: their own PIN cancels,
 * the duress PIN looks the same here but keeps the alarm going for the responders.
 */
function EndButtons({ alarmId }: { alarmId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const session = useDeskSession();
  const [asking, setAsking] = useState(false);
  const [pin, setPin] = useState('');
  const [failure, setFailure] = useState<ContractError | null>(null);
  const needsPin = session.state === 'ready' && session.value.cancelNeedsPin;
  const cancel = async (event?: FormEvent) => {
    event?.preventDefault();
    const result = await api.invoke('alarm.cancel', needsPin ? { alarmId, pin } : { alarmId });
    setPin('');
    if (!result.ok) return setFailure(result.error);
    setAsking(false);
  };
  if (asking) {
    return (
      <form className="cancel-pin" onSubmit={(event) => void cancel(event)}>
        {' '}
        <FormLabel htmlFor="cancel-pin">{t('alarm.cancelPin')}</FormLabel>{' '}
        <Textbox id="cancel-pin" type="password" inputMode="numeric" autoComplete="off" autoFocus maxLength={12} value={pin} onChange={(event) => setPin(event.target.value)} />{' '}
        <Button appearance="subtle-button" type="submit" className="link-button">
          {t('alarm.confirmCancel')}
        </Button>{' '}
        <Button appearance="subtle-button" type="button" className="link-button" onClick={() => setAsking(false)}>
          {t('alarm.keepAlarm')}
        </Button>
        {failure && <span className="cancel-pin-error"> {t(`errors.${failure.code}`)}</span>}
      </form>
    );
  }
  return (
    <>
      {' '}
      <Button appearance="subtle-button" type="button" className="link-button" onClick={() => (needsPin ? (setFailure(null), setAsking(true)) : void cancel())}>
        {t('alarm.cancel')}
      </Button>{' '}
      <Button appearance="subtle-button" type="button" className="link-button" onClick={() => void api.invoke('alarm.resolve', { alarmId })}>
        {t('alarm.resolve')}
      </Button>
    </>
  );
}

function Describe({ status, fallbackPhone }: { status: SenderStatus; fallbackPhone: string }): ReactNode {
  const { t, i18n } = useTranslation();
  const pac = status.pac === 'none' ? null : t(`alarm.status.pac.${status.pac}`);
  switch (status.phase) {
    case 'sending':
      return [t('alarm.status.sending'), pac].filter(Boolean).join(' · ');
    case 'not_delivered':
      return (
        <strong className="not-delivered">
          {t('alarm.status.not_delivered')} – {fallbackPhone ? t('alarm.status.callFallback', { phone: fallbackPhone }) : t('alarm.status.noFallback')}
          {pac && ` · ${pac}`}
        </strong>
      );
    case 'delivered': {
      const coming = status.coming.map((device) => status.names[device] ?? '?');
      return [
        t('alarm.status.delivered', { count: status.deliveredTo.length }),
        coming.length > 0 ? t('alarm.status.comingNames', { count: coming.length, names: listNames(coming, i18n.language) }) : null,
        status.step > 0 ? t('alarm.status.escalated') : null,
        pac,
      ]
        .filter(Boolean)
        .join(' · ');
    }
    default:
      return t(`alarm.status.${status.phase}`);
  }
}
