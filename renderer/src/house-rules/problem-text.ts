import type { TFunction } from 'i18next';
import { OVERRIDE_MAX_CHARS, PART_MAX_CHARS, PART_MAX_LINES } from '../../../shared/house-rules/content.js';
import type { HouseRulesProblem } from '../../../shared/house-rules/problems.js';

/** Where a problem is shown: one key per field on the editor. */
export function problemField(problem: HouseRulesProblem): string {
  if (problem.field === 'part') return `${problem.language}.${problem.part}`;
  if (problem.field === 'override') return `override.${problem.language}`;
  if (problem.field === 'overrideNl') return 'override.nl';
  return problem.field;
}

/** A problem in the coordinator's words, with how much too long where that applies. */
export function problemText(t: TFunction, problem: HouseRulesProblem): string {
  switch (problem.field) {
    case 'part':
      if (problem.code === 'required') return t(problem.language === 'nl' ? 'houseRules.problems.part_required_nl' : 'houseRules.problems.part_required_other');
      if (problem.code === 'too_long') return t('houseRules.problems.part_too_long', { excess: problem.excess, max: PART_MAX_CHARS });
      return t('houseRules.problems.part_too_many_lines', { excess: problem.excess, max: PART_MAX_LINES });
    case 'organisationName':
      return t(`houseRules.problems.organisationName_${problem.code}`, { excess: problem.excess });
    case 'startsAt':
      return t('houseRules.problems.startsAt_in_the_past');
    case 'override':
      return t('houseRules.problems.override_too_long', { excess: problem.excess, max: OVERRIDE_MAX_CHARS });
    case 'overrideNl':
      return t('houseRules.problems.overrideNl_required');
    case 'overrideTimes':
      return t(`houseRules.problems.overrideTimes_${problem.code}`);
  }
}

/** A date-time field (DateField) holds local time without a zone, `yyyy-MM-ddTHH:mm`; the contract wants an instant. */
export const localInputToIso = (value: string): string | null => (value ? new Date(value).toISOString() : null);
export function isoToLocalInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}
