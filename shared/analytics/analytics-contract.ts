import { z } from 'zod';
import { aggressionFormSchema, emotionalImpactSchema, incidentCauseSchema, incidentChannelSchema, incidentStatusSchema, perpetratorKindSchema } from '../domain/incident.js';
import { idSchema } from '../domain/ids.js';
import { freeText } from '../incident/incident-contract.js';

/** The longest period one summary covers: ten years keeps a query bounded. */
export const MAX_PERIOD_DAYS = 3_660;

/** Dutch calendar days, both inclusive; lists left out (or empty) mean "all". */
export const analyticsFilterSchema = z
  .strictObject({
    from: z.iso.date(),
    to: z.iso.date(),
    site_ids: z.array(idSchema).max(200).optional(),
    desks: z.array(freeText(80)).max(200).optional(),
    forms: z.array(aggressionFormSchema).max(7).optional(),
    channels: z.array(incidentChannelSchema).max(5).optional(),
  })
  .refine((filter) => filter.from <= filter.to, { path: ['to'], error: 'before_from' })
  .refine((filter) => Date.parse(filter.to) - Date.parse(filter.from) <= MAX_PERIOD_DAYS * 86_400_000, { path: ['to'], error: 'period_too_long' });
export type AnalyticsFilter = z.infer<typeof analyticsFilterSchema>;

const count = z.number().int().min(0);
/** Monday 1 … Sunday 7, as Dutch calendars and the ISO standard count. */
export const isoWeekdaySchema = z.number().int().min(1).max(7);

/** The follow-up measures the guidance asks an organisation to watch. */
export const followUpMeasures = ['reaction_in_time', 'police_report', 'damage_recovered', 'aftercare'] as const;
export const followUpMeasureSchema = z.enum(followUpMeasures);
export type FollowUpMeasure = z.infer<typeof followUpMeasureSchema>;

export const causeKeySchema = z.union([incidentCauseSchema, z.literal('not_recorded')]);

export const analyticsSummarySchema = z.object({
  total: count,
  by_form: z.array(z.object({ key: aggressionFormSchema, count })),
  by_cause: z.array(z.object({ key: causeKeySchema, count })),
  by_channel: z.array(z.object({ key: incidentChannelSchema, count })),
  consequences: z.object({ injury: count, sick_leave_incidents: count, sick_leave_days: count, damage_incidents: count, damage_cents: count }),
  /** Non-empty cells only; hour null is an incident whose time of day is not known. */
  heatmap: z.array(z.object({ weekday: isoWeekdaySchema, hour: z.number().int().min(0).max(23).nullable(), count })),
  /** Every month of the period, with the same month a year earlier. */
  trend: z.array(z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), count, previous_year: count })),
  by_location: z.array(z.object({ site_id: idSchema, site_name: z.string(), floor: z.string(), desk: z.string(), count })),
  /** applicable: incidents the measure applies to; met: done (on time, for the reaction); median from the incident to done. */
  follow_up: z.array(z.object({ measure: followUpMeasureSchema, applicable: count, met: count, median_hours: z.number().min(0).nullable() })),
  /** What the filters can choose from: every site and desk in the organisation's incidents. */
  options: z.object({ sites: z.array(z.object({ id: idSchema, name: z.string() })), desks: z.array(z.string()) }),
});
export type AnalyticsSummary = z.infer<typeof analyticsSummarySchema>;

export const exportFormatSchema = z.enum(['csv', 'xlsx', 'print']);
export const exportKindSchema = z.enum(['incidents', 'aggregates', 'report']);

export const exportIncidentsInputSchema = z.strictObject({ filter: analyticsFilterSchema, include_names: z.boolean(), format: z.enum(['csv', 'xlsx']) });
/** Aggregates and the printed report carry no names; the export is logged all the same. */
export const logExportInputSchema = z.strictObject({ filter: analyticsFilterSchema, kind: z.enum(['aggregates', 'report']), format: exportFormatSchema });

/** One incident as exported: Dutch date and time, no free text, names only when asked for. */
export const exportRowSchema = z.object({
  id: idSchema,
  date: z.iso.date(),
  /** HH:mm Dutch time; empty when the time of day is not known. */
  time: z.string(),
  status: incidentStatusSchema,
  channel: incidentChannelSchema,
  forms: z.array(aggressionFormSchema),
  causes: z.array(incidentCauseSchema),
  site: z.string(),
  floor: z.string(),
  desk: z.string(),
  injury: z.boolean(),
  sick_leave_days: count,
  damage_cents: count,
  emotional_impact: emotionalImpactSchema.nullable(),
  perpetrator_kind: perpetratorKindSchema.nullable(),
  reporter_name: z.string().optional(),
  witnesses: z.string().optional(),
  perpetrator_description: z.string().optional(),
});
export type ExportRow = z.infer<typeof exportRowSchema>;

export const exportLogEntrySchema = z.object({
  at: z.iso.datetime(),
  staff_name: z.string(),
  kind: exportKindSchema,
  format: exportFormatSchema,
  filter: z.string(),
  with_names: z.boolean(),
  rows: count,
});
export type ExportLogEntry = z.infer<typeof exportLogEntrySchema>;
