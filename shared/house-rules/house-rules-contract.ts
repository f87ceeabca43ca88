import { z } from 'zod';
import { houseRulesContentSchema, overrideMessagesSchema } from './content.js';
import { overrideSchema, publishedVersionSchema } from './versions.js';

/** Everything a public display needs, and nothing about staff, alarms or incidents. */
export const displaySnapshotSchema = z.object({
  content: houseRulesContentSchema,
  /** Null: no version published yet, the default text is shown. */
  versionId: z.uuid().nullable(),
  override: z.object({ messages: overrideMessagesSchema, ends_at: z.iso.datetime() }).nullable(),
  /** The display asks again at this moment: a scheduled version or an override starts or ends. */
  nextChangeAt: z.iso.datetime().nullable(),
});
export type DisplaySnapshot = z.infer<typeof displaySnapshotSchema>;

export const houseRulesEditorSchema = z.object({
  draft: houseRulesContentSchema,
  history: z.array(z.object({ version: publishedVersionSchema, state: z.enum(['current', 'scheduled', 'superseded']) })),
  /** Overrides running now or still to come. */
  overrides: z.array(overrideSchema),
  siteName: z.string(),
});
export type HouseRulesEditorState = z.infer<typeof houseRulesEditorSchema>;

export const publishInputSchema = z.strictObject({
  content: houseRulesContentSchema,
  /** Null: at once. */
  startsAt: z.iso.datetime().nullable(),
  /** Only for this site, instead of every site of the organisation. */
  thisSiteOnly: z.boolean(),
});

export const overrideInputSchema = z.strictObject({
  messages: overrideMessagesSchema,
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  thisSiteOnly: z.boolean(),
});
