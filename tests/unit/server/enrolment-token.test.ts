import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids.js';
import { enrolResponseSchema, SYNC_SCHEMA_VERSION } from '../../../shared/sync/protocol.js';
import { createTenant, postgresAvailable, startTestServer, type StorageKind, type TestServer } from '../../support/sync-server.js';

const cleanup: (() => Promise<unknown>)[] = [];
// Closing servers and dropping PostgreSQL databases: seconds on a loaded 2-core machine.
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
}, 60_000);

describe.each(['sqlite', 'postgres'] as StorageKind[])('an organisation enrolment token on %s', (kind) => {
  async function setUp(): Promise<{ t: TestServer; token: string; ask: (body: object) => Promise<{ status: number; body: Record<string, unknown> }> }> {
    const t = await startTestServer(kind);
    cleanup.push(() => t.close());
    const tenant = await createTenant(t.directory);
    const { token } = await t.directory.createEnrolmentToken(tenant.organisationId, tenant.siteId);
    const ask = async (body: object) => {
      const response = await fetch(`${t.server.url}/v1/enrol/request`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    return { t, token, ask };
  }
  const pc = (token: string) => ({ token, device_id: newId(), device_name: 'Balie 4', request_key: randomBytes(32).toString('base64url'), schema_version: SYNC_SCHEMA_VERSION });

  it('a PC asks, waits while pending, and gets its credential once after an administrator approved it', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { t, token, ask } = await setUp();
    const request = pc(token);
    expect(await ask(request)).toEqual({ status: 202, body: { status: 'pending' } });
    expect(await ask(request)).toEqual({ status: 202, body: { status: 'pending' } });
    expect((await t.directory.pendingDevices()).map((row) => [row.device_id, row.device_name])).toEqual([[request.device_id, 'Balie 4']]);
    expect(await t.server.store.db.selectFrom('device').select('id').execute()).toEqual([]);
    await t.directory.approveDevice(request.device_id, 'cli test');
    expect(await t.directory.pendingDevices()).toEqual([]);
    const enrolled = await ask(request);
    expect(enrolled.status).toBe(201);
    const credential = enrolResponseSchema.parse(enrolled.body).credential;
    // The credential works, and it is handed out once.
    const pulled = await fetch(`${t.server.url}/v1/sync/pull?cursor=0&limit=10&schema_version=${SYNC_SCHEMA_VERSION}`, { headers: { authorization: `Bearer ${credential}` } });
    expect(pulled.status).toBe(200);
    expect((await ask(request)).status).toBe(403);
  });

  it('refuses an unknown token, another PC collecting with a wrong key, and approving twice; nothing is enrolled', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { t, token, ask } = await setUp();
    expect(await ask(pc('x'.repeat(43)))).toEqual({ status: 403, body: { error: { code: 'ENROLMENT_CODE_INVALID', message: expect.any(String) as string } } });
    const request = pc(token);
    await ask(request);
    await t.directory.approveDevice(request.device_id, 'cli test');
    await expect(t.directory.approveDevice(request.device_id, 'cli test')).rejects.toThrow(/no pending device/);
    expect((await ask({ ...request, request_key: randomBytes(32).toString('base64url') })).status).toBe(403);
    expect(await ask({ ...request, request_key: 'short' })).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', message: expect.stringContaining('request_key') as string } } });
    expect(await t.server.store.db.selectFrom('device').select('id').execute()).toEqual([]);
    // The PC that asked still gets it.
    expect((await ask(request)).status).toBe(201);
  });

  it('an expired token enrols nothing', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { t, token, ask } = await setUp();
    await t.server.store.db.updateTable('enrolment_token').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
    expect((await ask(pc(token))).status).toBe(403);
    expect(await t.directory.pendingDevices()).toEqual([]);
  });
});
