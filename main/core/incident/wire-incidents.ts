import { resources } from '../../../shared/i18n/index.js';
import type { Store } from '../db/open-store.js';
import type { DeviceStore } from '../device/device-store.js';
import type { EventBus } from '../event-bus.js';
import type { ReplicaStore, Scope } from '../sync/replica-store.js';
import { FollowUpPolicyStore } from './follow-up-policy-store.js';
import type { IncidentHandlerDeps } from './incident-handlers.js';
import { IncidentQueries } from './incident-queries.js';
import { IncidentService } from './incident-service.js';

/** A site's name as this PC knows it; '' for a site of the organisation it has not met. */
export const siteNames = (store: Store) => (siteId: string) => (store.read.prepare('SELECT name FROM site WHERE id = ?').pluck().get(siteId) as string | undefined) ?? '';

/** Builds the incident side of the core over the replicated store. */
export function wireIncidents({ store, replica, device, bus, scope, now }: { store: Store; replica: ReplicaStore; device: DeviceStore; bus: EventBus; scope: () => Scope | null; now: () => Date }): IncidentHandlerDeps {
  const policies = new FollowUpPolicyStore(replica, store.read);
  const siteName = siteNames(store);
  const queries = new IncidentQueries(store.read, siteName);
  // Stored text, so written in the desk's language: "Balie 3 · Verdieping 1".
  const floorWord = () => resources[device.locale()].translation.home.floor;
  const incidents = new IncidentService({
    replica,
    write: store.write,
    queries,
    policies,
    scope,
    now,
    deskLocation: () => {
      const { desk = '', floor = '' } = device.identity('') ?? {};
      return { desk, floor, location: floor ? `${desk} · ${floorWord()} ${floor}` : desk };
    },
  });
  return { incidents, queries, policies, bus, read: store.read, scope, floorWord, now };
}
