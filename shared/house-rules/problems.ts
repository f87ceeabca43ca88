import { houseRulesLanguages, houseRulesParts, ORGANISATION_NAME_MAX, OVERRIDE_MAX_CHARS, PART_MAX_CHARS, PART_MAX_LINES, partLines, type HouseRulesContent, type HouseRulesLanguage, type HouseRulesPart, type OverrideMessages } from './content.js';

/** A clock a minute or so behind must not make "now" a start in the past. */
export const START_TOLERANCE_MS = 2 * 60 * 1000;

export type HouseRulesProblem =
  | { field: 'organisationName'; code: 'required' | 'too_long'; excess?: number }
  | { field: 'part'; language: HouseRulesLanguage; part: HouseRulesPart; code: 'required' | 'too_long' | 'too_many_lines'; excess?: number }
  | { field: 'startsAt'; code: 'in_the_past' }
  | { field: 'override'; language: HouseRulesLanguage; code: 'too_long'; excess: number }
  | { field: 'overrideNl'; code: 'required' }
  | { field: 'overrideTimes'; code: 'ends_before_start' | 'ended' };

/**
 * What stops a version from being published. The editor shows each beside its field while
 * typing; the core runs the same check and refuses to publish, so neither can drift.
 * Dutch must be complete; another language is either complete or left out entirely.
 */
export function houseRulesProblems(content: HouseRulesContent, startsAt: string | null, now: Date): HouseRulesProblem[] {
  const problems: HouseRulesProblem[] = [];
  const name = content.organisationName.trim();
  if (!name) problems.push({ field: 'organisationName', code: 'required' });
  else if (name.length > ORGANISATION_NAME_MAX) problems.push({ field: 'organisationName', code: 'too_long', excess: name.length - ORGANISATION_NAME_MAX });
  for (const language of houseRulesLanguages) {
    const texts = content.texts[language];
    if (!texts) continue;
    const started = houseRulesParts.some((part) => texts[part].trim() !== '');
    for (const part of houseRulesParts) {
      const text = texts[part].trim();
      if (!text) {
        if (language === 'nl' || started) problems.push({ field: 'part', language, part, code: 'required' });
        continue;
      }
      if (text.length > PART_MAX_CHARS) problems.push({ field: 'part', language, part, code: 'too_long', excess: text.length - PART_MAX_CHARS });
      const lines = partLines(text).length;
      if (lines > PART_MAX_LINES) problems.push({ field: 'part', language, part, code: 'too_many_lines', excess: lines - PART_MAX_LINES });
    }
  }
  if (startsAt !== null && Date.parse(startsAt) < now.getTime() - START_TOLERANCE_MS) problems.push({ field: 'startsAt', code: 'in_the_past' });
  return problems;
}

export function overrideProblems(messages: OverrideMessages, startsAt: string, endsAt: string, now: Date): HouseRulesProblem[] {
  const problems: HouseRulesProblem[] = [];
  if (!messages.nl.trim()) problems.push({ field: 'overrideNl', code: 'required' });
  for (const language of houseRulesLanguages) {
    const text = messages[language]?.trim() ?? '';
    if (text.length > OVERRIDE_MAX_CHARS) problems.push({ field: 'override', language, code: 'too_long', excess: text.length - OVERRIDE_MAX_CHARS });
  }
  if (Date.parse(endsAt) <= Date.parse(startsAt)) problems.push({ field: 'overrideTimes', code: 'ends_before_start' });
  else if (Date.parse(endsAt) <= now.getTime()) problems.push({ field: 'overrideTimes', code: 'ended' });
  return problems;
}

/** For logs and INVALID_INPUT messages: "texts.nl.weOffer: too_long (by 12)". */
export function describeProblem(problem: HouseRulesProblem): string {
  const where = problem.field === 'part' ? `texts.${problem.language}.${problem.part}` : problem.field === 'override' ? `messages.${problem.language}` : problem.field;
  const excess = 'excess' in problem && problem.excess !== undefined ? ` (by ${problem.excess})` : '';
  return `${where}: ${problem.code}${excess}`;
}
