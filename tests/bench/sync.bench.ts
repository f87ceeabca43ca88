import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { freshPostgresDatabase, postgresReachable } from '../support/postgres.js';
import { openStore } from '../../main/core/db/open-store.js';
import { replicaIndexes } from '../../main/core/replica-indexes.js';
import { ReplicaStore } from '../../main/core/sync/replica-store.js';
import { pullAll, pushAll } from '../../main/core/sync/sync-round.js';
import { httpTransport } from '../../main/core/sync/transport.js';
import { newId } from '../../shared/domain/ids.js';
import { formatHlc } from '../../shared/sync/hlc.js';
import { MAX_BODY_BYTES, MAX_PULL_ROWS, MAX_PUSH_OPS, SYNC_SCHEMA_VERSION } from '../../shared/sync/protocol.js';
import type { ServerConfig } from '../../server/src/config.js';
import { Directory } from '../../server/src/tenancy/directory.js';
import { openServerDatabase } from '../../server/src/db/connect.js';
import type { Bench, Measure } from './measure.js';
import { benchTempDir } from './temp.js';
import { TEST_SERVER_ENV, TEST_STORE_KEY } from '../support/test-keys.js';
import { UNENCRYPTED_BASELINE, type StoreKeyOrBaseline } from '../../main/core/db/store-key.js';

const PULL_ROWS = 100_000;
const PUSH_OPS = 10_000;

const row = (i: number) => ({
  data: JSON.stringify({ occurred_at: '2026-11-28T09:00:00.000Z', channel: 'counter', forms: ['verbal_abuse', 'threat'], status: 'open', desk_name: 'Balie 3', narrative: `Bezoeker schold medewerker uit bij balie 3 (${i}).` }),
  clocks: JSON.stringify(Object.fromEntries(['occurred_at', 'channel', 'forms', 'status', 'desk_name', 'narrative'].map((field) => [field, formatHlc({ wall: 1_795_000_000_000 + i, counter: 0, node: 'seed' })]))),
});

/** Baseline: the fastest plain way to put rows of the same shape into SQLite on this machine. */
function rawInsertRate(): number {
  const db = new Database(path.join(benchTempDir(), 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE replica_row (id TEXT PRIMARY KEY, entity TEXT NOT NULL, organisation_id TEXT NOT NULL, site_id TEXT NOT NULL, data TEXT NOT NULL, clocks TEXT NOT NULL, deleted INTEGER NOT NULL, server_version INTEGER) STRICT');
  const insert = db.prepare('INSERT INTO replica_row VALUES (?, ?, ?, ?, ?, ?, 0, ?)');
  const rows = Array.from({ length: PULL_ROWS }, (_, i) => ({ id: newId(), ...row(i) }));
  const start = performance.now();
  db.transaction(() => rows.forEach((r, i) => insert.run(r.id, 'incident', 'org', 'site', r.data, r.clocks, i + 1)))();
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return PULL_ROWS / seconds;
}

/** The server runs as its own process, as deployed; the client is this process. */
async function serverFor(kind: 'sqlite' | 'postgres'): Promise<{ storage: ServerConfig['storage']; drop(): Promise<void> }> {
  if (kind === 'sqlite') return { storage: { kind: 'sqlite', file: path.join(benchTempDir(), 'vangnet-server.sqlite') }, drop: async () => undefined };
  const database = await freshPostgresDatabase('vangnet_bench');
  return { storage: { kind: 'postgres', url: database.url }, drop: database.drop };
}

/** Creates the tenant and seeds 100k rows straight into the server's database, before the server starts. */
async function seed(storage: ServerConfig['storage'], rounds: number) {
  const db = await openServerDatabase(storage);
  const directory = new Directory(db.db);
  const organisation = await directory.createOrganisation('Gemeente');
  const site = await directory.createSite('Stadskantoor');
  await directory.hostAt(organisation.id, site.id);
  // One device pushes; each round two pull, one into an encrypted and one into a clear replica.
  const codes = [];
  for (let i = 0; i < 1 + 2 * rounds; i += 1) codes.push(await directory.createEnrolmentCode(organisation.id, site.id));
  await db.db.transaction().execute(async (trx) => {
    for (let i = 0; i < PULL_ROWS; i += 500) {
      const chunk = Array.from({ length: Math.min(500, PULL_ROWS - i) }, (_, j) => ({ id: newId(), entity: 'incident', organisation_id: organisation.id, site_id: site.id, deleted: 0, version: i + j + 1, updated_at: '2026-11-28T09:00:00.000Z', ...row(i + j) }));
      await trx.insertInto('replica_row').values(chunk).execute();
    }
    await trx.updateTable('server_state').set({ version: PULL_ROWS }).execute();
  });
  // A bulk load leaves the planner without statistics; autovacuum would analyse a real table.
  if (storage.kind === 'postgres') await sql`ANALYZE replica_row`.execute(db.db);
  await db.close();
  return { scope: { organisationId: organisation.id, siteId: site.id }, codes: codes.map((c) => c.code) };
}

async function startServerProcess(storage: ServerConfig['storage']): Promise<{ url: string; stop(): Promise<void> }> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  const env = { ...process.env, VANGNET_SERVER_PORT: String(port), VANGNET_LOG_LEVEL: 'silent', VANGNET_RATE_LIMIT_PER_MINUTE: '1000000', ...(storage.kind === 'postgres' ? { DATABASE_URL: storage.url, ...TEST_SERVER_ENV } : { VANGNET_SERVER_DATA_DIR: path.dirname(storage.file) }) };
  if (storage.kind === 'sqlite' && path.basename(storage.file) !== 'vangnet-server.sqlite') throw new Error('the sqlite file must be named vangnet-server.sqlite');
  const child = spawn(process.execPath, ['--import=tsx', 'server/src/main.ts'], { env, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    try {
      if ((await fetch(`${url}/ready`)).ok) break;
    } catch {
      if (i > 200) throw new Error('server process did not start');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function enrol(url: string, code: string) {
  const deviceId = newId();
  const response = await fetch(`${url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, device_id: deviceId, device_name: 'bench', schema_version: SYNC_SCHEMA_VERSION }) });
  const { credential } = (await response.json()) as { credential: string };
  return { deviceId, credential };
}

/** Three rounds by default: one round swings by a factor of two when a neighbour takes a core. */
const DEFAULT_ROUNDS = 3;

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function measure(kind: 'sqlite' | 'postgres', rounds: number): Promise<Measure[]> {
  const { storage, drop } = await serverFor(kind);
  try {
    const seeded = await seed(storage, rounds);
    const server = await startServerProcess(storage);
    try {
      /** One initial pull of every row into a fresh replica; its rate in rows/s. */
      const pullInto = async (key: StoreKeyOrBaseline, code: string) => {
        const puller = await enrol(server.url, code);
        const client = openStore({ key, dataDir: benchTempDir() });
        // The indexes a desk keeps, as the core wires them.
        const { facts, indexes } = replicaIndexes(client.write);
        const replica = new ReplicaStore(client.write, client.read, puller.deviceId, () => new Date(), indexes);
        const start = performance.now();
        const pulled = await pullAll(replica, httpTransport(server.url, puller.credential), MAX_PULL_ROWS);
        const seconds = (performance.now() - start) / 1000;
        if (pulled.rows !== PULL_ROWS || client.read.prepare("SELECT count(*) FROM replica_row WHERE entity = 'incident' AND deleted = 0").pluck().get() !== PULL_ROWS) throw new Error(`pulled ${pulled.rows} rows, expected ${PULL_ROWS}`);
        // The analytics facts of the pulled rows, which a desk derives after the pull in the background.
        const factsStart = performance.now();
        facts.refresh();
        const factsSeconds = (performance.now() - factsStart) / 1000;
        if (client.read.prepare('SELECT count(*) FROM incident_fact').pluck().get() !== PULL_ROWS) throw new Error('the facts of the pulled rows were not derived');
        client.close();
        return { rate: PULL_ROWS / seconds, factsSeconds };
      };
      // The raw baseline, a pull into a clear replica and one into an encrypted replica alternate,
      // each into a fresh file, so a busy moment hits all three alike; medians are compared.
      const rates = { raw: [] as number[], clear: [] as number[], encrypted: [] as number[], facts: [] as number[] };
      for (let round = 0; round < rounds; round += 1) {
        rates.raw.push(rawInsertRate());
        const clear = await pullInto(UNENCRYPTED_BASELINE, seeded.codes[1 + 2 * round] as string);
        const encrypted = await pullInto(TEST_STORE_KEY, seeded.codes[2 + 2 * round] as string);
        rates.clear.push(clear.rate);
        rates.encrypted.push(encrypted.rate);
        rates.facts.push(encrypted.factsSeconds);
      }
      const rawRate = median(rates.raw);
      const clearRate = median(rates.clear);
      const encryptedRate = median(rates.encrypted);
      const listed = (values: readonly number[]) => values.map((rate) => Math.round(rate)).join(', ');

      const pusherDevice = await enrol(server.url, seeded.codes[0] as string);
      const pusher = openStore({ key: TEST_STORE_KEY, dataDir: benchTempDir() });
      const pushReplica = new ReplicaStore(pusher.write, pusher.read, pusherDevice.deviceId, () => new Date());
      for (let i = 0; i < PUSH_OPS; i += 1) pushReplica.writeRow('incident', newId(), { occurred_at: '2026-11-28T09:00:00.000Z', channel: 'phone', forms: ['threat'], status: 'open', narrative: `op ${i}` }, seeded.scope);
      const start = performance.now();
      await pushAll(pushReplica, httpTransport(server.url, pusherDevice.credential));
      const pushSeconds = (performance.now() - start) / 1000;
      if (pushReplica.pendingCount() !== 0) throw new Error('push left ops behind');
      pusher.close();
      const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
      return [
        { name: `sync.initial_pull_100k.${kind}`, unit: 'rows/s', value: Math.round(clearRate), n: PULL_ROWS, baseline: Math.round(rawRate), ratio: round(clearRate / rawRate), note: `median of ${rounds} rounds (pull rows/s ${listed(rates.clear)}; raw ${listed(rates.raw)}); server in its own process; HTTP pages of ${MAX_PULL_ROWS}, pipelined, zod-parsed, merged into an empty clear SQLite replica (the protocol's own cost; encryption's is the next row); baseline = raw better-sqlite3 inserts of the same rows in one transaction, alternating with the pulls. Goal ratio >= 0.3, aim 0.5` },
        { name: `sync.initial_pull_100k.${kind}.encrypted_vs_clear`, unit: 'x slower', value: round(clearRate / encryptedRate), n: PULL_ROWS, baseline: Math.round(clearRate), ratio: round(clearRate / encryptedRate), note: `the same pull into an encrypted replica (AEGIS-256; median ${Math.round(encryptedRate)} rows/s of ${listed(rates.encrypted)}) vs a clear one (baseline rows/s), alternated over ${rounds} rounds; ratio = clear rate / encrypted rate. Goal <= 1.3` },
        { name: `sync.initial_pull_100k.${kind}.analytics_facts`, unit: 's', value: round(median(rates.facts)), n: PULL_ROWS, note: `after each encrypted pull: deriving the analytics facts of the 100k pulled incidents (AnalyticsFacts.refresh, batches of 2,000), which a desk does in the background after the pull; ${listed(rates.facts.map((value) => value * 1000))} ms` },
        { name: `sync.push_10k.${kind}`, unit: 's', value: round(pushSeconds), n: PUSH_OPS, note: `batches filled by measured bytes under ${MAX_BODY_BYTES} (and at most ${MAX_PUSH_OPS} ops), each one server transaction. Goal < 2 s on the embedded server` },
      ];
    } finally {
      await server.stop();
    }
  } finally {
    await drop();
  }
}

export const bench: Bench = {
  title: 'Sync: initial pull of 100k rows and push of 10k ops, beside raw better-sqlite3 inserts',
  async run(options) {
    const rounds = Number(options['sync-rounds'] ?? DEFAULT_ROUNDS);
    if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--sync-rounds must be a whole number of at least 1, not ${options['sync-rounds']}`);
    const measures = await measure('sqlite', rounds);
    if (!(await postgresReachable())) {
      console.warn('  ⚠️  PostgreSQL not reachable: the .postgres measures are SKIPPED');
      return measures;
    }
    return [...measures, ...(await measure('postgres', rounds))];
  },
};
