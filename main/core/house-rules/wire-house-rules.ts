import type { Store } from '../db/open-store.js';
import type { DeviceStore } from '../device/device-store.js';
import type { EventBus } from '../event-bus.js';
import type { Logger } from '../logger.js';
import type { ReplicaStore, Scope } from '../sync/replica-store.js';
import { displayChangeNotifier, type HouseRulesHandlerDeps } from './house-rules-handlers.js';
import { HouseRulesService } from './house-rules-service.js';
import { HouseRulesStore } from './house-rules-store.js';

/**
 * Builds the house rules side of the core. `refresh` is for the core to call where the facts
 * change (settings saved, rows pulled), so displays hear of versions synced from other PCs too.
 */
export function wireHouseRules({ store, replica, device, bus, scope, now, logger }: { store: Store; replica: ReplicaStore; device: DeviceStore; bus: EventBus; scope: () => Scope | null; now: () => Date; logger: Logger }): { handlers: HouseRulesHandlerDeps; refresh: () => void } {
  const service = new HouseRulesService({
    replica,
    store: new HouseRulesStore(store.read),
    scope,
    now,
    names: () => device.names(),
  });
  const changed = displayChangeNotifier(service, bus);
  // After the change's own events have gone out, so listeners hear events in the order they happened.
  const refresh = () =>
    queueMicrotask(() => {
      try {
        changed();
      } catch (error) {
        // Out of any call's reach (the store closing at shutdown, say): logged, never an unhandled error.
        logger.warn({ err: error }, 'could not check whether the house rules display changed');
      }
    });
  return { handlers: { service, changed }, refresh };
}
