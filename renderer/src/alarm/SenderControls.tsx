import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlarmLevel } from '../../../shared/alarm/alarm-message.js';
import type { SenderStatus } from '../../../shared/alarm/alarm-contract.js';
import { useApi } from '../api/api-context.js';
import { ReadinessIndicator } from './ReadinessIndicator.js';
import { RecordIncidentButton } from './RecordIncidentButton.js';

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
  const raise = async (level: AlarmLevel) => {
    const result = await api.invoke('alarm.raise', { level, drill: false });
    if (result.ok) onStatus(result.value);
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
      <button type="button" className="discreet" title={t('alarm.assistHint')} onClick={() => void raise('assist')}>
        {t('alarm.assist')}
      </button>
      <button type="button" className="discreet" title={t('alarm.emergencyHint')} onClick={() => void raise('emergency')}>
        {t('alarm.emergency')}
      </button>
      <ReadinessIndicator />
      {status && (
        <span className="sender-status" role="status" data-testid="sender-status">
          {describe(status, fallbackPhone, t)}
          {status.phase === 'resolved' && !status.drill && (
            <>
              {' '}
              <RecordIncidentButton alarmId={status.alarmId} className="link-button" />
            </>
          )}
          {open && (
            <>
              {' '}
              <button type="button" className="link-button" onClick={() => void api.invoke('alarm.cancel', { alarmId: status.alarmId })}>
                {t('alarm.cancel')}
              </button>{' '}
              <button type="button" className="link-button" onClick={() => void api.invoke('alarm.resolve', { alarmId: status.alarmId })}>
                {t('alarm.resolve')}
              </button>
            </>
          )}
        </span>
      )}
    </div>
  );
}

function describe(status: SenderStatus, fallbackPhone: string, t: (key: string, options?: Record<string, unknown>) => string): ReactNode {
  switch (status.phase) {
    case 'sending':
      return t('alarm.status.sending');
    case 'not_delivered':
      return (
        <strong className="not-delivered">
          {t('alarm.status.not_delivered')} – {fallbackPhone ? t('alarm.status.callFallback', { phone: fallbackPhone }) : t('alarm.status.noFallback')}
        </strong>
      );
    case 'delivered':
      return [t('alarm.status.delivered', { count: status.deliveredTo.length }), t('alarm.status.coming', { count: status.coming.length }), status.step > 0 ? t('alarm.status.escalated') : null].filter(Boolean).join(' · ');
    default:
      return t(`alarm.status.${status.phase}`);
  }
}
