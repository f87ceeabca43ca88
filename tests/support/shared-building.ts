import { expect, onTestFinished } from 'vitest';
import { newId } from '../../shared/domain/ids.js';
import { formatHlc } from '../../shared/sync/hlc.js';
import { SYNC_SCHEMA_VERSION } from '../../shared/sync/protocol.js';
import { enrolReplica, type TestReplica } from './replica.js';
import { startTestServer, type StorageKind } from './sync-server.js';

/** An op as a test writes it; id, stamp and version are filled in as a desk would. */
export type TestOp = { op_id?: string; device_seq: number; entity: string; row_id: string; patch: Record<string, unknown> };

/**
 * Two organisations in one building (as on a shared LAN, where organisation ids travel in
 * every datagram), one enrolled desk each, on a real server; all closed when the test ends.
 * `push` sends raw ops over HTTP, so a test can act as a hostile desk.
 */
export async function twoOrganisationsInOneBuilding(kind: StorageKind) {
  const t = await startTestServer(kind);
  const desks: TestReplica[] = [];
  onTestFinished(async () => {
    for (const desk of desks) await desk.close();
    await t.close();
  });
  const site = await t.directory.createSite('Werkplein');
  const [orgA, orgC] = [await t.directory.createOrganisation('Gemeente'), await t.directory.createOrganisation('UWV')];
  await t.directory.hostAt(orgA.id, site.id);
  await t.directory.hostAt(orgC.id, site.id);
  const a = await enrolReplica(t.server.url, t.directory, { organisationId: orgA.id, siteId: site.id });
  desks.push(a);
  const c = await enrolReplica(t.server.url, t.directory, { organisationId: orgC.id, siteId: site.id });
  desks.push(c);
  const push = async (device: TestReplica, ops: TestOp[]) => {
    const response = await fetch(`${t.server.url}/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${device.credential}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        schema_version: SYNC_SCHEMA_VERSION,
        ops: ops.map((op) => ({ op_id: newId(), ...op, hlc: formatHlc({ wall: Date.now(), counter: op.device_seq, node: device.deviceId }), base_hlc: null, schema_version: SYNC_SCHEMA_VERSION })),
      }),
    });
    expect(response.status, await response.clone().text()).toBe(200);
    return ((await response.json()) as { rejected: { op_id: string; code: string }[] }).rejected;
  };
  const stored = (id: string) => t.server.store.db.selectFrom('replica_row').select(['organisation_id', 'data']).where('id', '=', id).executeTakeFirst();
  return { t, orgA, orgC, site, a, c, push, stored };
}
