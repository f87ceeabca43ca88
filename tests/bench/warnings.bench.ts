import { performance } from 'node:perf_hooks';
import { openCore } from '../../main/core/core.js';
import { silentLogger } from '../../main/core/logger.js';
import { ownMatchKey } from '../../main/core/warnings/warning-keys.js';
import { newId } from '../../shared/domain/ids.js';
import type { StaffMember } from '../../shared/domain/staff.js';
import { normaliseName, storedVariants } from '../../shared/warnings/match.js';
import { alternate, latencyMeasure, type Bench } from './measure.js';
import { benchTempDir } from './temp.js';
import { TEST_STORE_KEY } from '../support/test-keys.js';

const WARNINGS = 100_000;
const BLOCKS = 10;
const PER_BLOCK = 50;
const admin = { role: 'admin', session: 'bench' } as const;
const FIRST = ['Jan', 'Piet', 'Klaas', 'Fatima', 'Mohamed', 'Anna', 'Sanne', 'Kees', 'Ingrid', 'Yusuf', 'Emma', 'Daan'];
const LAST = ['de Vries', 'Jansen', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Yilmaz', 'El Amrani', 'van Dijk'];

/** A made-up but name-like subject; the number keeps 100,000 of them apart. */
const subject = (i: number) => `${FIRST[i % FIRST.length] ?? ''} ${LAST[Math.floor(i / FIRST.length) % LAST.length] ?? ''} ${i.toString(36)}`;

export const bench: Bench = {
  title: 'Desk check of a visitor with 100,000 warnings on the replica, vs a plain read call',
  async run() {
    const core = openCore({ storeKey: TEST_STORE_KEY, dataDir: benchTempDir(), logger: silentLogger() });
    const call = async (name: string, input: unknown) => {
      const result = await core.dispatch(admin, name, input);
      if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
      return result.value;
    };
    await call('settings.update', { organisationName: 'Gemeente Utrecht', siteName: 'Stadskantoor', deskName: 'Balie 3', floor: '1', serverUrl: '' });
    const member = (await call('staff.create', { displayName: 'Anna', role: 'admin', pin: '1234' })) as StaffMember;
    await call('session.signIn', { staffId: member.id, pin: '1234' });
    const organisationId = core.store.read.prepare('SELECT id FROM organisation').pluck().get() as string;
    const siteId = core.store.read.prepare('SELECT id FROM site').pluck().get() as string;

    // Seeded straight into the row table in one transaction (the index trigger runs as in use), not 100,000 fsyncs.
    const insert = core.store.write.prepare("INSERT INTO replica_row (id, entity, organisation_id, site_id, data, clocks, deleted) VALUES (?, 'visitor_warning', ?, ?, ?, '{}', 0)");
    core.store.write.transaction(() => {
      for (let i = 0; i < WARNINGS; i += 1) {
        const data = {
          subject_name: subject(i), birth_date: null, subject_description: null, measure_kind: 'appointment_only', measure_text: null, reason_category: 'threat', reason_note: '', decided_by: 'C', contact: 'Teamleider 030-1',
          valid_from: '2026-01-01', valid_until: '2099-12-31', term_reason: null, letter_sent_on: null, notification_exception: null, incident_ids: [], created_by: 'C', created_at: '2026-01-01T00:00:00.000Z',
          match: storedVariants(normaliseName(subject(i))).map(ownMatchKey), birth_hash: null,
        };
        insert.run(newId(), organisationId, siteId, JSON.stringify(data));
      }
    })();

    let n = 0;
    // Half hits (a name with one typo), half misses; each check also appends its access log entry.
    const check = async () => {
      const samples: number[] = [];
      for (let i = 0; i < PER_BLOCK; i += 1) {
        n += 1;
        const name = n % 2 === 0 ? subject((n * 7_919) % WARNINGS).replace(/a/, 'e') : `Onbekende ${n.toString(36)} Persoon`;
        const start = performance.now();
        await call('warnings.check', { name });
        samples.push(performance.now() - start);
      }
      return samples;
    };
    const status = async () => {
      const samples: number[] = [];
      for (let i = 0; i < PER_BLOCK; i += 1) {
        const start = performance.now();
        await call('device.status', {});
        samples.push(performance.now() - start);
      }
      return samples;
    };
    await check();
    await status();
    const measured = await alternate(BLOCKS, check, status);
    await core.close();
    return [latencyMeasure('warnings.lookup.100k', measured.subject, measured.baseline, 'goal: p99 ≤ 20 ms; includes the durable access log entry; baseline: device.status')];
  },
};
