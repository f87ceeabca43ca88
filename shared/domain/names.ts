import { z } from 'zod';

/**
 * One rule for every name a person types (organisation, site, desk, device, staff): no
 * control characters (C0, DEL, C1; PostgreSQL refuses NUL and SQLite's length() stops at
 * it), no bidi overrides or isolates that make a name on an alarm screen read backwards,
 * and no lone surrogates (not valid UTF-8, so not storable as text everywhere).
 */
const forbidden = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\p{Surrogate}/u;

export const isValidNameText = (value: string): boolean => !forbidden.test(value);

/** Trimmed, 1..max characters, and only characters a name may hold. */
export const nameSchema = (max: number) =>
  z.string().trim().min(1, { error: 'required' }).max(max, { error: 'too_long' }).refine(isValidNameText, { error: 'invalid_characters' });
