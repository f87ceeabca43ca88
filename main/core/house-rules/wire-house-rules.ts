import type { Store } from '../db/open-store.js';
import type { DeviceStore } from '../device/device-store.js';
import type { EventBus } from '../event-bus.js';
import type { Logger } from '../logger.js';
import type { ReplicaStore, Scope } from '../sync/replica-store.js';
import { displayChangeNotifier, type HouseRulesHandlerDeps } from './house-rules-handlers.js';
import { HouseRulesService } from './house-rules-service.js';
import { HouseRulesStore } from './house-rules-store.js';

/** Builds the house rules side of the core; displays hear of versions synced from other PCs too. */
export function wireHouseRules({ store, replica, device, bus, scope, now, logger }: { store: Store; replica: ReplicaStore; device: DeviceStore; bus: EventBus; scope: () => Scope | null; now: () => Date; logger: Logger }): HouseRulesHandlerDeps {
  const service = new HouseRulesService({
    replica,
    store: new HouseRulesStore(store.read),
    scope,
    now,
    names: () => {
      const status = device.status(() => 'unconfigured');
      return { organisation: status.organisation?.name ?? '', site: status.site?.name ?? '' };
    },
  });
  const changed = displayChangeNotifier(service, bus);
  bus.subscribe((event) => {
    // A sync may bring versions or overrides from other PCs; settings may change the organisation.
    // After this event has reached everyone, so listeners hear events in the order they happened.
    if (event !== 'sync.statusChanged' && event !== 'device.statusChanged') return;
    queueMicrotask(() => {
      try {
        changed();
      } catch (error) {
        // Out of any call's reach (the store closing at shutdown, say): logged, never an unhandled error.
        logger.warn({ err: error }, 'could not check whether the house rules display changed');
      }
    });
  });
  return { service, changed };
}
