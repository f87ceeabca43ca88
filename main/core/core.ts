import type { ConnectionState } from '../../shared/domain/directory.js';
import { openStore, type Store } from './db/open-store.js';
import type { Migration } from './db/migrate.js';
import { DeviceStore } from './device/device-store.js';
import { createDispatcher, type Dispatch } from './dispatcher.js';
import { EventBus } from './event-bus.js';
import { createHandlers } from './handlers.js';
import type { Logger } from './logger.js';

export interface CoreOptions {
  dataDir: string;
  logger: Logger;
  now?: () => Date;
  migrations?: readonly Migration[];
}

/** Everything that matters, under plain Node: the shell and the web host are only transports. */
export interface Core {
  readonly dispatch: Dispatch;
  readonly bus: EventBus;
  readonly store: Store;
  close(): void;
}

/** Until replication exists there is nothing to be connected to; a URL alone is not a connection. */
function connectionFor(serverUrl: string): ConnectionState {
  return serverUrl === '' ? 'unconfigured' : 'not_connected';
}

export function openCore({ dataDir, logger, now = () => new Date(), migrations }: CoreOptions): Core {
  const store = openStore(migrations ? { dataDir, migrations } : { dataDir });
  const device = new DeviceStore(store.write, store.read, now);
  device.ensureDevice();
  const bus = new EventBus(logger);
  const dispatch = createDispatcher(createHandlers({ device, bus, connectionFor }), logger);
  logger.info({ file: store.file, schema: store.schema }, 'core ready');
  return {
    dispatch,
    bus,
    store,
    close: () => store.close(),
  };
}
