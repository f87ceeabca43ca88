import { openStore, type Store } from './db/open-store.js';
import type { Migration } from './db/migrate.js';
import { DeviceStore } from './device/device-store.js';
import { createDispatcher, type Dispatch } from './dispatcher.js';
import { EventBus } from './event-bus.js';
import { createHandlers } from './handlers.js';
import type { Logger } from './logger.js';
import { fileCredentialVault, type CredentialVault } from './sync/credential-vault.js';
import { ReplicaStore } from './sync/replica-store.js';
import { SyncService } from './sync/sync-service.js';

export interface CoreOptions {
  dataDir: string;
  logger: Logger;
  now?: () => Date;
  migrations?: readonly Migration[];
  /** Where the device credential is kept: a 0600 file by default, safeStorage in the shell. */
  vault?: CredentialVault;
  fetchImpl?: typeof fetch;
}

/** Everything that matters, under plain Node: the shell and the web host are only transports. */
export interface Core {
  readonly dispatch: Dispatch;
  readonly bus: EventBus;
  readonly store: Store;
  readonly replica: ReplicaStore;
  readonly sync: SyncService;
  close(): Promise<void>;
}

export function openCore({ dataDir, logger, now = () => new Date(), migrations, vault = fileCredentialVault(dataDir), fetchImpl }: CoreOptions): Core {
  const store = openStore(migrations ? { dataDir, migrations } : { dataDir });
  const device = new DeviceStore(store.write, store.read, now);
  device.ensureDevice();
  const bus = new EventBus(logger);
  const replica = new ReplicaStore(store.write, store.read, device.deviceId(), now);
  let sync: SyncService | null = null;
  sync = new SyncService({
    replica,
    vault,
    write: store.write,
    deviceId: () => device.deviceId(),
    serverUrl: () => device.serverUrl(),
    adoptScope: ({ organisation, site }) => device.adoptScope(organisation, site),
    logger,
    now,
    onChange: () => {
      if (!sync) return;
      const current = sync;
      bus.emit('sync.statusChanged', current.status());
      // The connection line on the first screen follows the sync state.
      bus.emit('device.statusChanged', device.status((serverUrl) => current.connection(serverUrl)));
    },
    ...(fetchImpl ? { fetchImpl } : {}),
  });
  const dispatch = createDispatcher(createHandlers({ device, bus, sync }), logger);
  sync.start();
  logger.info({ file: store.file, schema: store.schema }, 'core ready');
  return {
    dispatch,
    bus,
    store,
    replica,
    sync,
    async close() {
      await sync?.stop();
      store.close();
    },
  };
}
