import { z } from 'zod';
import { idSchema } from '../domain/ids.js';
import { freeText } from '../incident/incident-contract.js';
import { calendarDateSchema } from '../warnings/warning.js';
import { questionKeys } from './questions.js';

export const questionKeySchema = z.enum(questionKeys);
export const checklistLimits = { note: 1_000, owner: 120 } as const;

/** One question answered: yes or no, why, and who takes it up. */
export const checklistAnswerSchema = z.strictObject({
  answer: z.enum(['yes', 'no']),
  note: freeText(checklistLimits.note),
  owner: freeText(checklistLimits.owner),
});
export type ChecklistAnswer = z.infer<typeof checklistAnswerSchema>;

/** A question left out of an assessment was not answered: it counts as open. */
export const checklistAnswersSchema = z.partialRecord(questionKeySchema, checklistAnswerSchema);
export type ChecklistAnswers = z.infer<typeof checklistAnswersSchema>;

/**
 * A dated assessment as it replicates (shared/sync/entities.ts). Append-only: a new
 * assessment is a new record, so the history is what the trend is drawn from.
 */
export const assessmentFields = {
  assessed_on: calendarDateSchema,
  assessed_at: z.iso.datetime(),
  assessed_by: freeText(120),
  assessed_by_id: idSchema,
  answers: checklistAnswersSchema,
};

export const checklistTaskStatusSchema = z.enum(['open', 'done']);

/** An open checklist item on the worklist; its id derives from (assessment, question), so one click makes one task. */
export const checklistTaskFields = {
  assessment_id: idSchema,
  question_key: questionKeySchema,
  owner: freeText(checklistLimits.owner),
  note: freeText(checklistLimits.note),
  status: checklistTaskStatusSchema,
  created_at: z.iso.datetime(),
  created_by: freeText(120),
  done_at: z.iso.datetime(),
  done_by: freeText(120),
  done_note: freeText(checklistLimits.note),
};

export const saveAssessmentInputSchema = z.strictObject({
  assessed_on: calendarDateSchema,
  answers: checklistAnswersSchema.refine((answers) => Object.keys(answers).length > 0, { error: 'answer_at_least_one' }),
});
export type SaveAssessmentInput = z.infer<typeof saveAssessmentInputSchema>;

export const assessmentSchema = z.object({
  id: idSchema,
  assessed_on: calendarDateSchema,
  assessed_at: z.iso.datetime(),
  assessed_by: z.string(),
  answers: checklistAnswersSchema,
});
export type Assessment = z.infer<typeof assessmentSchema>;

export const checklistTaskSchema = z.object({
  id: idSchema,
  assessment_id: idSchema,
  question_key: questionKeySchema,
  owner: z.string(),
  note: z.string(),
  status: checklistTaskStatusSchema,
  created_at: z.iso.datetime(),
  created_by: z.string(),
  done_at: z.iso.datetime().optional(),
  done_by: z.string().optional(),
  done_note: z.string().optional(),
});
export type ChecklistTask = z.infer<typeof checklistTaskSchema>;

/** Where one question stands: the latest answer, since when it has been yes, and its open task. */
export const checklistItemSchema = z.object({
  key: questionKeySchema,
  step: z.number().int(),
  latest: checklistAnswerSchema.nullable(),
  /** The first assessment of the unbroken run of yes answers up to the latest; null while open. */
  done_since: calendarDateSchema.nullable(),
  open: z.boolean(),
  task: checklistTaskSchema.nullable(),
});
export type ChecklistItem = z.infer<typeof checklistItemSchema>;

/** Per assessment, how many questions of each step were yes: the trend's points. */
export const trendPointSchema = z.object({
  assessment_id: idSchema,
  assessed_on: calendarDateSchema,
  yes_by_step: z.array(z.object({ step: z.number().int(), yes: z.number().int(), of: z.number().int() })),
  yes: z.number().int(),
  of: z.number().int(),
});
export type TrendPoint = z.infer<typeof trendPointSchema>;

export const checklistOverviewSchema = z.object({
  /** Newest first. */
  assessments: z.array(assessmentSchema),
  items: z.array(checklistItemSchema),
  /** Oldest first, for the chart. */
  trend: z.array(trendPointSchema),
  /** Ids of assessments or tasks this version cannot read; the rest still shows. */
  damaged: z.array(idSchema),
});
export type ChecklistOverview = z.infer<typeof checklistOverviewSchema>;

export const makeChecklistTaskInputSchema = z.strictObject({ assessmentId: idSchema, questionKey: questionKeySchema });
export const completeChecklistTaskInputSchema = z.strictObject({ taskId: idSchema, note: freeText(checklistLimits.note).optional() });
