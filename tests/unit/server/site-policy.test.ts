import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sitePolicySchema, type SitePolicy } from '../../../shared/alarm/site-policy.js';
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
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${t.server.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const setPolicy = (siteId: string, body: unknown) => admin('PUT', `/v1/admin/sites/${siteId}/alarm-policy`, body);
  /** A second organisation at the tenant's site. */
  const neighbour = async (name = 'UWV') => {
    const organisation = await t.directory.createOrganisation(name);
    await t.directory.hostAt(organisation.id, tenant.siteId);
    return { organisationId: organisation.id, siteId: tenant.siteId };
  };
  return { t, tenant, enrol, policyOf, admin, setPolicy, neighbour };
}

const policy = (body: unknown): SitePolicy => sitePolicySchema.parse(body);

describe.each(['sqlite', 'postgres'] as StorageKind[])('site alarm policy and organisation keys on %s', (kind) => {
  it('hands every PC of an organisation the same signing key, another organisation at the site its own, and never the other\'s private key', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { tenant, enrol, policyOf, neighbour } = await setUp(kind);
    const [a1, a2] = [await enrol(), await enrol()];
    const c = await enrol(await neighbour());
    const [pa1, pa2, pc] = await Promise.all([policyOf(a1.credential), policyOf(a2.credential), policyOf(c.credential)]);
    expect(pa1.status).toBe(200);
    const [a, c1] = [policy(pa1.body), policy(pc.body)];
    expect(a).toMatchObject({ escalation_after_s: 30, groups: 2, agreements: [] });
    expect(a.signing_key.organisation_id).toBe(tenant.organisationId);
    expect(Buffer.from(a.signing_key.private_key, 'base64')).toHaveLength(32);
    expect(pa2.body).toEqual(pa1.body);
    expect(c1.signing_key.key_id).not.toBe(a.signing_key.key_id);
    // Without an agreement, C checks only its own organisation's key, and never sees A's private key.
    expect(c1.public_keys.map((key) => key.organisation_id)).toEqual([c1.signing_key.organisation_id]);
    expect(JSON.stringify(pc.body)).not.toContain(a.signing_key.private_key);
  });

  it('with an alarm-sharing agreement, both sides get the other\'s public key (only) and the agreement', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { t, tenant, enrol, policyOf, neighbour } = await setUp(kind);
    const partner = await neighbour();
    const stranger = await neighbour('Kredietbank');
    await t.directory.createAgreement({ siteId: tenant.siteId, from: tenant.organisationId, to: partner.organisationId, shareAlarms: true, shareWarnings: false });
    await t.directory.createAgreement({ siteId: tenant.siteId, from: stranger.organisationId, to: tenant.organisationId, shareAlarms: false, shareWarnings: true });
    const [a, c, k] = await Promise.all([enrol(), enrol(partner), enrol(stranger)]);
    const [pa, pc, pk] = await Promise.all([policyOf(a.credential), policyOf(c.credential), policyOf(k.credential)].map(async (p) => policy((await p).body)));
    const agreement = { from: tenant.organisationId, to: partner.organisationId };
    expect(pa!.agreements).toEqual([agreement]);
    expect(pc!.agreements).toEqual([agreement]);
    expect(new Set(pa!.public_keys.map((key) => key.organisation_id))).toEqual(new Set([tenant.organisationId, partner.organisationId]));
    expect(new Set(pc!.public_keys.map((key) => key.organisation_id))).toEqual(new Set([tenant.organisationId, partner.organisationId]));
    expect(pk!.public_keys.map((key) => key.organisation_id)).toEqual([stranger.organisationId]);
    expect(JSON.stringify(pc)).not.toContain(pa!.signing_key.private_key);
    expect(JSON.stringify(pa)).not.toContain(pc!.signing_key.private_key);
  });

  it('rotation: a new signing key, the old one public with the end of its grace; the admin answer has no private key', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { tenant, enrol, policyOf, admin } = await setUp(kind);
    const device = await enrol();
    const before = policy((await policyOf(device.credential)).body);
    const response = await admin('POST', `/v1/admin/organisations/${tenant.organisationId}/alarm-key/rotate`, { grace_s: 3600 });
    expect(response.status).toBe(200);
    const rotated = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(rotated).sort()).toEqual(['key_id', 'organisation_id', 'previous_key_id', 'previous_valid_until', 'public_key']);
    expect(rotated['previous_key_id']).toBe(before.signing_key.key_id);
    const after = policy((await policyOf(device.credential)).body);
    expect(after.signing_key.key_id).toBe(rotated['key_id']);
    expect(after.signing_key.private_key).not.toBe(before.signing_key.private_key);
    expect(JSON.stringify(rotated)).not.toContain(after.signing_key.private_key);
    expect(after.public_keys).toEqual([
      { ...before.public_keys[0], valid_until: rotated['previous_valid_until'] },
      { key_id: rotated['key_id'], organisation_id: tenant.organisationId, public_key: rotated['public_key'], valid_until: null },
    ]);
    // With no grace, the key just retired is gone at once; the first is still in its hour.
    expect((await admin('POST', `/v1/admin/organisations/${tenant.organisationId}/alarm-key/rotate`, { grace_s: 0 })).status).toBe(200);
    const last = policy((await policyOf(device.credential)).body);
    expect(last.public_keys.map((key) => key.key_id)).toEqual([before.signing_key.key_id, last.signing_key.key_id]);
  });

  it('refuses bad rotations and agreements with a code', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { t, tenant, admin, neighbour } = await setUp(kind);
    for (const bad of [{ grace_s: -1 }, { grace_s: 1.5 }, { grace_s: 10 ** 9 }, { grace: 5 }]) {
      const response = await admin('POST', `/v1/admin/organisations/${tenant.organisationId}/alarm-key/rotate`, bad);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
    expect((await admin('POST', `/v1/admin/organisations/${randomUUID()}/alarm-key/rotate`, {})).status).toBe(404);
    expect((await admin('POST', '/v1/admin/organisations/nope/alarm-key/rotate', {})).status).toBe(400);
    const partner = await neighbour();
    const elsewhere = await t.directory.createSite('Kantoor Noord');
    const agreement = (body: Record<string, unknown>) => admin('POST', '/v1/admin/agreements', { site_id: tenant.siteId, from_organisation_id: tenant.organisationId, to_organisation_id: partner.organisationId, share_alarms: true, share_warnings: false, ...body });
    // The partner is not hosted at the target site.
    const notHosted = await agreement({ to_site_id: elsewhere.id });
    expect(notHosted.status).toBe(400);
    expect(await notHosted.json()).toMatchObject({ error: { code: 'BAD_REQUEST', message: expect.stringContaining('is not at site') } });
    expect((await agreement({ to_site_id: 'x' })).status).toBe(400);
    expect((await agreement({ to_site_id: elsewhere.id, share_alarms: false })).status).toBe(400);
  });

  it('an administrator changes escalation time and groups; keys never leave through the admin API', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { tenant, enrol, policyOf, setPolicy } = await setUp(kind);
    const device = await enrol();
    const before = policy((await policyOf(device.credential)).body);
    const response = await setPolicy(tenant.siteId, { escalation_after_s: 45, groups: 3 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ escalation_after_s: 45, groups: 3 });
    expect((await policyOf(device.credential)).body).toEqual({ ...before, escalation_after_s: 45, groups: 3 });
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
