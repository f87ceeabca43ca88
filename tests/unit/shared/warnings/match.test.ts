import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, normaliseName, probeVariants, storedVariants } from '../../../../shared/warnings/match.js';
import { addMonths, DEFAULT_WARNING_POLICY, termProblem, warningCreateSchema } from '../../../../shared/warnings/warning.js';

/** A hit, the way a partner decides it: some probe of the typed name meets some stored variant. */
const matches = (typed: string, stored: string) => {
  const variants = new Set(storedVariants(normaliseName(stored)));
  return probeVariants(normaliseName(typed)).some((probe) => variants.has(probe));
};

describe('name matching', () => {
  it('ignores case, accents, spaces, punctuation and Dutch particles', () => {
    expect(normaliseName('Jan van der Berg')).toBe('janberg');
    expect(normaliseName("  JAN  v.d. Berg ")).toBe('janberg');
    expect(normaliseName("Jan van 't Hoff")).toBe('janhoff');
    expect(normaliseName('Çelik-Öztürk')).toBe('celikozturk');
    expect(normaliseName('Jan de Jong')).toBe(normaliseName('jan jong'));
    // A name made only of particles is still a name, not "match everyone".
    expect(normaliseName('De')).toBe('de');
    expect(matches('jan vander berg', 'Jan van der Berg')).toBe(true);
  });

  it('tolerates one typo of each kind, and not two', () => {
    const name = 'Petra van Dijk';
    expect(matches('Petra van Dijk', name)).toBe(true);
    expect(matches('Petra Dyjk', name)).toBe(true); // insertion
    expect(matches('Petra Dik', name)).toBe(true); // deletion
    expect(matches('Petra Dijl', name)).toBe(true); // substitution
    expect(matches('Petra Djik', name)).toBe(true); // neighbours swapped
    expect(matches('Petra Dyjl', name)).toBe(false);
    expect(matches('Peter Dijk', name)).toBe(false);
    // Two deletions at different places meet in plain deletion-neighbourhood schemes; not here.
    expect(matches('bcd', 'abc')).toBe(false);
  });

  it('hits exactly when the normalised names are at most one edit apart (property)', () => {
    const letters = fc.constantFrom(...'abcde');
    const word = fc.array(letters, { minLength: 1, maxLength: 7 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(matches(a, b)).toBe(editDistance(a, b) <= 1);
      }),
      { numRuns: 3_000 },
    );
  });
});

describe('warning terms', () => {
  const valid = { organisation_id: '0190b0f2-7c2d-7a3e-9b1a-5e8f0c3d2a10', subject: { name: 'Piet Pieters' }, measure: { kind: 'appointment_only' }, reason_category: 'threat', decided_by: 'Carla', contact: 'Teamleider 038-1234567', valid_from: '2026-12-01', valid_until: '2027-06-01' };

  it('caps the term by the policy: beyond the standard only with a reason, never beyond the maximum', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(termProblem('2026-12-01', '2027-12-01', undefined, DEFAULT_WARNING_POLICY)).toBeNull();
    expect(termProblem('2026-12-01', '2027-12-02', undefined, DEFAULT_WARNING_POLICY)).toMatchObject({ field: 'term_reason' });
    expect(termProblem('2026-12-01', '2027-12-02', 'herhaald geweld', DEFAULT_WARNING_POLICY)).toBeNull();
    expect(termProblem('2026-12-01', '2028-12-02', 'herhaald geweld', DEFAULT_WARNING_POLICY)).toMatchObject({ field: 'valid_until' });
  });

  it('names the field of bad input', () => {
    const issue = (input: object) => {
      const paths = warningCreateSchema.safeParse({ ...valid, ...input }).error?.issues.map((i) => i.path.join('.'));
      return paths ? [...new Set(paths)].join(',') : undefined;
    };
    expect(warningCreateSchema.safeParse(valid).success).toBe(true);
    expect(issue({ valid_until: '2026-11-30' })).toBe('valid_until');
    expect(issue({ subject: { name: '  ' } })).toBe('subject.name');
    expect(issue({ subject: { name: '-' } })).toBe('subject.name');
    expect(issue({ subject: { name: 'Piet', birth_date: '2999-01-01' } })).toBe('subject.birth_date');
    expect(issue({ measure: { kind: 'other' } })).toBe('measure.text');
    expect(issue({ measure: { kind: 'other', text: 'alleen dinsdag' } })).toBeUndefined();
    expect(issue({ notification: { letter_sent_on: '2026-12-01', exception_reason: 'onbekend adres' } })).toBe('notification.exception_reason');
  });
});
