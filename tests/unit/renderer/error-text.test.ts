import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { calls, type CallName } from '../../../shared/contract/calls.js';
import { errorCodes, type ContractError } from '../../../shared/contract/result.js';
import { followUpKinds } from '../../../shared/domain/incident.js';
import { locales } from '../../../shared/domain/directory.js';
import { errorText, fieldLabel } from '../../../renderer/src/components/error-text.js';
import { createI18n } from '../../../renderer/src/i18n.js';

const translators = Object.fromEntries(locales.map((locale) => [locale, createI18n(locale).t])) as Record<(typeof locales)[number], ReturnType<typeof createI18n>['t']>;

/** The calls a person fills in a form for: every field they can get wrong must have a label. */
const formCalls = ['incident.quickLog', 'incident.update', 'incident.close', 'incident.completeTask', 'settings.update', 'staff.create', 'staff.update', 'sync.enrol', 'session.signIn'] as const satisfies readonly CallName[];

/** An input schema's own field names, with an incident patch's fields as the core names them. */
function fieldsOf(schema: z.ZodType): string[] {
  const object: unknown = schema instanceof z.ZodPipe ? schema.in : schema;
  if (!(object instanceof z.ZodObject)) return [];
  return Object.entries(object.shape as Record<string, z.ZodType>).flatMap(([name, field]) => {
    if (name === 'patch') return fieldsOf(field);
    // Ids and the task outcome come from buttons, never from something typed.
    return /(^id|Id|_id)$/.test(name) || name === 'outcome' ? [] : [name];
  });
}

describe('errorText: every error of the contract in words, in both languages', () => {
  it.each(errorCodes)('%s has its own sentence in Dutch and in English, without the code or the core’s English', (code) => {
    const error: ContractError = { code, message: 'the core said something in English' };
    const texts = locales.map((locale) => errorText(translators[locale], error));
    for (const text of texts) {
      expect(text.length).toBeGreaterThan(10);
      expect(text).not.toContain(code);
      expect(text).not.toMatch(/^(errors|errorDetail)\./);
      expect(text).not.toContain('the core said');
    }
    expect(new Set(texts).size).toBe(locales.length);
  });

  const fields = [...new Set(formCalls.flatMap((call) => fieldsOf(calls[call].input)))];
  it('the field list comes from the contract', () => expect(fields).toEqual(expect.arrayContaining(['occurred_at', 'forms', 'damage_amount_cents', 'reason', 'note', 'organisationName', 'pin', 'duressPin', 'code'])));

  it.each(fields)('a refused %s names the field by its label in both languages', (field) => {
    const error: ContractError = { code: 'INVALID_INPUT', message: `patch.${field}: too_long (limit 10)` };
    for (const locale of locales) {
      const label = fieldLabel(translators[locale], field);
      expect(label).not.toBeNull();
      expect(label).not.toBe(field);
      expect(errorText(translators[locale], error)).toBe(`${label ?? ''}: ${translators[locale]('validation.too_long')} ${translators[locale]('errorDetail.fixFields')}`);
    }
    expect(fieldLabel(translators.nl, field)).not.toBe(fieldLabel(translators.en, field));
  });

  it('says what was wrong with a date and what to do', () => {
    const error: ContractError = { code: 'INVALID_INPUT', message: 'occurred_at: in_the_future' };
    expect(errorText(translators.nl, error)).toBe('Wanneer: Deze datum ligt in de toekomst. Verbeter dit en probeer het opnieuw.');
    expect(errorText(translators.en, error)).toBe('When: This date is in the future. Correct this and try again.');
  });

  it('names every open mandatory task by its label', () => {
    const error: ContractError = { code: 'OPEN_MANDATORY_TASKS', message: `2 mandatory follow-up task(s) still open (${followUpKinds.join(', ')}): give a reason` };
    for (const locale of locales) {
      const text = errorText(translators[locale], error);
      for (const kind of followUpKinds) {
        expect(text).toContain(translators[locale](`incident.tasks.kinds.${kind}`));
        expect(text).not.toContain(kind);
      }
    }
  });

  it('a wrong PIN at sign-in is not a missing right', () => {
    const wrongPin = errorText(translators.nl, { code: 'WRONG_PIN', message: 'x' }, 'session.signIn');
    expect(wrongPin).toBe('Deze naam en pincode horen niet bij elkaar. Controleer uw pincode en probeer het opnieuw.');
    expect(wrongPin).not.toBe(errorText(translators.nl, { code: 'FORBIDDEN', message: 'x' }));
    expect(errorText(translators.en, { code: 'FORBIDDEN', message: 'too many wrong PINs' }, 'session.signIn')).toBe('Too many wrong PINs. Wait a minute, then try again.');
  });

  it('a network failure is a sentence, not "fetch failed"', () => {
    const text = errorText(translators.nl, { code: 'SERVER_UNREACHABLE', message: 'cannot reach https://x: fetch failed' });
    expect(text).not.toContain('fetch');
    expect(text).toContain('niet bereikbaar');
  });
});
