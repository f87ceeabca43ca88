import { z } from 'zod';
import { defineCall } from './define.js';
import { adminOnly, anyStaff, coordinatorUp, displayAndStaff } from './roles.js';
import { houseRulesContentSchema } from '../house-rules/content.js';
import { displaySnapshotSchema, houseRulesEditorSchema, overrideInputSchema, publishInputSchema } from '../house-rules/house-rules-contract.js';
import { deviceSettingsInputSchema, deviceStatusSchema, localeSchema } from '../domain/directory.js';
import { enrolInputSchema, syncStatusSchema } from '../domain/sync-status.js';
import { deploymentStatusSchema } from '../deployment/machine-config.js';
import { updateStatusSchema } from '../updates/update-status.js';
import { readinessSchema } from '../alarm/readiness.js';
import { deskSessionSchema, signInSchema, staffCreateSchema, staffMemberSchema, staffUpdateSchema } from '../domain/staff.js';
import { followUpPolicySchema } from '../incident/follow-up-policy.js';
import { orgThemeSchema } from '../theme/org-theme.js';
import {
  completeTaskInputSchema,
  draftFromAlarmInputSchema,
  incidentCloseInputSchema,
  incidentIdInputSchema,
  incidentSchema,
  incidentListItemSchema,
  incidentUpdateInputSchema,
  quickLogInputSchema,
  worklistItemSchema,
} from '../incident/incident-contract.js';
import { accessEntrySchema } from '../warnings/access-log.js';
import { aftercareAnswerInputSchema, feedbackNoticeSchema, feedbackReadInputSchema } from '../incident/feedback.js';
import { checklistOverviewSchema, checklistTaskSchema, completeChecklistTaskInputSchema, makeChecklistTaskInputSchema, saveAssessmentInputSchema } from '../checklist/checklist-contract.js';
import { benchmarkParticipationSchema, benchmarkViewSchema } from '../analytics/benchmark.js';
import { analyticsFilterSchema, analyticsSummarySchema, exportIncidentsInputSchema, exportLogEntrySchema, exportRowSchema, logExportInputSchema } from '../analytics/analytics-contract.js';
import {
  incompleteWarningSchema,
  warningCheckInputSchema,
  warningCheckResultSchema,
  warningCreateSchema,
  warningExtendSchema,
  warningNotifySchema,
  warningPolicySchema,
  warningRevokeSchema,
  warningSchema,
  subjectAccessExportSchema,
  subjectAccessInputSchema,
} from '../warnings/warning.js';
import { activeAlarmsSchema, activeInputSchema, alarmIdInputSchema, answerInputSchema, cancelInputSchema, raiseInputSchema, responderStatusSchema, senderStatusSchema } from '../alarm/alarm-contract.js';

const noInput = z.strictObject({});

/** Every call the renderer can make to the core. One list, both transports. */
export const calls = {
  'device.status': defineCall({
    summary: "Where this device stands: organisation, site, desk and connection state.",
    input: noInput,
    output: deviceStatusSchema,
    roles: anyStaff,
  }),
  'settings.get': defineCall({
    summary: 'The values an administrator last saved, or null on a new device.',
    input: noInput,
    output: deviceSettingsInputSchema.nullable(),
    roles: adminOnly,
  }),
  'settings.update': defineCall({
    summary: "Save the device's organisation, site, desk and server URL.",
    input: deviceSettingsInputSchema,
    output: deviceStatusSchema,
    roles: adminOnly,
  }),
  'deployment.status': defineCall({
    summary: 'Which settings IT locked in the machine-wide configuration, and to what.',
    input: noInput,
    output: deploymentStatusSchema,
    roles: anyStaff,
  }),
  'updates.status': defineCall({
    summary: "This PC's version and where its updates stand: last check, a release waiting, why one failed.",
    input: noInput,
    output: updateStatusSchema,
    roles: anyStaff,
  }),
  'settings.setLocale': defineCall({
    summary: 'Choose the language of this device.',
    input: z.strictObject({ locale: localeSchema }),
    output: deviceStatusSchema,
    roles: anyStaff,
  }),
  'sync.status': defineCall({
    summary: 'Replication state: last sync, changes waiting, refusals, errors.',
    input: noInput,
    output: syncStatusSchema,
    roles: anyStaff,
  }),
  'sync.now': defineCall({
    summary: 'Synchronise with the central server now.',
    input: noInput,
    output: syncStatusSchema,
    roles: anyStaff,
  }),
  'sync.enrol': defineCall({
    summary: 'Trade a one-time enrolment code for this device\'s credential at the configured server.',
    input: enrolInputSchema,
    output: syncStatusSchema,
    roles: adminOnly,
  }),
  'alarm.raise': defineCall({
    summary: 'Raise the silent alarm from this desk (persisted first, then sent on every path).',
    input: raiseInputSchema,
    output: senderStatusSchema,
    roles: anyStaff,
  }),
  'alarm.readiness': defineCall({
    summary: 'Can this desk\'s alarm reach anyone now: responders heard on each path.',
    input: noInput,
    output: readinessSchema,
    roles: anyStaff,
  }),
  'alarm.active': defineCall({
    summary: 'The alarms a screen must show now; a calling screen counts as one that can show an alarm until its connection closes.',
    input: activeInputSchema,
    output: activeAlarmsSchema,
    roles: anyStaff,
  }),
  'alarm.shown': defineCall({
    summary: 'A screen shows this alarm: only then is the sender told it was delivered here.',
    input: alarmIdInputSchema,
    output: responderStatusSchema,
    roles: anyStaff,
  }),
  'alarm.answer': defineCall({
    summary: "A responder's answer: I'm coming, or I can't come.",
    input: answerInputSchema,
    output: responderStatusSchema,
    roles: anyStaff,
  }),
  'alarm.cancel': defineCall({
    summary: 'Cancel an alarm; everyone sees it as cancelled. A sender with a duress PIN types a PIN.',
    input: cancelInputSchema,
    output: z.object({ alarmId: z.string() }),
    roles: anyStaff,
  }),
  'alarm.resolve': defineCall({
    summary: 'Resolve an alarm; everyone sees it as resolved.',
    input: alarmIdInputSchema,
    output: z.object({ alarmId: z.string() }),
    roles: anyStaff,
  }),
  'session.current': defineCall({
    summary: 'Who is signed in at this desk, and whether the desk is still being set up (nobody on staff yet).',
    input: noInput,
    output: deskSessionSchema,
    roles: anyStaff,
  }),
  'session.signIn': defineCall({
    summary: 'Sign in at this desk with your name and PIN; five wrong PINs lock sign-in for a minute.',
    input: signInSchema,
    output: deskSessionSchema,
    roles: anyStaff,
  }),
  'session.signOut': defineCall({
    summary: 'Sign out of this desk.',
    input: noInput,
    output: deskSessionSchema,
    roles: anyStaff,
  }),
  'staff.list': defineCall({
    summary: "The organisation's staff, to choose from when signing in.",
    input: noInput,
    output: z.array(staffMemberSchema),
    roles: anyStaff,
  }),
  'staff.create': defineCall({
    summary: 'Add a member of staff with a role and a PIN (only its hash is kept).',
    input: staffCreateSchema,
    output: staffMemberSchema,
    roles: adminOnly,
  }),
  'staff.update': defineCall({
    summary: "Change a member of staff's name, role, PIN, or switch them off.",
    input: staffUpdateSchema,
    output: staffMemberSchema,
    roles: adminOnly,
  }),
  'incident.quickLog': defineCall({
    summary: 'Log an incident in seconds: the form(s) of aggression; where and when are pre-filled.',
    input: quickLogInputSchema,
    output: incidentSchema,
    roles: anyStaff,
  }),
  'incident.draftFromAlarm': defineCall({
    summary: 'A draft incident pre-filled from an alarm: time, place, people and the alarm link.',
    input: draftFromAlarmInputSchema,
    output: incidentSchema,
    roles: anyStaff,
  }),
  'incident.get': defineCall({
    summary: 'One incident with its follow-up (your own, or any of the organisation for a coordinator).',
    input: incidentIdInputSchema,
    output: incidentSchema,
    roles: anyStaff,
  }),
  'incident.list': defineCall({
    summary: 'Incidents you reported; a coordinator sees the whole organisation.',
    input: noInput,
    output: z.array(incidentListItemSchema),
    roles: anyStaff,
  }),
  'incident.update': defineCall({
    summary: 'Save changes to the full record (autosave); follow-up deadlines move with the facts.',
    input: incidentUpdateInputSchema,
    output: incidentSchema,
    roles: anyStaff,
  }),
  'incident.submit': defineCall({
    summary: 'Turn a draft into a report and plan its follow-up.',
    input: incidentIdInputSchema,
    output: incidentSchema,
    roles: anyStaff,
  }),
  'incident.close': defineCall({
    summary: 'Close an incident; with mandatory follow-up still open, only with a reason.',
    input: incidentCloseInputSchema,
    output: incidentSchema,
    roles: coordinatorUp,
  }),
  'incident.completeTask': defineCall({
    summary: 'Mark a follow-up task done (or not needed), recording who and when.',
    input: completeTaskInputSchema,
    output: incidentSchema,
    roles: coordinatorUp,
  }),
  'incident.worklist': defineCall({
    summary: "The coordinator's worklist: open follow-up, overdue first.",
    input: noInput,
    output: z.array(worklistItemSchema),
    roles: coordinatorUp,
  }),
  'feedback.unread': defineCall({
    summary: "The coordinator's feedback on your incidents that you have not read yet (shown once after sign-in, at any desk).",
    input: noInput,
    output: z.array(feedbackNoticeSchema),
    roles: anyStaff,
  }),
  'feedback.markRead': defineCall({
    summary: 'You have read this feedback: the time is recorded on the task and replicates.',
    input: feedbackReadInputSchema,
    output: z.object({ read_at: z.iso.datetime() }),
    roles: anyStaff,
  }),
  'incident.answerAftercare': defineCall({
    summary: 'On your own incident: was aftercare offered to you, and do you want it.',
    input: aftercareAnswerInputSchema,
    output: incidentSchema,
    roles: anyStaff,
  }),
  'checklist.overview': defineCall({
    summary: "The guide's 3.3 checklist: every dated assessment, where each question stands, and the trend.",
    input: noInput,
    output: checklistOverviewSchema,
    roles: coordinatorUp,
  }),
  'checklist.assess': defineCall({
    summary: 'Record a dated assessment: yes or no per question, with a note and an owner. Earlier ones are kept.',
    input: saveAssessmentInputSchema,
    output: checklistOverviewSchema,
    roles: coordinatorUp,
  }),
  'checklist.makeTask': defineCall({
    summary: "Put an open checklist item on the worklist as a task that links back to its question.",
    input: makeChecklistTaskInputSchema,
    output: checklistTaskSchema,
    roles: coordinatorUp,
  }),
  'checklist.tasks': defineCall({
    summary: 'Open checklist tasks, for the worklist.',
    input: noInput,
    output: z.array(checklistTaskSchema),
    roles: coordinatorUp,
  }),
  'checklist.completeTask': defineCall({
    summary: 'Mark a checklist task done, with what was done.',
    input: completeChecklistTaskInputSchema,
    output: checklistTaskSchema,
    roles: coordinatorUp,
  }),
  'analytics.summary': defineCall({
    summary: "Counts, heatmap, trend, places and follow-up performance over the organisation's incidents on this PC.",
    input: analyticsFilterSchema,
    output: analyticsSummarySchema,
    roles: coordinatorUp,
  }),
  'analytics.exportIncidents': defineCall({
    summary: 'The filtered incidents for a CSV or XLSX file; names of people only when asked for. The export is logged.',
    input: exportIncidentsInputSchema,
    output: z.array(exportRowSchema),
    roles: coordinatorUp,
  }),
  'analytics.logExport': defineCall({
    summary: 'Log an export of aggregates or a printed report (they carry no names).',
    input: logExportInputSchema,
    output: z.object({ logged: z.literal(true) }),
    roles: coordinatorUp,
  }),
  'analytics.exportLog': defineCall({
    summary: 'The latest exports made on this PC: who, when, what filter, with names or not.',
    input: noInput,
    output: z.array(exportLogEntrySchema),
    roles: coordinatorUp,
  }),
  'benchmark.view': defineCall({
    summary: "Whether the organisation takes part in the sector benchmark, when it last shared, and its counts beside the sector's average.",
    input: noInput,
    output: benchmarkViewSchema,
    roles: coordinatorUp,
  }),
  'benchmark.setParticipation': defineCall({
    summary: 'Opt the organisation in (it shares monthly counts at once and daily after) or out (the server deletes its counts).',
    input: benchmarkParticipationSchema,
    output: benchmarkViewSchema,
    roles: adminOnly,
  }),
  'benchmark.shareNow': defineCall({
    summary: 'Send the monthly counts now ("Nu delen").',
    input: noInput,
    output: benchmarkViewSchema,
    roles: coordinatorUp,
  }),
  'followUpPolicy.get': defineCall({
    summary: "The organisation's follow-up deadlines.",
    input: noInput,
    output: followUpPolicySchema,
    roles: anyStaff,
  }),
  'followUpPolicy.update': defineCall({
    summary: "Change the organisation's follow-up deadlines (new incidents are planned with them).",
    input: followUpPolicySchema,
    output: followUpPolicySchema,
    roles: coordinatorUp,
  }),
  'orgTheme.get': defineCall({
    summary: "The organisation's logo and colours (the neutral theme before set-up or when none is set).",
    input: noInput,
    output: orgThemeSchema,
    roles: anyStaff,
  }),
  'orgTheme.update': defineCall({
    summary: "Set the organisation's logo and colours; every desk of it shows them after a sync.",
    input: orgThemeSchema,
    output: orgThemeSchema,
    roles: adminOnly,
  }),
  'houseRules.display': defineCall({
    summary: 'What the public display shows now: the current house rules, the override, and when that changes next.',
    input: noInput,
    output: displaySnapshotSchema,
    roles: displayAndStaff,
  }),
  'houseRules.editor': defineCall({
    summary: 'The house rules draft, every published version with its state, and the overrides to come.',
    input: noInput,
    output: houseRulesEditorSchema,
    roles: coordinatorUp,
  }),
  'houseRules.saveDraft': defineCall({
    summary: 'Keep the draft (not shown on any display until published).',
    input: houseRulesContentSchema,
    output: houseRulesEditorSchema,
    roles: coordinatorUp,
  }),
  'houseRules.publish': defineCall({
    summary: 'Publish the text as a new version, now or from a later time; published versions are never changed.',
    input: publishInputSchema,
    output: houseRulesEditorSchema,
    roles: coordinatorUp,
  }),
  'houseRules.setOverride': defineCall({
    summary: 'Show a short message above the house rules from one time until another.',
    input: overrideInputSchema,
    output: houseRulesEditorSchema,
    roles: coordinatorUp,
  }),
  'houseRules.endOverride': defineCall({
    summary: 'Stop showing an override now.',
    input: z.strictObject({ id: z.uuid() }),
    output: houseRulesEditorSchema,
    roles: coordinatorUp,
  }),
  'warnings.check': defineCall({
    summary: 'Is there a warning for this visitor? Hit or no hit, and on a hit only the measure, until when, and whom to call.',
    input: warningCheckInputSchema,
    output: warningCheckResultSchema,
    roles: anyStaff,
  }),
  'warnings.create': defineCall({
    summary: 'Issue a visitor warning for this organisation (term capped by its policy).',
    input: warningCreateSchema,
    output: warningSchema,
    roles: coordinatorUp,
  }),
  'warnings.extend': defineCall({
    summary: "Move a warning's end date, under the same cap from its start.",
    input: warningExtendSchema,
    output: warningSchema,
    roles: coordinatorUp,
  }),
  'warnings.notify': defineCall({
    summary: 'Record the date the letter was sent to the subject, or why it was not.',
    input: warningNotifySchema,
    output: warningSchema,
    roles: coordinatorUp,
  }),
  'warnings.revoke': defineCall({
    summary: 'Revoke a warning: it disappears from every desk and partner, for good.',
    input: warningRevokeSchema,
    output: warningSchema,
    roles: coordinatorUp,
  }),
  'warnings.list': defineCall({
    summary: "The organisation's warnings, with those whose subject was not yet notified marked.",
    input: noInput,
    output: z.array(warningSchema),
    roles: coordinatorUp,
  }),
  'warnings.incomplete': defineCall({
    summary: 'Warnings whose subject was not yet notified, with their deadline, for the worklist (no personal data).',
    input: noInput,
    output: z.array(incompleteWarningSchema),
    roles: coordinatorUp,
  }),
  'warnings.get': defineCall({
    summary: 'One warning of this organisation, in full.',
    input: z.strictObject({ id: z.uuid() }),
    output: warningSchema,
    roles: coordinatorUp,
  }),
  'warnings.accessLog': defineCall({
    summary: "Who looked up or looked at the organisation's warnings, and when (lookups as hashes, never as typed).",
    input: noInput,
    output: z.array(accessEntrySchema),
    roles: coordinatorUp,
  }),
  'warnings.subjectAccess': defineCall({
    summary: "Everything the organisation holds about one person (AVG art. 15): warnings, the incidents' facts, letters and the access log.",
    input: subjectAccessInputSchema,
    output: subjectAccessExportSchema,
    roles: coordinatorUp,
  }),
  'warningPolicy.get': defineCall({
    summary: "The organisation's warning terms and how long an ended warning is kept.",
    input: noInput,
    output: warningPolicySchema,
    roles: coordinatorUp,
  }),
  'warningPolicy.update': defineCall({
    summary: "Change the organisation's warning terms and retention.",
    input: warningPolicySchema,
    output: warningPolicySchema,
    roles: coordinatorUp,
  }),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
export type CallParsedInput<N extends CallName> = z.output<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(calls, name);
}
