import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../main/core/core.js';
import { silentLogger } from '../../../main/core/logger.js';
import { sha256Hex } from '../../../main/core/warnings/access-log.js';
import { newId } from '../../../shared/domain/ids.js';
import type { StaffMember } from '../../../shared/domain/staff.js';
import { formatHlc } from '../../../shared/sync/hlc.js';
import { chainPayload, type AccessEntry } from '../../../shared/warnings/access-log.js';
import type { Warning } from '../../../shared/warnings/warning.js';
import { startServer } from '../../../server/src/start.js';
import { Directory } from '../../../server/src/tenancy/directory.js';
import { verifyAccessChains } from '../../../server/src/warnings/chain.js';
import { spawnTs } from '../../support/processes.js';
import { call, signIn } from '../../support/staff.js';
import { createTenant, freshPostgresDatabase, postgresAvailable, serverConfig, type StorageKind } from '../../support/sync-server.js';
import { tempDir } from '../../support/temp-dir.js';
import { until } from '../../support/until.js';
import { TEST_STORE_KEY } from '../../support/test-keys.js';

const cleanup: (() => Promise<void>)[] = [];
// Closing several PCs and a server (and dropping a PostgreSQL database) takes more than 10 s on a loaded machine.
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
}, 30_000);

/** A server whose storage the admin CLI finds the way an operator's would: by DATABASE_URL or VANGNET_SERVER_DATA_DIR. */
async function server(kind: StorageKind) {
  const database = kind === 'postgres' ? await freshPostgresDatabase() : null;
  const dataDir = tempDir('vangnet-server-');
  const running = await startServer(serverConfig(database ? { kind: 'postgres', url: database.url } : { kind: 'sqlite', file: path.join(dataDir, 'vangnet-server.sqlite') }));
  cleanup.push(async () => {
    await running.close();
    await database?.drop();
  });
  const env: Record<string, string> = database ? { DATABASE_URL: database.url } : { VANGNET_SERVER_DATA_DIR: dataDir };
  return { running, directory: new Directory(running.store.db), env };
}

describe.each(['sqlite', 'postgres'] as StorageKind[])('the warnings access log (%s server)', (kind) => {
  it('logs every lookup, view and change on a hash chain per device; the server refuses a broken link; verify-audit names the first altered entry', { timeout: 120_000 }, async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const { running, directory, env } = await server(kind);
    const tenant = await createTenant(directory, 'Gemeente Zwolle');
    const core: Core = openCore({ storeKey: TEST_STORE_KEY, dataDir: tempDir(), logger: silentLogger(), now: () => new Date('2026-12-01T09:00:00Z') });
    cleanup.push(() => core.close());
    await call(core, 'settings.update', { organisationName: 'G', siteName: 'S', deskName: 'Balie 1', floor: '', serverUrl: running.url });
    await call(core, 'sync.enrol', { code: (await directory.createEnrolmentCode(tenant.organisationId, tenant.siteId)).code });
    const admin = await call<StaffMember>(core, 'staff.create', { displayName: 'Beheer', role: 'admin', pin: '0000' });
    await signIn(core, admin, '0000');
    const carla = await call<StaffMember>(core, 'staff.create', { displayName: 'Carla', role: 'coordinator', pin: '4321' });
    const anna = await call<StaffMember>(core, 'staff.create', { displayName: 'Anna', role: 'counter', pin: '1234' });
    // The organisation key comes with the first round, so lookups are logged as keyed hashes.
    await core.sync.syncNow();
    await core.sync.refreshWarningKeys();

    await signIn(core, carla, '4321');
    const warning = await call<Warning>(core, 'warnings.create', {
      organisation_id: tenant.organisationId, subject: { name: 'Kees de Boer' }, measure: { kind: 'two_staff' }, reason_category: 'threat', decided_by: 'Carla', contact: 'Teamleider 038-1', valid_from: '2026-12-01', valid_until: '2027-03-01',
    });
    await call(core, 'warnings.get', { id: warning.id });
    await signIn(core, anna);
    await call(core, 'warnings.check', { name: 'Kees Boer' });
    await call(core, 'warnings.check', { name: 'Jan Smit' });
    await signIn(core, carla, '4321');
    const log = await call<AccessEntry[]>(core, 'warnings.accessLog', {});
    expect(log.map((entry) => [entry.seq, entry.action, entry.actor, entry.result])).toEqual([
      [4, 'check', 'Anna', 'no_hit'],
      [3, 'check', 'Anna', 'hit'],
      [2, 'view', 'Carla', null],
      [1, 'create', 'Carla', null],
    ]);
    // What was searched is a keyed hash, never the name as typed.
    expect(log[0]?.query_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(log)).not.toMatch(/Kees|Smit/);
    expect(log[0]?.prev_hash).toBe(log[1]?.hash);

    await core.sync.syncNow();
    await until(() => core.replica.pendingCount() === 0);
    expect(await verifyAccessChains(running.store.db)).toEqual({ chains: 1, entries: 4, firstBad: null });

    // The device (or whoever holds its credential) pushes an entry that skips the chain: refused, nothing stored.
    const head = log[0] as AccessEntry;
    const forged = { ...head, seq: head.seq + 1, prev_hash: '1'.repeat(64), result: 'no_hit' as const, at: '2026-12-01T09:05:00.000Z' };
    const { hash: _old, ...unsigned } = forged;
    void _old;
    const credential = core.sync['deps'].vault.read() ?? '';
    const response = await fetch(`${running.url}/v1/sync/push`, {
      method: 'POST',
      headers: { authorization: `Bearer ${credential}`, 'content-type': 'application/json' },
      body: JSON.stringify({ schema_version: 1, ops: [{ op_id: newId(), device_seq: 10_000, entity: 'warning_access', row_id: newId(), patch: { ...forged, hash: sha256Hex(chainPayload(unsigned)) }, hlc: formatHlc({ wall: Date.now(), counter: 0, node: 'x' }), base_hlc: null, schema_version: 1 }] }),
    });
    expect(((await response.json()) as { rejected: { code: string }[] }).rejected.map((r) => r.code)).toEqual(['BROKEN_CHAIN']);
    expect((await verifyAccessChains(running.store.db)).entries).toBe(4);

    // Someone with database access rewrites the second entry's answer; the CLI names that entry.
    const rows = await running.store.db.selectFrom('replica_row').select(['id', 'data']).where('entity', '=', 'warning_access').execute();
    const second = rows.find((row) => (JSON.parse(row.data) as AccessEntry).seq === 3);
    if (!second) throw new Error('entry 3 is missing');
    await running.store.db.updateTable('replica_row').set({ data: second.data.replace('"hit"', '"no_hit"') }).where('id', '=', second.id).execute();
    const cli = spawnTs('server/src/admin-cli.ts', ['verify-audit'], env);
    expect(await cli.exited).toBe(1);
    expect(JSON.parse(cli.lines.join('\n'))).toEqual({ chains: 1, entries: 4, firstBad: { device_id: head.device_id, seq: 3, row_id: second.id, problem: 'hash' } });
  });
});
