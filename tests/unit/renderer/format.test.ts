import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDay, formatShort } from '../../../renderer/src/format.js';

// The unit project runs with TZ unset; an instant built from local parts reads back the same.
const at = new Date(2026, 10, 30, 5, 53).toISOString();

describe('formatDate', () => {
  it('writes a moment once, in the UI language, with no "om"/"at"', () => {
    expect(formatDateTime(at, 'nl')).toBe('30 november 2026, 05:53');
    expect(formatDateTime(at, 'en')).toBe('30 November 2026, 05:53');
    expect(formatDate(at, 'nl')).toBe(formatDateTime(at, 'nl'));
    expect(formatShort(at, 'nl')).toBe('30 nov 2026, 05:53');
    expect(formatShort(at, 'en')).toBe('30 Nov 2026, 05:53');
    for (const language of ['nl', 'en']) expect(formatDateTime(at, language)).not.toMatch(/\b(om|at)\b/);
  });

  it('reads a calendar day as that day, whatever the time zone', () => {
    expect(formatDay('2027-05-31', 'nl')).toBe('31 mei 2027');
    expect(formatDay('2027-05-31', 'en')).toBe('31 May 2027');
    expect(formatDay('2027-01-01', 'nl')).toBe('1 januari 2027');
  });
});
