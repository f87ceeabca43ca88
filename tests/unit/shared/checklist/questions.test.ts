import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assessmentFields, checklistAnswerSchema, saveAssessmentInputSchema } from '../../../../shared/checklist/checklist-contract.js';
import { checklistQuestions, checklistSteps } from '../../../../shared/checklist/questions.js';
import { checklistItems, checklistTrend } from '../../../../shared/checklist/trend.js';
import { entities } from '../../../../shared/sync/entities.js';
import { checkRowId, checklistTaskId } from '../../../../shared/sync/row-ids.js';

const GUIDE = '/work/shared/domain/vpt-guide-nl.txt';

/** The guide's 3.3 section, read from the guide itself: every "•  … ?  ja    nee" line, joined over line breaks. */
function guideChecklist(): { step: number; questions: string[] }[] {
  const text = fs.readFileSync(GUIDE, 'utf8');
  const section = text.slice(text.indexOf('3.3 Checklist'), text.indexOf('Acht maatregelen voor een effectief'));
  const steps: { step: number; questions: string[] }[] = [];
  for (const block of section.split(/\nStap (?=\d\.)/).slice(1)) {
    const step = Number(block.slice(0, block.indexOf('.')));
    const questions = block
      .split('•')
      .slice(1)
      .map((item) => item.replace(/\s+/g, ' ').replace(/\s*ja\s+nee\s*$/, '').trim());
    steps.push({ step, questions });
  }
  return steps;
}

describe("the guide's 3.3 checklist as data", () => {
  it.skipIf(!fs.existsSync(GUIDE))('holds every question of every step, in the guide’s words and order (4 + 12 + 2 = 18)', () => {
    const guide = guideChecklist();
    expect(guide.map((step) => step.questions.length)).toEqual([4, 12, 2]);
    expect(checklistSteps.map((step) => ({ step: step.step, questions: step.questions.map((question) => question.nl) }))).toEqual(guide);
  });

  it('has 18 questions with unique keys, each in Dutch and English', () => {
    expect(checklistQuestions).toHaveLength(18);
    expect(new Set(checklistQuestions.map((question) => question.key)).size).toBe(18);
    for (const question of checklistQuestions) {
      expect(question.nl).toMatch(/\?$/);
      expect(question.en).toMatch(/\?$/);
      expect(question.en).not.toBe(question.nl);
    }
  });

  it('the replicated record and the contract share one answer schema', () => {
    expect(entities.checklist_assessment.fields).toBe(assessmentFields);
    expect(entities.checklist_assessment.merge).toBe('append-only');
    expect(checklistAnswerSchema.safeParse({ answer: 'maybe', note: '', owner: '' }).success).toBe(false);
    expect(saveAssessmentInputSchema.safeParse({ assessed_on: '2026-11-30', answers: { risks_mapped: { answer: 'yes', note: '', owner: '' } } }).success).toBe(true);
    expect(saveAssessmentInputSchema.safeParse({ assessed_on: '2026-11-30', answers: { unknown_question: { answer: 'yes', note: '', owner: '' } } }).success).toBe(false);
    expect(saveAssessmentInputSchema.safeParse({ assessed_on: '2026-11-30', answers: {} }).success).toBe(false);
  });

  it('a checklist task id derives from its assessment and question; another id is refused on both sides', () => {
    const assessment = '01890000-0000-7000-8000-000000000001';
    const id = checklistTaskId(assessment, 'house_rules');
    expect(checkRowId('checklist_task', id, { assessment_id: assessment, question_key: 'house_rules' }, 'org')).toEqual({ ok: true, parent: { entity: 'checklist_assessment', id: assessment } });
    expect(checkRowId('checklist_task', id, { assessment_id: assessment, question_key: 'staff_trained' }, 'org')).toMatchObject({ ok: false, code: 'FORBIDDEN_SCOPE' });
  });
});

describe('trend and standing', () => {
  const answer = (value: 'yes' | 'no') => ({ answer: value, note: '', owner: '' });
  const assessments = [
    { id: '01890000-0000-7000-8000-000000000003', assessed_on: '2026-09-01', assessed_at: '2026-09-01T10:00:00.000Z', assessed_by: 'C', answers: { risks_mapped: answer('yes'), house_rules: answer('yes'), policy_secured: answer('no') } },
    { id: '01890000-0000-7000-8000-000000000001', assessed_on: '2026-01-10', assessed_at: '2026-01-10T10:00:00.000Z', assessed_by: 'C', answers: { risks_mapped: answer('no'), house_rules: answer('yes') } },
    { id: '01890000-0000-7000-8000-000000000002', assessed_on: '2026-05-01', assessed_at: '2026-05-01T10:00:00.000Z', assessed_by: 'C', answers: { risks_mapped: answer('yes'), house_rules: answer('no') } },
  ];

  it('counts yes per step per assessment, oldest first', () => {
    expect(checklistTrend(assessments).map((point) => [point.assessed_on, point.yes_by_step.map((step) => step.yes), point.yes, point.of])).toEqual([
      ['2026-01-10', [0, 1, 0], 1, 18],
      ['2026-05-01', [1, 0, 0], 1, 18],
      ['2026-09-01', [1, 1, 0], 2, 18],
    ]);
  });

  it('says since when a question has been yes without a break, and what is open', () => {
    const items = Object.fromEntries(checklistItems(assessments, []).map((item) => [item.key, item]));
    expect(items['risks_mapped']).toMatchObject({ done_since: '2026-05-01', open: false });
    // Yes, then no, then yes again: done since the last yes, not the first.
    expect(items['house_rules']).toMatchObject({ done_since: '2026-09-01', open: false });
    expect(items['policy_secured']).toMatchObject({ done_since: null, open: true, latest: answer('no') });
    // Never answered: open.
    expect(items['staff_trained']).toMatchObject({ done_since: null, open: true, latest: null });
  });
});
