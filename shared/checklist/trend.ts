import type { Assessment, ChecklistItem, ChecklistTask, TrendPoint } from './checklist-contract.js';
import { checklistQuestions, checklistSteps } from './questions.js';

/** Oldest first; two on one day keep the order they were made in. */
const chronological = (assessments: readonly Assessment[]) => [...assessments].sort((a, b) => a.assessed_on.localeCompare(b.assessed_on) || a.assessed_at.localeCompare(b.assessed_at));

/** How many questions of each step each assessment answered yes. */
export function checklistTrend(assessments: readonly Assessment[]): TrendPoint[] {
  return chronological(assessments).map((assessment) => {
    const yesByStep = checklistSteps.map((step) => ({
      step: step.step,
      yes: step.questions.filter((question) => assessment.answers[question.key]?.answer === 'yes').length,
      of: step.questions.length,
    }));
    return { assessment_id: assessment.id, assessed_on: assessment.assessed_on, yes_by_step: yesByStep, yes: yesByStep.reduce((sum, step) => sum + step.yes, 0), of: checklistQuestions.length };
  });
}

/**
 * Where each question stands after the latest assessment. A question the latest assessment
 * left out keeps its earlier answer: leaving it out is not undoing it.
 */
export function checklistItems(assessments: readonly Assessment[], tasks: readonly ChecklistTask[]): ChecklistItem[] {
  const ordered = chronological(assessments);
  return checklistQuestions.map((question) => {
    const answered = ordered.flatMap((assessment) => {
      const answer = assessment.answers[question.key];
      return answer ? [{ on: assessment.assessed_on, answer }] : [];
    });
    const latest = answered.at(-1)?.answer ?? null;
    let doneSince: string | null = null;
    for (let i = answered.length - 1; i >= 0 && answered[i]?.answer.answer === 'yes'; i -= 1) doneSince = answered[i]?.on ?? null;
    const ownTasks = tasks.filter((task) => task.question_key === question.key);
    // The open task if there is one, else the latest done one.
    const task = ownTasks.find((candidate) => candidate.status === 'open') ?? ownTasks.sort((a, b) => b.created_at.localeCompare(a.created_at))[0] ?? null;
    return { key: question.key, step: question.step, latest, done_since: doneSince, open: latest?.answer !== 'yes', task };
  });
}
