import type { Kysely } from 'kysely';
import {
  benchmarkDimensions,
  benchmarkKeys,
  benchmarkSectorSchema,
  endedMonths,
  MIN_INCIDENTS,
  MIN_ORGANISATIONS,
  SUPPRESSED_NOTE,
  type BenchmarkComparison,
  type BenchmarkShare,
  type BenchmarkStatus,
  type SectorCell,
} from '../../../shared/analytics/benchmark.js';
import type { ServerDatabase } from '../db/schema.js';
import type { DeviceScope } from '../tenancy/devices.js';
import { recordAdminAction } from '../tenancy/audit.js';

export class BenchmarkRefusal extends Error {
  constructor(
    readonly status: 403 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** The caller's own organisation only: its id comes from the device credential, never from the request. */
export async function benchmarkStatus(db: Kysely<ServerDatabase>, organisationId: string): Promise<BenchmarkStatus> {
  const row = await db
    .selectFrom('organisation')
    .leftJoin('benchmark_participation', 'benchmark_participation.organisation_id', 'organisation.id')
    .select(['organisation.sector', 'benchmark_participation.since', 'benchmark_participation.last_shared_at'])
    .where('organisation.id', '=', organisationId)
    .executeTakeFirstOrThrow();
  const sector = benchmarkSectorSchema.safeParse(row.sector);
  return { sector: sector.success ? sector.data : null, participating: row.since !== null, since: row.since, last_shared_at: row.last_shared_at };
}

/**
 * Opting in needs a sector (there is nothing to compare with otherwise); opting out deletes the
 * organisation's counts in the same transaction, so nothing of it is averaged afterwards.
 * Logged beside the administrators' changes, with the device as the actor.
 */
export async function setParticipation(db: Kysely<ServerDatabase>, device: DeviceScope, participating: boolean, now: Date): Promise<BenchmarkStatus> {
  const organisationId = device.organisationId;
  await db.transaction().execute(async (trx) => {
    if (participating) {
      const { sector } = await trx.selectFrom('organisation').select('sector').where('id', '=', organisationId).executeTakeFirstOrThrow();
      if (sector === null) throw new BenchmarkRefusal(409, "your organisation has no sector yet: ask the server administrator to set it (server:admin -- set-sector)");
      await trx.insertInto('benchmark_participation').values({ organisation_id: organisationId, since: now.toISOString(), last_shared_at: null }).onConflict((c) => c.column('organisation_id').doNothing()).execute();
    } else {
      await trx.deleteFrom('benchmark_count').where('organisation_id', '=', organisationId).execute();
      await trx.deleteFrom('benchmark_participation').where('organisation_id', '=', organisationId).execute();
    }
    await recordAdminAction(trx, { actor: `device ${device.deviceId}`, action: 'benchmark-participation', target: organisationId, detail: { participating } }, now);
  });
  return benchmarkStatus(db, organisationId);
}

/** Replaces the months the share names (so sending again changes nothing), in one transaction. */
export async function storeShare(db: Kysely<ServerDatabase>, organisationId: string, share: BenchmarkShare, now: Date): Promise<BenchmarkStatus> {
  await db.transaction().execute(async (trx) => {
    const taking = await trx.updateTable('benchmark_participation').set({ last_shared_at: now.toISOString() }).where('organisation_id', '=', organisationId).executeTakeFirst();
    if (Number(taking.numUpdatedRows) === 0) throw notParticipating();
    const months = [...new Set(share.counts.map((count) => count.month))];
    await trx.deleteFrom('benchmark_count').where('organisation_id', '=', organisationId).where('month', 'in', months).execute();
    await trx
      .insertInto('benchmark_count')
      .values(share.counts.map((count) => ({ organisation_id: organisationId, month: count.month, dimension: count.dimension, item: count.key, incidents: count.count })))
      .execute();
  });
  return benchmarkStatus(db, organisationId);
}

const notParticipating = () => new BenchmarkRefusal(403, 'your organisation does not take part in the benchmark: an administrator opts in on the analytics screen');

/**
 * The caller's own counts beside the average of the OTHER participants of its sector, for the
 * ended months. A cell of the average is shown only when it rests on at least MIN_ORGANISATIONS
 * other organisations that sent the month, together counting at least MIN_INCIDENTS; otherwise
 * it says SUPPRESSED_NOTE and carries no number. Disabled organisations and non-participants
 * are never counted (non-participants hold no counts: opting out deletes them).
 */
export async function benchmarkComparison(db: Kysely<ServerDatabase>, organisationId: string, now: Date): Promise<BenchmarkComparison> {
  const status = await benchmarkStatus(db, organisationId);
  if (!status.participating) throw notParticipating();
  if (status.sector === null) throw new BenchmarkRefusal(409, 'your organisation has no sector: ask the server administrator to set it');
  const months = endedMonths(now);
  const own = await db.selectFrom('benchmark_count').select(['month', 'dimension', 'item', 'incidents']).where('organisation_id', '=', organisationId).where('month', 'in', months).execute();
  const others = await db
    .selectFrom('benchmark_count')
    .innerJoin('benchmark_participation', 'benchmark_participation.organisation_id', 'benchmark_count.organisation_id')
    .innerJoin('organisation', 'organisation.id', 'benchmark_count.organisation_id')
    .select((eb) => ['benchmark_count.month', 'benchmark_count.dimension', 'benchmark_count.item', eb.fn.countAll<number | string>().as('organisations'), eb.fn.sum<number | string>('benchmark_count.incidents').as('incidents')])
    .where('organisation.sector', '=', status.sector)
    .where('organisation.disabled_at', 'is', null)
    .where('benchmark_count.organisation_id', '<>', organisationId)
    .where('benchmark_count.month', 'in', months)
    .groupBy(['benchmark_count.month', 'benchmark_count.dimension', 'benchmark_count.item'])
    .execute();
  const cellKey = (month: string, dimension: string, key: string) => `${month} ${dimension} ${key}`;
  const ownBy = new Map(own.map((row) => [cellKey(row.month, row.dimension, row.item), row.incidents]));
  // PostgreSQL answers count() and sum() as bigint/numeric text.
  const othersBy = new Map(others.map((row) => [cellKey(row.month, row.dimension, row.item), { organisations: Number(row.organisations), incidents: Number(row.incidents) }]));
  const cells = months.flatMap((month) =>
    benchmarkDimensions.flatMap((dimension) =>
      benchmarkKeys[dimension].map((key) => {
        const cell = cellKey(month, dimension, key);
        return { month, dimension, key, own: ownBy.get(cell) ?? null, sector: sectorCell(othersBy.get(cell)) };
      }),
    ),
  );
  return { sector: status.sector, months, cells };
}

function sectorCell(others: { organisations: number; incidents: number } | undefined): SectorCell {
  if (!others || others.organisations < MIN_ORGANISATIONS || others.incidents < MIN_INCIDENTS) return { status: 'suppressed', note: SUPPRESSED_NOTE };
  return { status: 'shown', average: Math.round((others.incidents / others.organisations) * 10) / 10, organisations: others.organisations };
}
