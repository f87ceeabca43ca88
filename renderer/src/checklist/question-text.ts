import { checklistQuestions, checklistSteps, type QuestionKey } from '../../../shared/checklist/questions.js';

/** The guide's words are data (shared/checklist/questions.ts), in Dutch and English: pick the reader's. */
const pick = (text: { nl: string; en: string }, language: string) => (language === 'en' ? text.en : text.nl);

export function questionText(key: QuestionKey, language: string): string {
  const question = checklistQuestions.find((candidate) => candidate.key === key);
  return question ? pick(question, language) : key;
}

export function stepName(step: number, language: string): string {
  const found = checklistSteps.find((candidate) => candidate.step === step);
  return found ? pick(found, language) : String(step);
}
