import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sitePolicySchema } from '../../../shared/alarm/site-policy.js';
import { enrolReplica, type TestReplica } from '../../support/replica.js';
import { createTenant, postgresAvailable, startTestServer, type StorageKind, type TestServer } from '../../support/sync-server.js';

const ADMIN_TOKEN = 'a'.repeat(40);
const open: { servers: TestServer[]; replicas: TestReplica[] } = { servers: [], replicas: [] };
afterEach(async () => {
  for (const replica of open.replicas.splice(0)) await replica.close();
  for (const server of open.servers.splice(0)) await server.close();
});

async function setUp(kind: StorageKind) {
  const t = await startTestServer(kind, { adminToken: ADMIN_TOKEN });
  open.servers.push(t);
  const tenant = await createTenant(t.directory);
  const enrol = async (scope = tenant) => {
    const replica = await enrolReplica(t.server.url, t.directory, scope);
    open.replicas.push(replica);
    return replica;
  };
  const policyOf = async (credential: string) => {
    const response = await fetch(`${t.server.url}/v1/site-policy`, { headers: { authorization: `Bearer ${credential}` } });
    return { status: response.status, body: (await response.json()) as unknown };
  };
  const setPolicy = (siteId: string, body: unknown) =>
    fetch(`${t.server.url}/v1/admin/sites/${siteId}/alarm-policy`, { method: 'PUT', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { t, tenant, enrol, policyOf, setPolicy };
}

describe.each(['sqlite', 'postgres'] as StorageKind[])('site alarm policy on %s', (kind) => {
  it('hands every PC of a site the same LAN key, another site a different one', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { t, tenant, enrol, policyOf } = await setUp(kind);
    const [a, b] = [await enrol(), await enrol()];
    const other = await enrol(await createTenant(t.directory, 'Belastingdienst', 'Kantoor Noord'));
    const [pa, pb, po] = await Promise.all([policyOf(a.credential), policyOf(b.credential), policyOf(other.credential)]);
    expect(pa.status).toBe(200);
    const policy = sitePolicySchema.parse(pa.body);
    expect(policy).toMatchObject({ escalation_after_s: 30, groups: 2 });
    expect(Buffer.from(policy.lan_key, 'base64')).toHaveLength(32);
    expect(pb.body).toEqual(pa.body);
    expect(sitePolicySchema.parse(po.body).lan_key).not.toBe(policy.lan_key);
    expect(tenant.siteId).toBeTruthy();
  });

  it('an administrator changes escalation time and groups; the key never leaves through the admin API', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { tenant, enrol, policyOf, setPolicy } = await setUp(kind);
    const device = await enrol();
    const key = sitePolicySchema.parse((await policyOf(device.credential)).body).lan_key;
    const response = await setPolicy(tenant.siteId, { escalation_after_s: 45, groups: 3 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ escalation_after_s: 45, groups: 3 });
    expect((await policyOf(device.credential)).body).toEqual({ escalation_after_s: 45, groups: 3, lan_key: key });
  });

  it('refuses bad input with a code and changes nothing', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { tenant, enrol, policyOf, setPolicy } = await setUp(kind);
    const device = await enrol();
    const before = (await policyOf(device.credential)).body;
    for (const bad of [{ escalation_after_s: 2, groups: 2 }, { escalation_after_s: 30, groups: 9 }, { escalation_after_s: 30.5, groups: 2 }, { escalation_after_s: 30, groups: 2, lan_key: 'x' }, 'nonsense']) {
      const response = await setPolicy(tenant.siteId, bad);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
    expect((await setPolicy('not-an-id', { escalation_after_s: 30, groups: 2 })).status).toBe(400);
    expect((await setPolicy(randomUUID(), { escalation_after_s: 30, groups: 2 })).status).toBe(404);
    expect((await policyOf(device.credential)).body).toEqual(before);
    expect((await policyOf('not-a-credential')).status).toBe(401);
  });
});
