import { z } from 'zod';
import { nameSchema } from './names.js';
import { staffRoles, type Role } from '../contract/roles.js';
import { idSchema } from './ids.js';

export const staffRoleSchema = z.enum(staffRoles);

/** Who is working at this desk: they report incidents and see their own. */
export const staffIdentitySchema = z.object({ id: idSchema, displayName: z.string(), role: staffRoleSchema });
export type StaffIdentity = z.infer<typeof staffIdentitySchema>;

export const staffMemberSchema = staffIdentitySchema.extend({ active: z.boolean() });
export type StaffMember = z.infer<typeof staffMemberSchema>;

/**
 * The desk's session. In set-up mode (nobody on staff yet) the transport's role holds,
 * so an administrator can configure a new PC; after that, the signed-in person's role does.
 */
export const deskSessionSchema = z.object({
  staff: staffIdentitySchema.nullable(),
  setupMode: z.boolean(),
  /** The person at the desk has a duress PIN, so cancelling their own alarm asks for a PIN (theirs, or the duress one). */
  cancelNeedsPin: z.boolean(),
});
export type DeskSession = z.infer<typeof deskSessionSchema>;

/**
 * The role a call runs with at a desk: a display stays a display, staff act as who is signed in,
 * set-up mode keeps the transport's role, and nobody signed in counts as counter staff. The core
 * checks calls with it and the screens hide what it may not use: one rule for both.
 */
export function roleAtDesk(transportRole: Role, session: Pick<DeskSession, 'staff' | 'setupMode'>): Role {
  if (transportRole === 'display') return 'display';
  if (session.staff) return session.staff.role;
  return session.setupMode ? transportRole : 'counter';
}

const displayName = nameSchema(120);
/** Digits only: typed on a counter keyboard or a PIN pad. */
export const pinSchema = z.string().regex(/^\d{4,12}$/, { error: 'invalid_pin' });

/**
 * A duress PIN cancels an alarm on the sender's screen only: responders see it go on as an
 * emergency. It must differ from the person's PIN.
 */
export const staffCreateSchema = z
  .strictObject({ displayName, role: staffRoleSchema, pin: pinSchema, duressPin: pinSchema.optional() })
  .refine((input) => input.duressPin === undefined || input.duressPin !== input.pin, { error: 'same_as_pin', path: ['duressPin'] });
export type StaffCreate = z.input<typeof staffCreateSchema>;
export const staffUpdateSchema = z
  .strictObject({ id: idSchema, displayName: displayName.optional(), role: staffRoleSchema.optional(), active: z.boolean().optional(), pin: pinSchema.optional(), duressPin: pinSchema.nullable().optional() })
  .refine((input) => input.duressPin === null || input.duressPin === undefined || input.pin === undefined || input.duressPin !== input.pin, { error: 'same_as_pin', path: ['duressPin'] });
export const signInSchema = z.strictObject({ staffId: idSchema, pin: z.string().max(12) });
