import { expect } from 'vitest';
import type { Core } from '../../main/core/core.js';
import type { StaffMember } from '../../shared/domain/staff.js';

export const deskCaller = { role: 'admin', session: 'desk' } as const;

/** A desk set up in set-up mode, then staffed: an administrator, a coordinator and two counter staff. */
export async function staffedDesk(core: Core, settings: Record<string, unknown> = {}) {
  const saved = await core.dispatch(deskCaller, 'settings.update', { organisationName: 'Gemeente Zwolle', siteName: 'Stadskantoor', deskName: 'Balie 3', floor: '1', serverUrl: '', ...settings });
  expect(saved.ok).toBe(true);
  const people: Record<'admin' | 'coordinator' | 'anna' | 'bram', StaffMember> = {} as never;
  for (const [key, displayName, role] of [['admin', 'Beheer', 'admin'], ['coordinator', 'Carla Coördinator', 'coordinator'], ['anna', 'Anna de Vries', 'counter'], ['bram', 'Bram Jansen', 'counter']] as const) {
    const created = await core.dispatch(deskCaller, 'staff.create', { displayName, role, pin: '1234' });
    if (!created.ok) throw new Error(`could not create ${displayName}: ${created.error.message}`);
    people[key] = created.value as StaffMember;
    // The first member ends set-up mode: from then on the administrator must sign in to add more.
    if (key === 'admin') await signIn(core, people.admin);
  }
  await core.dispatch(deskCaller, 'session.signOut', {});
  return people;
}

export async function signIn(core: Core, member: StaffMember, pin = '1234') {
  const result = await core.dispatch(deskCaller, 'session.signIn', { staffId: member.id, pin });
  if (!result.ok) throw new Error(`sign-in failed: ${result.error.message}`);
}

/** Calls as whoever is signed in at the desk (the transport's role only counts in set-up mode). */
export async function call<T = unknown>(core: Core, name: string, input: unknown): Promise<T> {
  const result = await core.dispatch(deskCaller, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}
