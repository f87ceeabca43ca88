import type { z } from 'zod';
import type { Role } from './roles.js';

export interface CallSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  /** Roles that may make this call; everyone else gets FORBIDDEN. */
  readonly roles: readonly Role[];
  readonly summary: string;
}

export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
  /** Roles that receive this event; a display never hears staff events. */
  readonly roles: readonly Role[];
  readonly summary: string;
}

export function defineCall<I extends z.ZodType, O extends z.ZodType>(spec: CallSpec<I, O>): CallSpec<I, O> {
  return spec;
}

export function defineEvent<P extends z.ZodType>(spec: EventSpec<P>): EventSpec<P> {
  return spec;
}
