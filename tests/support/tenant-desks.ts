import { onTestFinished } from 'vitest';
import { enrolReplica, type TestReplica } from './replica.js';
import { createTenant, startTestServer, type StorageKind, type Tenant, type TestServer } from './sync-server.js';

/**
 * A real server with one organisation and `count` desks enrolled through its HTTP API, each
 * with its own SQLite replica and sync engine; all closed when the test ends.
 */
export async function tenantWithDesks(kind: StorageKind, count: number): Promise<{ t: TestServer; tenant: Tenant; desks: TestReplica[] }> {
  const t = await startTestServer(kind);
  const desks: TestReplica[] = [];
  onTestFinished(async () => {
    for (const desk of desks) await desk.close();
    await t.close();
  });
  const tenant = await createTenant(t.directory);
  for (let i = 0; i < count; i += 1) desks.push(await enrolReplica(t.server.url, t.directory, tenant));
  return { t, tenant, desks };
}
