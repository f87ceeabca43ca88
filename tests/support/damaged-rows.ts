import type { Core } from '../../main/core/core.js';
import { newId } from '../../shared/domain/ids.js';
import type { EntityName } from '../../shared/sync/entities.js';
import { formatHlc } from '../../shared/sync/hlc.js';
import { asPulled } from './pulled-rows.js';

/**
 * Folds a row in through the pull, as a server that checked less (an old version) would have
 * sent it: the pull takes any JSON object, so this is how a PC comes to hold a row it cannot read.
 */
export function pullUnreadableRow(core: Core, entity: EntityName, data: Record<string, unknown>, id = newId()): string {
  const scope = core.store.read.prepare("SELECT organisation_id, site_id FROM replica_row WHERE entity = 'incident' LIMIT 1").get() as { organisation_id: string; site_id: string };
  const clock = formatHlc({ wall: Date.parse('2026-11-27T13:00:00Z'), counter: 0, node: 'old-server' });
  const { cursor, epoch } = core.replica.syncState();
  const rows = asPulled([{ entity, id, organisation_id: scope.organisation_id, site_id: scope.site_id, data, clocks: Object.fromEntries(Object.keys(data).map((field) => [field, clock])), version: cursor + 1 }]);
  core.replica.applyPulled(rows, cursor + 1, epoch ?? 'epoch');
  return id;
}
