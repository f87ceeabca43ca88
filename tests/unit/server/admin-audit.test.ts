import { afterEach, describe, expect, it } from 'vitest';
import { postgresAvailable, startTestServer, type StorageKind, type TestServer } from '../../support/sync-server.js';
import { enrolRaw } from '../../support/raw-device.js';

const ADMIN = 'a'.repeat(40);
const PAC_KEY = '00112233445566778899AABBCCDDEEFF';
const open: TestServer[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) await server.close();
});

type LogEntry = { at: string; actor: string; action: string; target: string | null; detail: Record<string, unknown> };

describe.each(['sqlite', 'postgres'] as StorageKind[])('the administration audit log on %s', (kind) => {
  it('records who, when and what for every admin change, never a secret, and reads back with since and limit', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind, { adminToken: ADMIN });
    open.push(t);
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${t.server.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? null : JSON.stringify(body) });
      expect(response.status, `${method} ${path}: ${await response.clone().text()}`).toBeLessThan(300);
      return (await response.json()) as Record<string, unknown>;
    };
    const started = new Date().toISOString();
    const org = (await call('POST', '/v1/admin/organisations', { name: 'Gemeente' })) as { id: string };
    const partner = (await call('POST', '/v1/admin/organisations', { name: 'UWV' })) as { id: string };
    const site = (await call('POST', '/v1/admin/sites', { name: 'Werkplein' })) as { id: string };
    await call('POST', '/v1/admin/hosting', { organisation_id: org.id, site_id: site.id });
    await call('POST', '/v1/admin/hosting', { organisation_id: partner.id, site_id: site.id });
    const agreement = (await call('POST', '/v1/admin/agreements', { site_id: site.id, from_organisation_id: org.id, to_organisation_id: partner.id, share_alarms: true, share_warnings: false })) as { id: string };
    const code = (await call('POST', '/v1/admin/enrolment-codes', { organisation_id: org.id, site_id: site.id })) as { code: string };
    const device = await enrolRaw(t.server.url, t.directory, { organisationId: org.id, siteId: site.id });
    await call('POST', `/v1/admin/devices/${device.deviceId}/revoke`);
    await call('PUT', `/v1/admin/sites/${site.id}/alarm-policy`, { escalation_after_s: 30, groups: 2 });
    await call('POST', `/v1/admin/organisations/${org.id}/alarm-key/rotate`, { grace_s: 60 });
    await call('PUT', `/v1/admin/sites/${site.id}/pac`, { enabled: false, host: '127.0.0.1', port: 9999, account: '1234', key: PAC_KEY });
    await call('POST', `/v1/admin/agreements/${agreement.id}/end`);
    await call('POST', `/v1/admin/organisations/${partner.id}/disable`);
    // Reads and refused changes are not logged.
    await call('GET', '/v1/admin/devices');
    await fetch(`${t.server.url}/v1/admin/organisations`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: '\u0000' }) });

    const log = (await (await fetch(`${t.server.url}/v1/admin/log?limit=100`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as LogEntry[];
    expect(log.map((entry) => entry.action).reverse()).toEqual([
      'create-organisation', 'create-organisation', 'create-site', 'host', 'host', 'agreement', 'enrolment-code',
      'revoke', 'alarm-policy', 'rotate-alarm-key', 'pac', 'end-agreement', 'disable-organisation',
    ]);
    for (const entry of log) {
      expect(entry.actor).toMatch(/^(api 127\.0\.0\.1|api ::ffff:127\.0\.0\.1)$/);
      expect(entry.at >= started).toBe(true);
    }
    expect(log.find((entry) => entry.action === 'revoke')?.target).toBe(device.deviceId);
    expect(log.find((entry) => entry.action === 'create-site')).toMatchObject({ target: site.id, detail: { name: 'Werkplein' } });
    expect(log.find((entry) => entry.action === 'pac')?.detail).toMatchObject({ host: '127.0.0.1', port: 9999, key: 'set' });
    const everything = JSON.stringify(log);
    expect(everything).not.toContain(code.code);
    expect(everything).not.toContain(PAC_KEY);

    const limited = (await (await fetch(`${t.server.url}/v1/admin/log?limit=2`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as LogEntry[];
    expect(limited.map((entry) => entry.action)).toEqual(['disable-organisation', 'end-agreement']);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect(await (await fetch(`${t.server.url}/v1/admin/log?since=${future}`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()).toEqual([]);
    expect((await fetch(`${t.server.url}/v1/admin/log?since=yesterday`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(400);
    expect((await fetch(`${t.server.url}/v1/admin/log`)).status).toBe(401);
  });
});
