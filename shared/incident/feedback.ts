import { z } from 'zod';
import { aggressionFormSchema } from '../domain/incident.js';
import { idSchema } from '../domain/ids.js';

/** A coordinator's feedback the reporter has not yet seen: shown once after they sign in, at any desk. */
export const feedbackNoticeSchema = z.object({
  task_id: idSchema,
  incident_id: idSchema,
  occurred_at: z.iso.datetime(),
  forms: z.array(aggressionFormSchema),
  note: z.string(),
  done_by: z.string().optional(),
  done_at: z.iso.datetime().optional(),
});
export type FeedbackNotice = z.infer<typeof feedbackNoticeSchema>;

export const feedbackReadInputSchema = z.strictObject({ taskId: idSchema });

/** The reporter's two answers on aftercare, on their own incident. */
export const aftercareAnswerInputSchema = z.strictObject({ id: idSchema, offered: z.boolean(), wanted: z.boolean() });
