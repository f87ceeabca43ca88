import type { Database } from 'better-sqlite3';
import { openStore, type Store } from '../../main/core/db/open-store.js';
import { silentLogger } from '../../main/core/logger.js';
import { ReplicaStore, type Scope } from '../../main/core/sync/replica-store.js';
import { SyncEngine } from '../../main/core/sync/sync-engine.js';
import { httpTransport, type SyncTransport } from '../../main/core/sync/transport.js';
import { newId } from '../../shared/domain/ids.js';
import type { EntityName } from '../../shared/sync/entities.js';
import { SYNC_SCHEMA_VERSION, enrolResponseSchema } from '../../shared/sync/protocol.js';
import type { Directory } from '../../server/src/tenancy/directory.js';
import { tempDir } from './temp-dir.js';
import { TEST_STORE_KEY } from './test-keys.js';

export interface TestReplica {
  deviceId: string;
  store: Store;
  replica: ReplicaStore;
  scope: Scope;
  credential: string;
  engine: SyncEngine;
  close(): Promise<void>;
}

/** Enrols a device through the real HTTP endpoint, then opens its SQLite replica and a sync engine. */
export async function enrolReplica(serverUrl: string, directory: Pick<Directory, 'createEnrolmentCode'>, scope: Scope, options: { dataDir?: string; transport?: (credential: string) => SyncTransport } = {}): Promise<TestReplica> {
  const { code } = await directory.createEnrolmentCode(scope.organisationId, scope.siteId);
  const deviceId = newId();
  const response = await fetch(`${serverUrl}/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, device_id: deviceId, device_name: `test ${deviceId.slice(-4)}`, schema_version: SYNC_SCHEMA_VERSION }),
  });
  if (response.status !== 201) throw new Error(`enrolment failed: ${response.status} ${await response.text()}`);
  const enrolled = enrolResponseSchema.parse(await response.json());
  const store = openStore({ key: TEST_STORE_KEY, dataDir: options.dataDir ?? tempDir('vangnet-replica-') });
  const replica = new ReplicaStore(store.write, store.read, deviceId, () => new Date());
  const transport = options.transport?.(enrolled.credential) ?? httpTransport(serverUrl, enrolled.credential);
  const engine = new SyncEngine({ store: replica, transport, logger: silentLogger(), pollMs: 60_000 });
  return {
    deviceId,
    store,
    replica,
    scope,
    credential: enrolled.credential,
    engine,
    async close() {
      await engine.stop();
      store.close();
    },
  };
}

/** Visible rows of one entity (tombstones hidden), as this replica holds them. */
export function visibleRows(read: Database, entity: EntityName): { id: string; data: Record<string, unknown> }[] {
  const rows = read.prepare('SELECT id, data FROM replica_row WHERE entity = ? AND deleted = 0 ORDER BY id').all(entity) as { id: string; data: string }[];
  return rows.map((row) => ({ id: row.id, data: JSON.parse(row.data) as Record<string, unknown> }));
}
