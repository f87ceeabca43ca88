import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../main/core/core.js';
import { silentLogger } from '../../../main/core/logger.js';
import { WARNING_KEYS_SECRET } from '../../../main/core/sync/credential-vault.js';
import { newId } from '../../../shared/domain/ids.js';
import type { StaffMember } from '../../../shared/domain/staff.js';
import { formatHlc } from '../../../shared/sync/hlc.js';
import type { Warning } from '../../../shared/warnings/warning.js';
import { call, signIn } from '../../support/staff.js';
import { createTenant, postgresAvailable, startTestServer, type StorageKind, type TestServer } from '../../support/sync-server.js';
import { tempDir } from '../../support/temp-dir.js';
import { until } from '../../support/until.js';
import { enrolReplica } from '../../support/replica.js';
import { TEST_STORE_KEY } from '../../support/test-keys.js';

const open: { cores: Core[]; servers: TestServer[] } = { cores: [], servers: [] };
// Closing several PCs and a server (and dropping a PostgreSQL database) takes more than 10 s on a loaded machine.
afterEach(async () => {
  for (const core of open.cores.splice(0)) await core.close();
  for (const server of open.servers.splice(0)) await server.close();
}, 30_000);

const NAME = 'Hendrik van der Meulen';
const SECRETS = [/Hendrik/i, /Meulen/i, /1980-04-02/, /dreigde/i, /grijze jas/i];

/** A PC enrolled for one organisation at one site, with a coordinator and a counter worker; every byte the server sends it is kept. */
async function pc(t: TestServer, tenant: { organisationId: string; siteId: string }) {
  const clock = { now: new Date('2026-12-01T09:00:00Z') };
  const received: string[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    received.push(await response.clone().text());
    return response;
  };
  const dataDir = tempDir();
  const core = openCore({ storeKey: TEST_STORE_KEY, dataDir, logger: silentLogger(), now: () => clock.now, fetchImpl });
  open.cores.push(core);
  await call(core, 'settings.update', { organisationName: 'G', siteName: 'S', deskName: 'Balie 1', floor: '', serverUrl: t.server.url });
  const { code } = await t.directory.createEnrolmentCode(tenant.organisationId, tenant.siteId);
  await call(core, 'sync.enrol', { code });
  const admin = await call<StaffMember>(core, 'staff.create', { displayName: 'Beheer', role: 'admin', pin: '0000' });
  await signIn(core, admin, '0000');
  const coordinator = await call<StaffMember>(core, 'staff.create', { displayName: 'Carla', role: 'coordinator', pin: '4321' });
  const counter = await call<StaffMember>(core, 'staff.create', { displayName: 'Anna', role: 'counter', pin: '1234' });
  return { core, clock, received, dataDir, coordinator, counter };
}

/** Every PC pushed, pulled and fetched its warning keys. */
async function settled(...cores: Core[]) {
  for (let round = 0; round < 2; round += 1) for (const core of cores) await core.sync.syncNow();
  await until(() => cores.every((core) => core.replica.pendingCount() === 0));
  for (const core of cores) await core.sync.refreshWarningKeys();
}

const storeBytes = (dataDir: string) =>
  fs
    .readdirSync(dataDir)
    .filter((file) => file.startsWith('vangnet.sqlite'))
    .map((file) => fs.readFileSync(path.join(dataDir, file)).toString('latin1'))
    .join('');

const warningInput = (organisationId: string, name = NAME) => ({
  organisation_id: organisationId,
  subject: { name, birth_date: '1980-04-02', description: 'grijze jas' },
  measure: { kind: 'building_ban' },
  reason_category: 'threat',
  reason_note: 'dreigde balie 3 met geweld',
  decided_by: 'Carla',
  contact: 'Teamleider 038-4981234',
  valid_from: '2026-12-01',
  valid_until: '2027-05-31',
});

describe.each(['sqlite', 'postgres'] as StorageKind[])('visitor warnings shared with a partner (%s server)', (kind) => {
  it('the partner holds only hashes and answers hit or no hit offline; an organisation without the agreement gets nothing; revocation and the end of the agreement take it away', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind);
    open.servers.push(t);
    const issuer = await createTenant(t.directory, 'Gemeente Zwolle', 'Stadskantoor');
    const partnerOrg = await t.directory.createOrganisation('UWV Zwolle');
    await t.directory.hostAt(partnerOrg.id, issuer.siteId);
    const outsiderOrg = await t.directory.createOrganisation('Belastingdienst');
    await t.directory.hostAt(outsiderOrg.id, issuer.siteId);
    const agreementId = await t.directory.createAgreement({ siteId: issuer.siteId, from: issuer.organisationId, to: partnerOrg.id, shareAlarms: false, shareWarnings: true });
    const a = await pc(t, issuer);
    const b = await pc(t, { organisationId: partnerOrg.id, siteId: issuer.siteId });
    const c = await pc(t, { organisationId: outsiderOrg.id, siteId: issuer.siteId });

    await signIn(a.core, a.coordinator, '4321');
    const warning = await call<Warning>(a.core, 'warnings.create', warningInput(issuer.organisationId));
    await settled(a.core, b.core, c.core);

    // The partner's counter worker: a typo and no particle, still a hit, with only the measure, the end and whom to call.
    await signIn(b.core, b.counter);
    expect(await call(b.core, 'warnings.check', { name: 'hendrik meulne' })).toEqual({
      hit: true,
      hits: [{ measure: 'building_ban', measure_text: null, valid_until: '2027-05-31', contact: 'Teamleider 038-4981234', organisation: 'Gemeente Zwolle' }],
    });
    expect(await call(b.core, 'warnings.check', { name: NAME, birth_date: '1980-04-03' })).toEqual({ hit: false, hits: [] });
    expect(await call(b.core, 'warnings.check', { name: NAME, birth_date: '1980-04-02' })).toMatchObject({ hit: true });
    // Not one byte the partner received, nor its database, holds the name, the birth date, the reason or the description.
    const everything = b.received.join('\n') + storeBytes(b.dataDir);
    expect(b.received.join('').length).toBeGreaterThan(0);
    for (const secret of SECRETS) expect(everything).not.toMatch(secret);
    expect(everything).not.toContain(warning.id);
    // The agreement's key lives inside the encrypted store, in no clear file and in no clear byte of it.
    expect(fs.existsSync(path.join(b.dataDir, WARNING_KEYS_SECRET))).toBe(false);
    const key = (JSON.parse(b.core.secret(WARNING_KEYS_SECRET).read() ?? '{}') as { agreements: { key: string }[] }).agreements[0]?.key ?? 'missing';
    expect(key).not.toBe('missing');
    expect(storeBytes(b.dataDir)).not.toContain(key);

    // Offline: the partner's PC no longer reaches the server and still answers.
    await b.core.sync.stop();
    expect(await call(b.core, 'warnings.check', { name: 'Hendrik Meulen' })).toMatchObject({ hit: true });
    b.core.sync.start();

    // The organisation without an agreement at the same site: no row, no key, no hit.
    await signIn(c.core, c.counter);
    expect(await call(c.core, 'warnings.check', { name: NAME })).toEqual({ hit: false, hits: [] });
    expect(c.core.store.read.prepare("SELECT count(*) FROM replica_row WHERE entity IN ('visitor_warning', 'warning_projection')").pluck().get()).toBe(0);
    for (const secret of SECRETS) expect(c.received.join('\n')).not.toMatch(secret);

    // The partner cannot write a projection (a false hit) or touch the issuer's warning.
    const push = async (entity: string, rowId: string, patch: Record<string, unknown>) => {
      const response = await fetch(`${t.server.url}/v1/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${b.core.sync['deps'].vault.read() ?? ''}`, 'content-type': 'application/json' },
        body: JSON.stringify({ schema_version: 1, ops: [{ op_id: newId(), device_seq: 1_000 + Math.floor(Math.random() * 1_000), entity, row_id: rowId, patch, hlc: formatHlc({ wall: Date.now() + 60_000, counter: 0, node: 'b' }), base_hlc: null, schema_version: 1 }] }),
      });
      return ((await response.json()) as { rejected: { code: string }[] }).rejected.map((r) => r.code);
    };
    const projection = b.core.store.read.prepare("SELECT id FROM replica_row WHERE entity = 'warning_projection'").pluck().get() as string;
    expect(await push('warning_projection', projection, { valid_until: '2030-01-01' })).toEqual(['FORBIDDEN_SCOPE']);
    expect(await push('warning_projection', newId(), { measure_kind: 'building_ban' })).toEqual(['FORBIDDEN_SCOPE']);
    expect(await push('visitor_warning', warning.id, { valid_until: '2030-01-01' })).toEqual(['FORBIDDEN_SCOPE']);

    // Revoked at the issuer: gone at the partner, and the partner's row is a bare tombstone.
    await call(a.core, 'warnings.revoke', { id: warning.id, reason: 'bezwaar gegrond' });
    await settled(a.core, b.core);
    expect(await call(b.core, 'warnings.check', { name: NAME })).toEqual({ hit: false, hits: [] });
    expect(b.core.store.read.prepare('SELECT data FROM replica_row WHERE id = ?').pluck().get(projection)).toBe('{"_deleted":true}');

    // Another warning, then the agreement ends: its projection and the key leave the partner.
    await call(a.core, 'warnings.create', warningInput(issuer.organisationId, 'Sanne Bakker'));
    await settled(a.core, b.core);
    expect(await call(b.core, 'warnings.check', { name: 'Sanne Bakker' })).toMatchObject({ hit: true });
    await t.directory.endAgreement(agreementId);
    await settled(b.core);
    expect(await call(b.core, 'warnings.check', { name: 'Sanne Bakker' })).toEqual({ hit: false, hits: [] });
    expect(b.core.store.read.prepare("SELECT count(*) FROM replica_row WHERE entity = 'warning_projection' AND deleted = 0").pluck().get()).toBe(0);
    expect(b.core.store.read.prepare('SELECT count(*) FROM warning_match').pluck().get()).toBe(0);
    expect(JSON.parse(b.core.secret(WARNING_KEYS_SECRET).read() ?? '{}')).toMatchObject({ agreements: [] });
  }, 60_000);

  it("the server holds a pushed warning to the organisation's term cap, whatever the PC checked", async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const t = await startTestServer(kind);
    open.servers.push(t);
    const tenant = await createTenant(t.directory);
    const device = await enrolReplica(t.server.url, t.directory, tenant);
    const push = async (rowId: string, patch: Record<string, unknown>, seq: number) => {
      const response = await fetch(`${t.server.url}/v1/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${device.credential}`, 'content-type': 'application/json' },
        body: JSON.stringify({ schema_version: 1, ops: [{ op_id: newId(), device_seq: seq, entity: 'visitor_warning', row_id: rowId, patch, hlc: formatHlc({ wall: Date.now() + seq, counter: 0, node: device.deviceId }), base_hlc: null, schema_version: 1 }] }),
      });
      return ((await response.json()) as { rejected: { code: string; message: string }[] }).rejected.map((r) => `${r.code} ${r.message}`);
    };
    const row = { subject_name: 'Kees', measure_kind: 'building_ban', reason_category: 'threat', decided_by: 'C', contact: 'T 1', valid_from: '2026-12-01', match: ['0'.repeat(32)] };
    expect(await push(newId(), { ...row, valid_until: '2029-12-01' }, 1)).toEqual([expect.stringMatching(/^INVALID_VALUE visitor_warning\.valid_until: beyond_cap/)]);
    expect(await push(newId(), { ...row, valid_until: '2028-01-01' }, 2)).toEqual([expect.stringMatching(/^INVALID_VALUE visitor_warning\.term_reason/)]);
    const id = newId();
    expect(await push(id, { ...row, valid_until: '2028-01-01', term_reason: 'herhaald' }, 3)).toEqual([]);
    expect(await push(id, { valid_until: '2029-12-01' }, 4)).toEqual([expect.stringMatching(/beyond_cap/)]);
    await device.close();
  });
});
