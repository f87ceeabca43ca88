import fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ContractFailure } from '../../../shared/contract/result.js';
import { aggressionForms, incidentChannels } from '../../../shared/domain/incident.js';
import { newId } from '../../../shared/domain/ids.js';
import { openStore, type Store } from '../../../main/core/db/open-store.js';
import { ReplicaStore } from '../../../main/core/sync/replica-store.js';
import { pullAll, pushAll } from '../../../main/core/sync/sync-round.js';
import { openServerDatabase, type ServerDb } from '../../../server/src/db/connect.js';
import { Directory } from '../../../server/src/tenancy/directory.js';
import { FaultyTransport, NetworkFault, type Fault } from '../../support/faulty-transport.js';
import { tempDir } from '../../support/temp-dir.js';
import { visibleRows } from '../../support/replica.js';
import { TEST_STORE_KEY } from '../../support/test-keys.js';

/** CI runs 1,000; `npm run test:convergence -- <runs>` runs more. A failure prints a seed; VANGNET_CONVERGENCE_SEED replays it. */
const RUNS = Number(process.env['VANGNET_CONVERGENCE_RUNS'] ?? 1_000);
const seed = process.env['VANGNET_CONVERGENCE_SEED'] ? { seed: Number(process.env['VANGNET_CONVERGENCE_SEED']) } : {};

const faults: Fault[] = ['none', 'none', 'drop-request', 'drop-response', 'duplicate', 'replay-stale'];
const replicaIndex = fc.nat({ max: 5 });
const incidentPatch = fc.record(
  {
    channel: fc.constantFrom(...incidentChannels),
    forms: fc.uniqueArray(fc.constantFrom(...aggressionForms), { minLength: 1, maxLength: 3 }),
    narrative: fc.string({ maxLength: 40 }),
    status: fc.constantFrom('draft', 'open', 'closed'),
    desk_name: fc.constantFrom('Balie 1', 'Balie 2', 'Receptie'),
  },
  { requiredKeys: [] },
).filter((patch) => Object.keys(patch).length > 0);

const action = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('insert' as const), replica: replicaIndex, patch: incidentPatch }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('update' as const), replica: replicaIndex, pick: fc.nat(), patch: incidentPatch }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), replica: replicaIndex, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('alarm' as const), replica: replicaIndex }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), replica: replicaIndex, fault: fc.constantFrom(...faults), pushOnly: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clock' as const), replica: replicaIndex, jumpMs: fc.integer({ min: -90_000, max: 90_000 }) }) },
);

interface Replica {
  store: Store;
  replica: ReplicaStore;
  transport: FaultyTransport;
  scope: { organisationId: string; siteId: string };
  skewMs: number;
}

type Snapshot = Record<string, { entity: string; data: string; clocks: string; deleted: number }>;

function snapshot(rows: { id: string; entity: string; data: string; clocks: string; deleted: number }[]): Snapshot {
  return Object.fromEntries(rows.map(({ id, ...rest }) => [id, rest]));
}

const servers: ServerDb[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
});

describe('replication converges', () => {
  it(`${RUNS} runs: 2–6 replicas, random offline edits, drops, duplicates and reordering; all end equal to the server`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 6 }), fc.array(action, { minLength: 5, maxLength: 40 }), fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })), async (count, actions, randomness) => {
        const random = randomness[Symbol.iterator]();
        const pick = () => random.next().value as number;
        let logicalTime = Date.parse('2026-11-28T08:00:00Z');
        const server = await openServerDatabase({ kind: 'sqlite', file: ':memory:' });
        servers.push(server);
        const directory = new Directory(server.db);
        const organisation = await directory.createOrganisation('Gemeente');
        const site = await directory.createSite('Stadskantoor');
        await directory.hostAt(organisation.id, site.id);
        const serverNow = () => new Date(logicalTime);

        const replicas: Replica[] = [];
        // Removed at the end of each run: thousands of store folders left for the one clean-up
        // hook after the test took longer than a hook may on a busy machine.
        const runDirs: string[] = [];
        for (let i = 0; i < count; i += 1) {
          const deviceId = newId();
          await server.db.insertInto('device').values({ id: deviceId, organisation_id: organisation.id, site_id: site.id, name: `pc${i}`, credential_hash: deviceId, acked_seq: 0, created_at: serverNow().toISOString(), last_seen_at: null, revoked_at: null }).execute();
          const dataDir = tempDir('vangnet-conv-');
          runDirs.push(dataDir);
          const store = openStore({ key: TEST_STORE_KEY, dataDir });
          const replicaState: Replica = {
            store,
            replica: undefined as unknown as ReplicaStore,
            transport: new FaultyTransport(server.db, { deviceId, organisationId: organisation.id, siteId: site.id }, serverNow, pick),
            scope: { organisationId: organisation.id, siteId: site.id },
            skewMs: Math.round((pick() - 0.5) * 60_000),
          };
          replicaState.replica = new ReplicaStore(store.write, store.read, deviceId, () => new Date(logicalTime + replicaState.skewMs));
          replicas.push(replicaState);
        }

        // Oracle: for every field, the write with the highest HLC must win everywhere.
        const model = new Map<string, { entity: string; fields: Map<string, { hlc: string; value: unknown }> }>();
        const record = (r: Replica, entity: string, rowId: string) => {
          const op = r.store.read.prepare('SELECT hlc, patch FROM outbox ORDER BY device_seq DESC LIMIT 1').get() as { hlc: string; patch: string };
          const row = model.get(rowId) ?? { entity, fields: new Map() };
          for (const [field, value] of Object.entries(JSON.parse(op.patch) as Record<string, unknown>)) {
            const best = row.fields.get(field);
            if (!best || op.hlc > best.hlc) row.fields.set(field, { hlc: op.hlc, value });
          }
          model.set(rowId, row);
        };
        const write = (r: Replica, entity: 'incident' | 'alarm_event', rowId: string, patch: Record<string, unknown>) => {
          r.replica.writeRow(entity, rowId, patch, r.scope);
          record(r, entity, rowId);
        };

        const syncOnce = async (r: Replica, fault: Fault, pushOnly: boolean) => {
          r.transport.fault = fault;
          try {
            await pushAll(r.replica, r.transport);
            if (!pushOnly) await pullAll(r.replica, r.transport, 7);
          } catch (error) {
            if (!(error instanceof NetworkFault)) throw error;
          }
        };

        for (const step of actions) {
          logicalTime += 1_000;
          const r = replicas[step.replica % count] as Replica;
          const known = visibleRows(r.store.read, 'incident');
          const target = 'pick' in step && known.length > 0 ? known[step.pick % known.length] : undefined;
          switch (step.kind) {
            case 'insert':
              write(r, 'incident', newId(), { occurred_at: new Date(logicalTime).toISOString(), channel: 'counter', forms: ['threat'], status: 'open', ...step.patch });
              break;
            case 'update':
              if (target) write(r, 'incident', target.id, step.patch);
              break;
            case 'delete':
              if (target) write(r, 'incident', target.id, { _deleted: true });
              break;
            case 'alarm': {
              const id = newId();
              write(r, 'alarm_event', id, { alarm_id: newId(), kind: 'raised', level: 'assist', at: new Date(logicalTime).toISOString() });
              // Append-only: a second write to the same event is refused locally.
              expect(() => r.replica.writeRow('alarm_event', id, { note: 'changed' }, r.scope)).toThrow(ContractFailure);
              break;
            }
            case 'sync':
              await syncOnce(r, step.fault, step.pushOnly);
              break;
            case 'clock':
              // Jumps both ways, kept inside the server's 5-minute future clamp.
              r.skewMs = Math.max(-240_000, Math.min(240_000, r.skewMs + step.jumpMs));
              break;
          }
        }

        // The network heals: everyone pushes, then everyone pulls.
        for (const r of replicas) await syncOnce(r, 'none', true);
        for (const r of replicas) await syncOnce(r, 'none', false);

        const serverRows = await server.db.selectFrom('replica_row').select(['id', 'entity', 'data', 'clocks', 'deleted']).where('organisation_id', '=', organisation.id).execute();
        const expected = snapshot(serverRows.map((row) => ({ ...row, deleted: Number(row.deleted) })));
        for (const r of replicas) {
          expect(r.replica.pendingCount()).toBe(0);
          expect(r.replica.rejectionCount()).toBe(0);
          const local = r.store.read.prepare('SELECT id, entity, data, clocks, deleted FROM replica_row').all() as { id: string; entity: string; data: string; clocks: string; deleted: number }[];
          expect(normalise(snapshot(local))).toEqual(normalise(expected));
        }
        expect(Object.keys(expected).sort()).toEqual([...model.keys()].sort());
        for (const [rowId, row] of model) {
          const stored = JSON.parse(expected[rowId]?.data ?? '{}') as Record<string, unknown>;
          for (const [field, winner] of row.fields) expect(stored[field], `${row.entity} ${rowId}.${field}`).toEqual(winner.value);
        }
        for (const r of replicas) r.store.close();
        for (const dir of runDirs) fs.rmSync(dir, { recursive: true, force: true });
        await server.close();
        servers.splice(servers.indexOf(server), 1);
      }),
      { numRuns: RUNS, ...seed },
    );
  }, 900_000);
});

/** JSON text may order keys differently; compare parsed values. */
function normalise(rows: Snapshot) {
  return Object.fromEntries(Object.entries(rows).map(([id, row]) => [id, { entity: row.entity, deleted: row.deleted, data: sortKeys(JSON.parse(row.data)), clocks: sortKeys(JSON.parse(row.clocks)) }]));
}

function sortKeys(value: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}
