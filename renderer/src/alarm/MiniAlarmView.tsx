import { useTranslation } from 'react-i18next';
import { useDeviceStatus } from '../api/api-context.js';
import { useDeviceLocale } from '../use-device-locale.js';
import { SenderControls } from './SenderControls.js';
import { useAlarms } from './use-alarms.js';

/**
 * The always-on-top mini button (the shell opens it in a small frameless window): the
 * same discreet controls as the header, for counters where the main window is hidden
 * behind the case-handling application.
 */
export function MiniAlarmView() {
  const { t } = useTranslation();
  const alarms = useAlarms({ asScreen: false });
  const status = useDeviceStatus();
  useDeviceLocale();
  return (
    <main className="mini-alarm" aria-labelledby="mini-title">
      <h1 id="mini-title" className="visually-hidden">
        {t('alarm.mini.label')}
      </h1>
      <SenderControls status={alarms.sender} onStatus={alarms.setSender} fallbackPhone={status.state === 'ready' ? status.value.fallbackPhone : ''} />
    </main>
  );
}
