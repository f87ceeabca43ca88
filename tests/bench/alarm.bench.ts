import type { LayoutOptions, LayoutResult } from './alarm/layout.js';
import { runLayout } from './alarm/layout.js';
import { lanPath } from './alarm/lan-path.js';
import { freshPostgresDatabase, postgresReachable } from '../support/postgres.js';
import { latencyMeasure, type Bench, type BenchOptions, type Measure } from './measure.js';

const BEACON_MS = 5_000;

function list(value: string | undefined, fallback: number[]): number[] {
  if (!value) return fallback;
  const sizes = value.split(',').map(Number);
  if (sizes.some((size) => !Number.isInteger(size) || size < 1 || size > 10_000)) throw new Error(`--alarm-sizes: expected sizes 1..10000, got ${value}`);
  return sizes;
}

function count(value: string | undefined, fallback: number, min: number, max: number, flag: string): number {
  const parsed = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) throw new Error(`--${flag}: expected ${min}..${max}, got ${value}`);
  return parsed;
}

/** The "delivered" answers of a press are N² frames: at larger sites they take longer to drain. */
const settleMs = (perSite: number) => Math.max(100, Math.round(perSite / 4));

function describe(result: LayoutResult): string {
  return `${result.listenersConnected} listener sockets in 2 processes; clock skew between processes ≤ ${result.skewMs.toFixed(3)} ms${result.lost ? `; LOST ${result.lost} of ${result.expected}` : ''}`;
}

type Storage = 'sqlite' | 'postgres';

function storages(value: string | undefined): Storage[] {
  const names = (value ?? 'sqlite,postgres').split(',');
  if (names.length === 0 || names.some((name) => name !== 'sqlite' && name !== 'postgres')) throw new Error(`--alarm-storage: expected sqlite, postgres or both (comma-separated), got ${value}`);
  return [...new Set(names as Storage[])];
}

const PAIRS_NOTE = 'press (bridge call alarm.raise on a real web host: contract, durable record, send) → each listener socket on the server (own process), p50/p99 over all press×listener pairs';
const PRESS_NOTE = 'per press: press → the last listener has it; p50/p99 over presses';

export const bench: Bench = {
  title: 'Alarm: press → every listener, server in its own process, sender a real web host, listeners in two processes, beside a raw ws relay in the same layout',
  async run(options: BenchOptions) {
    const sizes = list(options['alarm-sizes'], [10, 100]);
    const orgSites = count(options['alarm-sites'], 50, 0, 200, 'alarm-sites');
    const presses = count(options['alarm-presses'], 100, 1, 10_000, 'alarm-presses');
    const warmup = count(options['alarm-warmup'], 10, 0, 1_000, 'alarm-warmup');
    const largeOn = storages(options['alarm-storage']);
    const measures: Measure[] = [];
    const layout = (kind: LayoutOptions['kind'], sites: number, perSite: number, extra: Pick<LayoutOptions, 'sampleRss' | 'databaseUrl'> = {}): Promise<LayoutResult> =>
      runLayout({ kind, sites, perSite, processes: 2, warmup, presses, beaconMs: BEACON_MS, settleMs: settleMs(perSite), ...extra, log: (line) => console.log(line) });

    for (const clients of sizes) {
      console.log(`  ${clients} listeners: raw ws relay…`);
      const raw = await layout('raw', 1, clients);
      console.log(`  ${clients} listeners: Vangnet server…`);
      const server = await layout('vangnet', 1, clients);
      measures.push(
        latencyMeasure(`alarm.baseline.ws.c${clients}`, raw.pairs, undefined, `raw ws relay process, same layout, frames and beacon load; ${describe(raw)}`),
        latencyMeasure(`alarm.baseline.ws.c${clients}.per_press`, raw.perPress, undefined, PRESS_NOTE),
        latencyMeasure(`alarm.server.c${clients}`, server.pairs, raw.pairs, `${PAIRS_NOTE}; ${describe(server)}; ratio = p99/p99 against the raw relay in this run. Goal ratio ≤ 2`),
        latencyMeasure(`alarm.server.c${clients}.per_press`, server.perPress, raw.perPress, `${PRESS_NOTE}; ratio against the raw relay's per-press p99`),
      );
      if (clients <= 100) {
        console.log(`  ${clients} listeners: LAN path…`);
        const lan = await lanPath(clients, presses);
        const lost = clients * presses - lan.length;
        measures.push(latencyMeasure(`alarm.lan.c${clients}`, lan, raw.pairs, `press (contract call, signed multicast) → each LAN receiver verified it, all in one process; ratio against the raw ws relay of the same size${lost ? `; LOST ${lost}` : ''}`));
      }
    }

    if (orgSites > 0) {
      const perSite = 100;
      // The embedded store commits on the server's one thread, and each commit waits for the
      // disk; PostgreSQL commits in its own process. Both run, so the difference is measured.
      for (const storage of largeOn) {
        if (storage === 'postgres' && !(await postgresReachable())) {
          console.warn('  ⚠️  PostgreSQL not reachable: the large run on PostgreSQL is SKIPPED');
          continue;
        }
        console.log(`  one organisation, ${orgSites} sites × ${perSite} PCs: Vangnet server on ${storage}…`);
        const database = storage === 'postgres' ? await freshPostgresDatabase('vangnet_bench') : null;
        let big: LayoutResult;
        try {
          big = await layout('vangnet', orgSites, perSite, { sampleRss: true, ...(database ? { databaseUrl: database.url } : {}) });
        } finally {
          await database?.drop();
        }
        const name = `alarm.server.c${orgSites * perSite}${storage === largeOn[0] ? '' : `.${storage}`}`;
        measures.push(
          latencyMeasure(name, big.pairs, undefined, `server store: ${storage === 'sqlite' ? 'embedded SQLite' : 'PostgreSQL'}; ${orgSites * perSite} device sockets (one organisation, ${orgSites} sites of ${perSite}) plus the sender; alarms at one site reach its ${perSite} PCs while all others beacon every 5 s; ${describe(big)}. Goal p99 ≤ 100 ms`),
          latencyMeasure(`${name}.per_press`, big.perPress, undefined, PRESS_NOTE),
          { name: `${name}.rss_mib`, unit: 'MiB', value: big.rssMiB ?? Number.NaN, note: 'peak VmRSS of the server process (/proc/<pid>/status, sampled every 250 ms while pressing). Goal < 1024' },
        );
      }
    }
    return measures;
  },
};
