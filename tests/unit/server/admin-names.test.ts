import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids.js';
import { SYNC_SCHEMA_VERSION } from '../../../shared/sync/protocol.js';
import { TenancyError } from '../../../server/src/tenancy/directory.js';
import { createTenant, postgresAvailable, startTestServer, type StorageKind, type TestServer } from '../../support/sync-server.js';

const ADMIN = 'n'.repeat(40);
const open: TestServer[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) await server.close();
});

/** NUL (PostgreSQL answered 500), other C0 and C1 controls, a bidi override and isolate, lone surrogates. */
const hostile = ['Gemeente\u0000Utrecht', 'tab\there', 'C1\u0085', 'evil\u202eRTL', 'iso\u2066late', 'lone\ud800', '\udc00x', '   '];

describe.each(['sqlite', 'postgres'] as StorageKind[])('names an administrator types on %s', (kind) => {
  it('are refused with 400 and a code on both storages, by the HTTP API and by the CLI path, and nothing is stored', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind, { adminToken: ADMIN });
    open.push(t);
    for (const path of ['/v1/admin/organisations', '/v1/admin/sites']) {
      for (const name of hostile) {
        const response = await fetch(`${t.server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
        expect({ path, name, status: response.status, body: (await response.json()) as unknown }).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST' } } });
      }
    }
    for (const name of hostile) {
      await expect(t.directory.createOrganisation(name)).rejects.toBeInstanceOf(TenancyError);
      await expect(t.directory.createSite(name)).rejects.toBeInstanceOf(TenancyError);
    }
    expect(await t.server.store.db.selectFrom('organisation').select('id').execute()).toEqual([]);
    expect(await t.server.store.db.selectFrom('site').select('id').execute()).toEqual([]);
    // Names in any script, with accents and emoji, are fine.
    const fine = await fetch(`${t.server.url}/v1/admin/organisations`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: ' Gemeente ’s-Hertogenbosch — بلدية 🏛 ' }) });
    expect(fine.status).toBe(201);
    expect(((await fine.json()) as { name: string }).name).toBe('Gemeente ’s-Hertogenbosch — بلدية 🏛');
  });

  it('a device name at enrolment follows the same rule', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind);
    open.push(t);
    const tenant = await createTenant(t.directory);
    const { code } = await t.directory.createEnrolmentCode(tenant.organisationId, tenant.siteId);
    const enrol = (device_name: string) => fetch(`${t.server.url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, device_id: newId(), device_name, schema_version: SYNC_SCHEMA_VERSION }) });
    for (const name of hostile) expect((await enrol(name)).status).toBe(400);
    expect((await enrol('Balie 1')).status).toBe(201);
  });
});
