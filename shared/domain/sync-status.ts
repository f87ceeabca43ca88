import { z } from 'zod';

export const syncPhases = ['unconfigured', 'unenrolled', 'idle', 'syncing', 'offline', 'error', 'revoked'] as const;
export const syncPhaseSchema = z.enum(syncPhases);
export type SyncPhase = z.infer<typeof syncPhaseSchema>;

/** What the counter worker and the administrator see of replication. */
export const syncStatusSchema = z.object({
  phase: syncPhaseSchema,
  lastSyncAt: z.iso.datetime().nullable(),
  pending: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  enrolledAt: z.iso.datetime().nullable(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const enrolInputSchema = z.strictObject({
  code: z.string().trim().min(6, { error: 'required' }).max(64, { error: 'too_long' }),
});
