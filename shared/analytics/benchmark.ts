import { TZDate } from '@date-fns/tz';
import { format, subMonths } from 'date-fns';
import { z } from 'zod';
import { aggressionForms, aggressionFormSchema, incidentChannels, incidentChannelSchema } from '../domain/incident.js';
import { ZONE } from '../incident/deadlines.js';

/**
 * The cross-organisation benchmark (docs/analytics.md). An organisation that opts in sends
 * monthly counts by form and by channel, nothing else; the server shows it the average of the
 * other participants of its sector. Client and server both check shares with these schemas.
 */

/** Sectors of Dutch public counters; the server administrator sets an organisation's. */
export const benchmarkSectors = ['gemeente', 'uwv', 'belastingdienst', 'zorg', 'onderwijs', 'ov', 'overig'] as const;
export const benchmarkSectorSchema = z.enum(benchmarkSectors);
export type BenchmarkSector = z.infer<typeof benchmarkSectorSchema>;

/** A sector average is shown only over at least this many other organisations … */
export const MIN_ORGANISATIONS = 5;
/** … whose counts in the cell add up to at least this many incidents. */
export const MIN_INCIDENTS = 5;
/** What a suppressed cell says instead of a number. */
export const SUPPRESSED_NOTE = 'te weinig gegevens';

/** The ended months a share covers (and the comparison shows). */
export const SHARE_MONTHS = 12;
/** A share may carry at most this many months (a PC that was offline catches up). */
export const MAX_SHARE_MONTHS = 24;
/** One incident a minute, all month: no real count comes near it. */
const MAX_COUNT = 50_000;

/** A Dutch calendar month, "2026-03". */
export const benchmarkMonthSchema = z.string().regex(/^20\d\d-(0[1-9]|1[0-2])$/, { error: 'a month is written YYYY-MM, 2000 or later' });

export const benchmarkDimensions = ['form', 'channel'] as const;
export type BenchmarkDimension = (typeof benchmarkDimensions)[number];
/** The keys of each dimension, in the order the screen shows them. */
export const benchmarkKeys = { form: aggressionForms, channel: incidentChannels } as const satisfies Record<BenchmarkDimension, readonly string[]>;

const countSchema = z.number().int().min(0, { error: 'a count is 0 or more' }).max(MAX_COUNT);

/** One count: a month, a form or a channel, and a number. Strict: any other field is refused. */
export const benchmarkCountSchema = z.discriminatedUnion('dimension', [
  z.strictObject({ month: benchmarkMonthSchema, dimension: z.literal('form'), key: aggressionFormSchema, count: countSchema }),
  z.strictObject({ month: benchmarkMonthSchema, dimension: z.literal('channel'), key: incidentChannelSchema, count: countSchema }),
]);
export type BenchmarkCount = z.infer<typeof benchmarkCountSchema>;

const MAX_COUNTS = MAX_SHARE_MONTHS * (aggressionForms.length + incidentChannels.length);

/** What a PC sends: counts, and nothing else. The server replaces the months it names. */
export const benchmarkShareSchema = z
  .strictObject({ counts: z.array(benchmarkCountSchema).min(1).max(MAX_COUNTS) })
  .superRefine(({ counts }, context) => {
    const seen = new Set<string>();
    counts.forEach((count, index) => {
      const cell = `${count.month} ${count.dimension} ${count.key}`;
      if (seen.has(cell)) context.addIssue({ code: 'custom', path: ['counts', index], message: `${cell} is counted twice` });
      seen.add(cell);
    });
    if (new Set(counts.map((count) => count.month)).size > MAX_SHARE_MONTHS) context.addIssue({ code: 'custom', path: ['counts'], message: `at most ${MAX_SHARE_MONTHS} months at once` });
  });
export type BenchmarkShare = z.infer<typeof benchmarkShareSchema>;

/** The Dutch month `now` falls in. */
export function dutchMonth(now: Date): string {
  return format(new TZDate(now, ZONE), 'yyyy-MM');
}

/** The `count` ended Dutch months before `now`, oldest first. */
export function endedMonths(now: Date, count = SHARE_MONTHS): string[] {
  const current = new TZDate(now, ZONE);
  return Array.from({ length: count }, (_, index) => format(subMonths(current, count - index), 'yyyy-MM'));
}

/**
 * The time-dependent half of the check, shared by the PC (before it sends) and the server
 * (which refuses): only ended months, so nobody's running month is set beside others' whole ones.
 */
export function shareProblem(share: BenchmarkShare, now: Date): string | null {
  const current = dutchMonth(now);
  const unended = [...new Set(share.counts.map((count) => count.month).filter((month) => month >= current))];
  return unended.length > 0 ? `counts.month: ${unended.join(', ')} has not ended yet; only ended months (before ${current}) are shared` : null;
}

export const benchmarkParticipationSchema = z.strictObject({ participating: z.boolean() });

/** The organisation's state, which any of its PCs may read. */
export const benchmarkStatusSchema = z.object({
  sector: benchmarkSectorSchema.nullable(),
  participating: z.boolean(),
  since: z.iso.datetime().nullable(),
  last_shared_at: z.iso.datetime().nullable(),
});
export type BenchmarkStatus = z.infer<typeof benchmarkStatusSchema>;

/** A shown average carries how many organisations it rests on; a suppressed one carries no number at all. */
export const sectorCellSchema = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('shown'), average: z.number().min(0), organisations: z.number().int().min(MIN_ORGANISATIONS) }),
  z.strictObject({ status: z.literal('suppressed'), note: z.literal(SUPPRESSED_NOTE) }),
]);
export type SectorCell = z.infer<typeof sectorCellSchema>;

export const benchmarkComparisonSchema = z.object({
  sector: benchmarkSectorSchema,
  months: z.array(benchmarkMonthSchema),
  cells: z.array(
    z.object({
      month: benchmarkMonthSchema,
      dimension: z.enum(benchmarkDimensions),
      key: z.string(),
      /** Null: this organisation sent nothing for the month. */
      own: countSchema.nullable(),
      sector: sectorCellSchema,
    }),
  ),
});
export type BenchmarkComparison = z.infer<typeof benchmarkComparisonSchema>;

/** What the analytics screen gets: the state, and the comparison when participating and the server answered. */
export const benchmarkViewSchema = z.object({ status: benchmarkStatusSchema, comparison: benchmarkComparisonSchema.nullable() });
export type BenchmarkView = z.infer<typeof benchmarkViewSchema>;
