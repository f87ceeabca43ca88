import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serverConfigFromEnv } from '../../../server/src/config.js';
import { openServerDatabase } from '../../../server/src/db/connect.js';
import { startServer } from '../../../server/src/start.js';
import { Directory } from '../../../server/src/tenancy/directory.js';
import { AlarmKeySeal, loadServerKey } from '../../../server/src/tenancy/server-key.js';
import { sitePolicySchema } from '../../../shared/alarm/site-policy.js';
import { enrolResponseSchema, SYNC_SCHEMA_VERSION } from '../../../shared/sync/protocol.js';
import { newId } from '../../../shared/domain/ids.js';
import { createTenant, freshPostgresDatabase, postgresAvailable, serverConfig, serverTablesText, type StorageKind } from '../../support/sync-server.js';
import { tempDir } from '../../support/temp-dir.js';
import { TEST_SERVER_KEY } from '../../support/test-keys.js';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
}, 30_000);

async function storageFor(kind: StorageKind) {
  if (kind === 'sqlite') return { kind: 'sqlite' as const, file: path.join(tempDir('vangnet-server-'), 'server.sqlite') };
  const database = await freshPostgresDatabase();
  cleanup.push(() => database.drop());
  return { kind: 'postgres' as const, url: database.url };
}

async function enrol(url: string, directory: Directory) {
  const tenant = await createTenant(directory);
  const { code } = await directory.createEnrolmentCode(tenant.organisationId, tenant.siteId);
  const response = await fetch(`${url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, device_id: newId(), device_name: 'Balie 1', schema_version: SYNC_SCHEMA_VERSION }) });
  expect(response.status).toBe(201);
  const { credential } = enrolResponseSchema.parse(await response.json());
  const policy = await fetch(`${url}/v1/site-policy`, { headers: { authorization: `Bearer ${credential}` } });
  expect(policy.status).toBe(200);
  return { tenant, code, credential, policy: sitePolicySchema.parse(await policy.json()) };
}

describe.each(['sqlite', 'postgres'] as StorageKind[])('secrets in the server database (%s)', (kind) => {
  it('holds a device credential and an enrolment code only as hashes, and an alarm private key only sealed', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const running = await startServer(serverConfig(await storageFor(kind)));
    cleanup.push(() => running.close());
    const { credential, code, policy, tenant } = await enrol(running.url, new Directory(running.store.db));
    const raw = await serverTablesText(running.store.db, kind);
    expect(raw).not.toContain(credential);
    expect(raw).not.toContain(code);
    expect(raw).not.toContain(policy.signing_key.private_key);
    expect(raw).not.toContain(Buffer.from(policy.signing_key.private_key, 'base64').toString('hex'));
    // The raw rows themselves: the hash of the credential, and a sealed key that opens to the one handed out.
    const device = await running.store.db.selectFrom('device').select('credential_hash').executeTakeFirstOrThrow();
    expect(device.credential_hash).toBe(createHash('sha256').update(credential, 'utf8').digest('hex'));
    const key = await running.store.db.selectFrom('organisation_alarm_key').selectAll().where('organisation_id', '=', tenant.organisationId).executeTakeFirstOrThrow();
    expect(key.private_key).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(new AlarmKeySeal(Buffer.from(TEST_SERVER_KEY, 'hex')).open(key.private_key, key.key_id)).toBe(policy.signing_key.private_key);
    // Bound to its row: the sealed key of one row does not open as another's.
    expect(() => new AlarmKeySeal(Buffer.from(TEST_SERVER_KEY, 'hex')).open(key.private_key, newId())).toThrow(/cannot be opened/);
  }, 60_000);

  it('seals the clear private keys an earlier release stored, on start, and hands out the same key afterwards; a wrong server key stops the start', async ({ skip }) => {
    if (kind === 'postgres' && !(await postgresAvailable())) return skip();
    const storage = await storageFor(kind);
    const store = await openServerDatabase(storage);
    const organisation = await new Directory(store.db).createOrganisation('Gemeente Oud');
    const clearKey = Buffer.alloc(32, 9).toString('base64');
    const keyId = newId();
    await store.db.insertInto('organisation_alarm_key').values({ key_id: keyId, organisation_id: organisation.id, public_key: Buffer.alloc(32, 1).toString('base64'), private_key: clearKey, created_at: new Date().toISOString(), retired_at: null, valid_until: null }).execute();
    await store.close();

    const wrong = serverConfig(storage, { serverKey: createHash('sha256').update('another key').digest('hex') });
    const running = await startServer(serverConfig(storage));
    const row = await running.store.db.selectFrom('organisation_alarm_key').select('private_key').where('key_id', '=', keyId).executeTakeFirstOrThrow();
    expect(row.private_key).toMatch(/^v1:/);
    expect(await serverTablesText(running.store.db, kind)).not.toContain(clearKey);
    await running.close();
    await expect(startServer(wrong)).rejects.toThrow(/cannot be opened with this VANGNET_SERVER_KEY: the server key is not the one the keys were sealed with/);
    // Started again with the right key, the organisation's devices get the key they had.
    const again = await startServer(serverConfig(storage));
    cleanup.push(() => again.close());
    const site = await new Directory(again.store.db).createSite('Stadhuis');
    await new Directory(again.store.db).hostAt(organisation.id, site.id);
    const { code } = await new Directory(again.store.db).createEnrolmentCode(organisation.id, site.id);
    const enrolled = enrolResponseSchema.parse(await (await fetch(`${again.url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, device_id: newId(), device_name: 'Balie 2', schema_version: SYNC_SCHEMA_VERSION }) })).json());
    const policy = sitePolicySchema.parse(await (await fetch(`${again.url}/v1/site-policy`, { headers: { authorization: `Bearer ${enrolled.credential}` } })).json());
    expect(policy.signing_key).toEqual({ key_id: keyId, organisation_id: organisation.id, private_key: clearKey });
  }, 60_000);
});

describe('where the server key comes from', () => {
  it('PostgreSQL and production refuse to start without VANGNET_SERVER_KEY, in words', () => {
    expect(() => loadServerKey(serverConfigFromEnv({ DATABASE_URL: 'postgres://127.0.0.1/x' }, tempDir()))).toThrow(/VANGNET_SERVER_KEY is not set: with PostgreSQL or NODE_ENV=production/);
    expect(() => loadServerKey(serverConfigFromEnv({ NODE_ENV: 'production', VANGNET_SERVER_DATA_DIR: tempDir() }))).toThrow(/VANGNET_SERVER_KEY is not set/);
    expect(() => serverConfigFromEnv({ VANGNET_SERVER_KEY: 'short' })).toThrow(/VANGNET_SERVER_KEY must be 32 bytes/);
    const key = loadServerKey(serverConfigFromEnv({ DATABASE_URL: 'postgres://127.0.0.1/x', VANGNET_SERVER_KEY: TEST_SERVER_KEY }));
    expect(key.toString('hex')).toBe(TEST_SERVER_KEY);
  });

  it('the embedded default (SQLite, not production) makes a 0600 key file in its data folder on first start and keeps it', () => {
    const dataDir = tempDir();
    const config = serverConfigFromEnv({ VANGNET_SERVER_DATA_DIR: dataDir });
    const first = loadServerKey(config);
    expect(first.length).toBe(32);
    expect(fs.statSync(path.join(dataDir, 'server-key')).mode & 0o777).toBe(0o600);
    expect(loadServerKey(config).equals(first)).toBe(true);
  });
});
