import { z } from 'zod';

/**
 * An organisation's follow-up deadlines (VPT measures 5–8 plus feedback), and how far
 * back an incident may be dated. Replicated, one row per organisation.
 */
export const followUpPolicySchema = z.strictObject({
  reaction_hours: z.number().int().min(1).max(168),
  police_working_days: z.number().int().min(1).max(20),
  damage_days: z.number().int().min(1).max(365),
  aftercare_working_days: z.number().int().min(0).max(20),
  feedback_working_days: z.number().int().min(1).max(60),
  max_age_days: z.number().int().min(1).max(3650),
});
export type FollowUpPolicy = z.infer<typeof followUpPolicySchema>;

/** The guidance's numbers where it gives them (48 h, 2 working days); sensible ones elsewhere. */
export const DEFAULT_FOLLOW_UP_POLICY: FollowUpPolicy = {
  reaction_hours: 48,
  police_working_days: 2,
  damage_days: 28,
  aftercare_working_days: 1,
  feedback_working_days: 10,
  max_age_days: 365,
};
