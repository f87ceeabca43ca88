import { z } from 'zod';

/**
 * Who is calling. `display` is the public screen (house rules only); staff work at a
 * counter, coordinate the follow-up, or administer the PCs and staff (docs/incidents.md).
 */
export const roles = ['display', 'counter', 'coordinator', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const staffRoles = ['counter', 'coordinator', 'admin'] as const satisfies readonly Role[];
export const anyStaff: readonly Role[] = staffRoles;
export const adminOnly: readonly Role[] = ['admin'];
/** Follow-up, worklists and closing incidents belong to the coordinator (and the administrator). */
export const coordinatorUp: readonly Role[] = ['coordinator', 'admin'];

export const callerSchema = z.object({
  role: roleSchema,
  /** A transport-level identity (window id, socket session), for logs. */
  session: z.string().min(1).max(200),
});
export type Caller = z.infer<typeof callerSchema>;
/** The public display's one call is also open to staff, for the editor's preview and checks. */
export const displayAndStaff: readonly Role[] = ['display', ...staffRoles];
