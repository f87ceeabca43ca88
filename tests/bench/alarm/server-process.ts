import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { newId } from '../../../shared/domain/ids.js';
import { startServer } from '../../../server/src/start.js';
import { Directory } from '../../../server/src/tenancy/directory.js';
import { hashSecret, newCredential } from '../../../server/src/tenancy/secrets.js';
import type { BenchDevice, ServerSetup } from './protocol.js';
import { TEST_SERVER_KEY } from '../../support/test-keys.js';

// The Vangnet server in its own process, so the bench's clients do not share its CPU.
// --db=<sqlite file> | --database-url=<postgres://…>, --sites=<n> --per-site=<n> --setup=<json file to write>
const { values } = parseArgs({ options: { db: { type: 'string' }, 'database-url': { type: 'string' }, sites: { type: 'string' }, 'per-site': { type: 'string' }, setup: { type: 'string' } } });
const sites = Number(values.sites ?? '1');
const perSite = Number(values['per-site'] ?? '10');
if ((!values.db && !values['database-url']) || !values.setup || !(sites >= 1 && sites <= 1000) || !(perSite >= 1 && perSite <= 10_000)) throw new Error('usage: --db=<file> | --database-url=<url>, --setup=<file> --sites=<1..1000> --per-site=<1..10000>');

// A fixed test key: the server seals alarm keys with one, and PostgreSQL will not start without it.
const server = await startServer({ serverKey: TEST_SERVER_KEY, storage: values['database-url'] ? { kind: 'postgres', url: values['database-url'] } : { kind: 'sqlite', file: values.db as string }, host: '127.0.0.1', port: 0, adminToken: undefined, rateLimitPerMinute: 1_000_000, logLevel: 'silent' });
const directory = new Directory(server.store.db);
const organisation = await directory.createOrganisation('Gemeente');
const made: { siteId: string; devices: BenchDevice[] }[] = [];
for (let s = 0; s < sites; s += 1) {
  const site = await directory.createSite(`Locatie ${s + 1}`);
  await directory.hostAt(organisation.id, site.id);
  // Real credentials, stored hashed as enrolment stores them; inserted directly because
  // thousands of enrolments over HTTP would only time the rate limiter.
  const devices = Array.from({ length: perSite }, () => ({ id: newId(), credential: newCredential(), organisationId: organisation.id, siteId: site.id }));
  for (let i = 0; i < devices.length; i += 500) {
    const rows = devices.slice(i, i + 500).map((d) => ({ id: d.id, organisation_id: d.organisationId, site_id: d.siteId, name: 'bench', credential_hash: hashSecret(d.credential), acked_seq: 0, created_at: new Date().toISOString(), last_seen_at: null, revoked_at: null }));
    await server.store.db.insertInto('device').values(rows).execute();
  }
  made.push({ siteId: site.id, devices });
}
const first = made[0];
if (!first) throw new Error('no site');
const { code } = await directory.createEnrolmentCode(organisation.id, first.siteId);
const setup: ServerSetup = { url: server.url, pid: process.pid, organisationId: organisation.id, sites: made, code };
fs.writeFileSync(`${values.setup}.tmp`, JSON.stringify(setup));
fs.renameSync(`${values.setup}.tmp`, values.setup);

const stop = () => void server.close().then(() => process.exit(0), () => process.exit(1));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
