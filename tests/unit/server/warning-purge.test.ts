import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../main/core/core.js';
import { silentLogger } from '../../../main/core/logger.js';
import { newId } from '../../../shared/domain/ids.js';
import type { StaffMember } from '../../../shared/domain/staff.js';
import type { Warning } from '../../../shared/warnings/warning.js';
import { startServer } from '../../../server/src/start.js';
import { Directory } from '../../../server/src/tenancy/directory.js';
import { call, signIn } from '../../support/staff.js';
import { createTenant, freshPostgresDatabase, postgresAvailable, serverConfig, serverTablesText, type StorageKind } from '../../support/sync-server.js';
import { tempDir } from '../../support/temp-dir.js';
import { until } from '../../support/until.js';
import { TEST_STORE_KEY } from '../../support/test-keys.js';
import { decryptedStoreBytes } from '../../support/decrypted-store.js';

const cleanup: (() => Promise<void>)[] = [];
// Closing several PCs and a server (and dropping a PostgreSQL database) takes more than 10 s on a loaded machine.
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
}, 30_000);

/**
 * Every byte of every SQLite file (database, WAL, shared memory) in a folder, and for a PC's
 * encrypted store also every page decrypted: the purge must wipe the data, not rely on the cipher.
 */
const folderBytes = (dir: string) =>
  [
    ...fs
      .readdirSync(dir)
      .filter((file) => file.includes('.sqlite'))
      .map((file) => fs.readFileSync(path.join(dir, file)).toString('latin1')),
    ...(fs.existsSync(path.join(dir, 'vangnet.sqlite')) ? [decryptedStoreBytes(dir).toString('latin1')] : []),
  ].join('');

describe.each(['sqlite', 'postgres'] as StorageKind[])('purging an ended warning (%s server)', (kind) => {
  it('after its end and the retention period, its subject is in no byte of any replica, WAL, outbox or server table', { timeout: 120_000 }, async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const clock = { now: new Date('2026-12-01T09:00:00Z') };
    const database = kind === 'postgres' ? await freshPostgresDatabase() : null;
    const serverDir = tempDir('vangnet-server-');
    const running = await startServer(serverConfig(database ? { kind: 'postgres', url: database.url } : { kind: 'sqlite', file: path.join(serverDir, 'vangnet-server.sqlite') }), () => clock.now);
    cleanup.push(async () => {
      await running.close();
      await database?.drop();
    });
    const directory = new Directory(running.store.db);
    const tenant = await createTenant(directory, 'Gemeente Zwolle');

    // A unique name, so finding it anywhere means it was left behind.
    const unique = `Qwzx${newId().replace(/-/g, '').slice(-10)}`;
    const name = `Jolanda ${unique}`;
    const pcs: { core: Core; dir: string }[] = [];
    for (let i = 0; i < 3; i += 1) {
      const dir = tempDir();
      const core = openCore({ storeKey: TEST_STORE_KEY, dataDir: dir, logger: silentLogger(), now: () => clock.now });
      cleanup.push(() => core.close());
      await call(core, 'settings.update', { organisationName: 'G', siteName: 'S', deskName: `Balie ${i}`, floor: '', serverUrl: running.url });
      await call(core, 'sync.enrol', { code: (await directory.createEnrolmentCode(tenant.organisationId, tenant.siteId)).code });
      pcs.push({ core, dir });
    }
    const [first, second, third] = pcs as [(typeof pcs)[0], (typeof pcs)[0], (typeof pcs)[0]];
    const admin = await call<StaffMember>(first.core, 'staff.create', { displayName: 'Beheer', role: 'admin', pin: '0000' });
    await signIn(first.core, admin, '0000');
    const carla = await call<StaffMember>(first.core, 'staff.create', { displayName: 'Carla', role: 'coordinator', pin: '4321' });
    await signIn(first.core, carla, '4321');
    const warning = await call<Warning>(first.core, 'warnings.create', {
      organisation_id: tenant.organisationId, subject: { name, birth_date: '1975-01-02', description: `${unique} draagt een pet` }, measure: { kind: 'building_ban' }, reason_category: 'threat', decided_by: 'Carla', contact: 'Teamleider 038-1', valid_from: '2026-12-01', valid_until: '2026-12-05',
    });
    const settle = async () => {
      for (let round = 0; round < 2; round += 1) for (const pc of pcs) await pc.core.sync.syncNow();
      await until(() => pcs.every((pc) => pc.core.replica.pendingCount() === 0));
    };
    await settle();
    for (const pc of pcs) expect(folderBytes(pc.dir)).toContain(unique);
    expect(await serverText()).toContain(unique);

    // The third PC is offline and edits the subject: its outbox now holds the name too.
    await third.core.sync.stop();
    third.core.replica.writeRow('visitor_warning', warning.id, { subject_description: `${unique} (bijgewerkt)` }, tenant);
    expect(third.core.replica.pendingCount()).toBeGreaterThan(0);

    // Four days after the end (retention 0): every PC and the server purge.
    clock.now = new Date('2026-12-09T09:00:00Z');
    expect(first.core.purgeWarnings()).toBe(1);
    expect(third.core.purgeWarnings()).toBe(1);
    third.core.sync.start();
    await settle();
    for (const pc of pcs) pc.core.purgeWarnings();
    await running.purgeWarnings();

    for (const pc of pcs) {
      expect(pc.core.store.read.prepare('SELECT data FROM replica_row WHERE id = ?').pluck().get(warning.id)).toBe('{"_deleted":true}');
      expect(pc.core.replica.pendingCount()).toBe(0);
      expect(folderBytes(pc.dir).includes(unique), `PC ${pcs.indexOf(pc)}`).toBe(false);
    }
    expect(second.core.store.read.prepare("SELECT count(*) FROM warning_match").pluck().get()).toBe(0);
    expect(await serverText()).not.toContain(unique);
    if (!database) expect(folderBytes(serverDir).includes(unique)).toBe(false);

    function serverText(): Promise<string> {
      return serverTablesText(running.store.db, kind);
    }
  });
});
