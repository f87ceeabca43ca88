import { ContractFailure } from '../../shared/contract/result.js';
import { deploymentStatus, lockedChanges, type MachineConfig } from '../../shared/deployment/machine-config.js';
import type { UpdateStatus } from '../../shared/updates/update-status.js';
import type { AlarmService } from './alarm/alarm-service.js';
import type { DeviceStore } from './device/device-store.js';
import type { Handlers } from './dispatcher.js';
import type { EventBus } from './event-bus.js';
import type { SyncService } from './sync/sync-service.js';
import { analyticsHandlers, type AnalyticsHandlerDeps } from './analytics/analytics-handlers.js';
import { benchmarkHandlers } from './analytics/benchmark-handlers.js';
import type { BenchmarkService } from './analytics/benchmark-service.js';
import { incidentHandlers, type IncidentHandlerDeps } from './incident/incident-handlers.js';
import { checklistHandlers } from './checklist/checklist-handlers.js';
import type { ChecklistService } from './checklist/checklist-service.js';
import { feedbackHandlers } from './incident/feedback-handlers.js';
import type { FeedbackService } from './incident/feedback-service.js';
import { houseRulesHandlers, type HouseRulesHandlerDeps } from './house-rules/house-rules-handlers.js';
import { orgThemeHandlers, type OrgThemeHandlerDeps } from './theme/org-theme-handlers.js';
import type { StaffService } from './staff/staff-service.js';
import { staffHandlers } from './staff/staff-handlers.js';
import { warningHandlers, type WarningHandlerDeps } from './warnings/warning-handlers.js';

export interface HandlerDeps {
  readonly device: DeviceStore;
  readonly bus: EventBus;
  readonly sync: SyncService;
  readonly alarms: AlarmService;
  readonly staff: StaffService;
  readonly incidents: IncidentHandlerDeps;
  readonly houseRules: HouseRulesHandlerDeps;
  readonly warnings: WarningHandlerDeps;
  readonly analytics: AnalyticsHandlerDeps;
  readonly checklist: ChecklistService;
  readonly feedback: FeedbackService;
  readonly orgTheme: OrgThemeHandlerDeps;
  readonly benchmark: BenchmarkService;
  /** The settings or an enrolment may have given the desk another organisation or site. */
  readonly scopeChanged: () => void;
  /** What IT locked: refused here whatever a screen sent. */
  readonly machineConfig: MachineConfig;
  /** The shell's updater, if any: the core only passes its state on. */
  readonly updateStatus: () => UpdateStatus;
}

/** A change to what IT locked is refused, naming the settings. */
function refuseLocked(config: MachineConfig, change: Parameters<typeof lockedChanges>[1]): void {
  const refused = lockedChanges(config, change);
  if (refused.length > 0) throw new ContractFailure('FORBIDDEN', `locked by the machine-wide configuration: ${refused.join(', ')}`);
}

/** Handlers get parsed input only; the dispatcher has already checked role and schema. */
export function createHandlers({ device, bus, sync, alarms, staff, incidents, houseRules, warnings, analytics, checklist, feedback, orgTheme, benchmark, scopeChanged, machineConfig, updateStatus }: HandlerDeps): Handlers {
  const status = () => device.status(sync.connection());
  const statusChanged = () => {
    const value = status();
    bus.emit('device.statusChanged', value);
    return value;
  };
  return {
    ...staffHandlers(staff, (session) => {
      alarms.sessionChanged();
      bus.emit('session.changed', session);
    }),
    ...incidentHandlers(incidents),
    ...houseRulesHandlers(houseRules),
    ...warningHandlers(warnings),
    ...analyticsHandlers(analytics),
    ...checklistHandlers(checklist, () => sync.changed()),
    ...feedbackHandlers(feedback, incidents.incidents, bus, () => sync.changed()),
    ...orgThemeHandlers(orgTheme),
    ...benchmarkHandlers(benchmark),
    'device.status': status,
    'settings.get': () => device.settings(),
    'settings.update': async (input) => {
      // An enrolled desk's organisation and site are the server's: renaming them here would split the two.
      const current = device.settings();
      if (sync.enrolled() && current) {
        if (input.organisationName !== current.organisationName) throw new ContractFailure('INVALID_INPUT', 'organisationName: set_by_server');
        if (input.siteName !== current.siteName) throw new ContractFailure('INVALID_INPUT', 'siteName: set_by_server');
      }
      refuseLocked(machineConfig, { serverUrl: input.serverUrl });
      const serverChanged = input.serverUrl !== device.serverUrl();
      device.saveSettings(input);
      scopeChanged();
      if (serverChanged) {
        // A different server means a different credential: restart the link with what we have.
        await sync.stop();
        sync.start();
        bus.emit('sync.statusChanged', sync.status());
      }
      return statusChanged();
    },
    'deployment.status': () => deploymentStatus(machineConfig),
    'updates.status': () => updateStatus(),
    'settings.setLocale': ({ locale }) => {
      refuseLocked(machineConfig, { language: locale });
      device.setLocale(locale);
      return statusChanged();
    },
    'sync.status': () => sync.status(),
    'sync.now': async () => {
      await sync.syncNow();
      return sync.status();
    },
    'sync.enrol': async (input) => {
      await sync.enrol(input);
      scopeChanged();
      statusChanged();
      return sync.status();
    },
    'alarm.raise': ({ level, drill }) => alarms.raise(level, drill),
    'alarm.readiness': () => alarms.readiness(),
    'alarm.active': ({ asScreen }, { caller }) => alarms.active(asScreen ? caller.session : null),
    'alarm.shown': ({ alarmId }) => alarms.shown(alarmId),
    'alarm.answer': ({ alarmId, answer }) => alarms.answer(alarmId, answer),
    'alarm.cancel': ({ alarmId, pin }) => (alarms.end(alarmId, 'cancelled', pin), { alarmId }),
    'alarm.resolve': ({ alarmId }) => (alarms.end(alarmId, 'resolved'), { alarmId }),
  };
}
