import type { Widen } from './widen.js';
import type { checklistNl, feedbackNl } from './checklist-nl.js';

export const checklistEn: Widen<typeof checklistNl> = {
  title: 'Self-assessment: checklist 3.3',
  intro: "Have you worked out every step of the guide's plan? Answer yes or no to each question, with a note and an owner. Every assessment is kept with its date.",
  step: 'Step {{step}}. {{name}}',
  standing: {
    title: 'Where things stand',
    question: 'Question',
    latest: 'Latest answer',
    since: 'Done since',
    owner: 'Owner',
    note: 'Note',
    task: 'Task',
    notAnswered: 'Not answered yet',
    open_one: '{{count}} item is still open',
    open_other: '{{count}} items are still open',
    makeTask: 'Add to worklist',
    makeTaskFor: 'Add to worklist: {{question}}',
    taskOpen: 'On the worklist',
    taskDone: 'Task done on {{date}}',
  },
  answers: { yes: 'Yes', no: 'No' },
  trend: {
    title: 'Over time',
    chart: 'Questions answered “yes” per assessment, per step',
    table: 'Per assessment: questions answered “yes” per step',
    date: 'Date',
    total: 'Total',
    stepShort: 'Step {{step}}',
    empty: 'No assessments yet.',
  },
  form: {
    title: 'New assessment',
    intro: 'Filled in with the latest answers. A question without an answer counts as open.',
    date: 'Date of the assessment',
    note: 'Note',
    owner: 'Owner',
    save: 'Save assessment',
    saved: 'Assessment of {{date}} saved.',
    nothing: 'Answer at least one question.',
  },
  history: {
    title: 'Earlier assessments',
    line: '{{date}} by {{name}}: {{yes}} of {{of}} yes',
  },
  damaged: 'An assessment or task cannot be read (number {{ids}}); the rest is shown below.',
  worklist: {
    title: 'Checklist',
    item: 'Checklist step {{step}}: {{question}}',
    owner: 'Owner: {{owner}}',
    doneNote: 'What was done? (optional)',
    markDone: 'Done',
  },
};

export const feedbackEn: Widen<typeof feedbackNl> = {
  notice: {
    title: 'Feedback on your report',
    about: 'About your report of {{date}} ({{forms}})',
    from: '{{name}} on {{date}}',
    open: 'View the report',
    dismiss: 'Read',
  },
  task: {
    read: 'Read by the reporter on {{date}}',
    unread: 'Not yet read by the reporter',
  },
  aftercare: {
    title: 'Aftercare',
    offered: 'Were you offered aftercare?',
    wanted: 'Do you want aftercare?',
    save: 'Save answers',
    saved: 'Saved.',
    answers: "Reporter's answer ({{date}}): aftercare offered: {{offered}}; aftercare wanted: {{wanted}}",
    none: 'The reporter has not answered about aftercare yet.',
  },
};
