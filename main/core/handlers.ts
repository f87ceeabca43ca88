import type { ConnectionState } from '../../shared/domain/directory.js';
import type { DeviceStore } from './device/device-store.js';
import type { Handlers } from './dispatcher.js';
import type { EventBus } from './event-bus.js';

export interface HandlerDeps {
  readonly device: DeviceStore;
  readonly bus: EventBus;
  readonly connectionFor: (serverUrl: string) => ConnectionState;
}

/** Handlers get parsed input only; the dispatcher has already checked role and schema. */
export function createHandlers({ device, bus, connectionFor }: HandlerDeps): Handlers {
  const statusChanged = () => {
    const status = device.status(connectionFor);
    bus.emit('device.statusChanged', status);
    return status;
  };
  return {
    'device.status': () => device.status(connectionFor),
    'settings.get': () => device.settings(),
    'settings.update': (input) => {
      device.saveSettings(input);
      return statusChanged();
    },
    'settings.setLocale': ({ locale }) => {
      device.setLocale(locale);
      return statusChanged();
    },
  };
}
