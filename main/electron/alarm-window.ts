import type { BrowserWindow } from 'electron';
import type { ResponderStatus } from '../../shared/alarm/alarm-contract.js';

/** What the responder's window must do for an alarm status: come to the front and stay there, or let go. */
export function alarmWindowAction(status: Pick<ResponderStatus, 'phase'>): 'take_focus' | 'release' | 'none' {
  if (status.phase === 'alerting') return 'take_focus';
  if (status.phase === 'cancelled' || status.phase === 'resolved') return 'release';
  return 'none';
}

/** Topmost and focused while alerting; above full-screen apps too. Never an OS toast. */
export function applyAlarmWindowAction(window: BrowserWindow, action: ReturnType<typeof alarmWindowAction>): void {
  if (action === 'take_focus') {
    if (window.isMinimized()) window.restore();
    window.show();
    window.setAlwaysOnTop(true, 'screen-saver');
    window.focus();
    window.flashFrame(true);
  } else if (action === 'release') {
    window.setAlwaysOnTop(false);
    window.flashFrame(false);
  }
}
