import { z } from 'zod';
import { deskNameSchema, floorSchema, serverAddressSchema } from './directory.js';

export const syncPhases = ['unconfigured', 'unenrolled', 'idle', 'syncing', 'offline', 'error', 'incompatible', 'revoked'] as const;
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

/**
 * Enrolment in one step: the server's address, its one-time code and the desk's own name. The
 * organisation and site come from the server (the code was made for them). A field left out keeps
 * what the desk already has; the core refuses the enrolment if that leaves no address or desk name.
 */
export const enrolInputSchema = z.strictObject({
  code: z.string().trim().min(6, { error: 'required' }).max(64, { error: 'too_long' }),
  serverUrl: z.string().trim().pipe(serverAddressSchema).optional(),
  deskName: deskNameSchema.optional(),
  floor: floorSchema.optional(),
});
export type EnrolInput = z.infer<typeof enrolInputSchema>;
/** The enrolment form asks for all of them. */
export const enrolFormSchema = enrolInputSchema.required({ serverUrl: true, deskName: true }).extend({ floor: floorSchema });

