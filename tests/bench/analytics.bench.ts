import { performance } from 'node:perf_hooks';
import { AnalyticsFacts } from '../../main/core/analytics/analytics-facts.js';
import { openCore } from '../../main/core/core.js';
import { generateIncidents, insertIncidents } from '../../main/core/incident/sample-incidents.js';
import { silentLogger } from '../../main/core/logger.js';
import type { StaffMember } from '../../shared/domain/staff.js';
import { alternate, latencyMeasure, timeEach, type Bench } from './measure.js';
import { benchTempDir } from './temp.js';
import { TEST_STORE_KEY } from '../support/test-keys.js';

const INCIDENTS = 50_000;
const BLOCKS = 4;
const PER_BLOCK = 5;
const admin = { role: 'admin', session: 'bench' } as const;
const NOW = new Date('2026-11-30T12:00:00Z');

export const bench: Bench = {
  title: 'Opening the analytics screen over a year with 50,000 incidents on the replica, vs a plain read call',
  async run() {
    // Encrypted, as every desk's store is.
    const core = openCore({ dataDir: benchTempDir(), storeKey: TEST_STORE_KEY, logger: silentLogger(), now: () => NOW });
    const call = async (name: string, input: unknown) => {
      const result = await core.dispatch(admin, name, input);
      if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
      return result.value;
    };
    await call('settings.update', { organisationName: 'Gemeente Utrecht', siteName: 'Stadskantoor', deskName: 'Balie 3', floor: '1', serverUrl: '' });
    const member = (await call('staff.create', { displayName: 'Beheer', role: 'admin', pin: '1234' })) as StaffMember;
    await call('session.signIn', { staffId: member.id, pin: '1234' });
    const organisationId = core.store.read.prepare('SELECT id FROM organisation').pluck().get() as string;
    // A year of seeded incidents (with their ~250,000 follow-up tasks), written in one transaction.
    insertIncidents(core.store.write, organisationId, generateIncidents({ seed: 15, count: INCIDENTS, from: new Date('2025-12-01T00:00:00Z'), to: NOW }));
    // Their facts, as the core derives them in the background after they arrive; timed on its own.
    const factsStart = performance.now();
    new AnalyticsFacts(core.store.write).refresh();
    const factsMs = performance.now() - factsStart;
    core.store.write.pragma('optimize');

    // What the screen asks for when it opens: the last twelve months, no other filter.
    const filter = { from: '2025-12-01', to: '2026-11-30' };
    const open = () =>
      timeEach(PER_BLOCK, async () => {
        const summary = (await call('analytics.summary', filter)) as { total: number };
        if (summary.total < INCIDENTS * 0.9) throw new Error(`only ${summary.total} incidents counted`);
      });
    const status = () => timeEach(PER_BLOCK, () => call('device.status', {}));
    await open();
    const measured = await alternate(BLOCKS, open, status);
    await core.close();
    return [
      latencyMeasure('analytics.open.50k', measured.subject, measured.baseline, 'goal: p99 < 500 ms over 20 opens; one year, no filter; baseline: device.status'),
      { name: 'analytics.facts.50k', unit: 'ms', value: Math.round(factsMs), n: INCIDENTS, note: 'deriving the facts of 50,000 incidents and their ~250,000 tasks after they arrive in one go (AnalyticsFacts.refresh, batches of 2,000); once, in the background' },
    ];
  },
};
