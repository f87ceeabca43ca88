import { z } from 'zod';

/** Forms of aggression, from the national Veilige Publieke Taak guidance. */
export const aggressionForms = ['verbal_abuse', 'discrimination', 'threat', 'intimidation', 'physical_violence', 'vandalism', 'other'] as const;
export const aggressionFormSchema = z.enum(aggressionForms);
export type AggressionForm = z.infer<typeof aggressionFormSchema>;

/** How the incident reached us. */
export const incidentChannels = ['counter', 'phone', 'email_online', 'home_visit', 'outdoors'] as const;
export const incidentChannelSchema = z.enum(incidentChannels);

export const incidentStatuses = ['draft', 'open', 'closed'] as const;
export const incidentStatusSchema = z.enum(incidentStatuses);
export type IncidentStatus = z.infer<typeof incidentStatusSchema>;

/** Causes the guidance names (waiting time, a refusal, bad news, a misunderstanding …). */
export const incidentCauses = ['waiting_time', 'refused_benefit_or_permit', 'bad_news', 'misunderstanding', 'enforcement', 'personal_circumstances', 'other'] as const;
export const incidentCauseSchema = z.enum(incidentCauses);

export const emotionalImpacts = ['none', 'some', 'considerable', 'severe'] as const;
export const emotionalImpactSchema = z.enum(emotionalImpacts);

/** Unknown, described in words, or a visitor on record (a warning's subject). */
export const perpetratorKinds = ['unknown', 'described', 'visitor'] as const;
export const perpetratorKindSchema = z.enum(perpetratorKinds);

/** The VPT measures that follow an incident as tracked tasks. */
export const followUpKinds = ['reaction_48h', 'police_report', 'damage_recovery', 'aftercare', 'feedback_reporter'] as const;
export const followUpKindSchema = z.enum(followUpKinds);
export type FollowUpKind = z.infer<typeof followUpKindSchema>;

export const taskStatuses = ['open', 'done', 'not_needed'] as const;
export const taskStatusSchema = z.enum(taskStatuses);

/** Forms after which a police report is always prompted (the guidance: violence and threats of it). */
export const policeReportForms: readonly AggressionForm[] = ['physical_violence', 'threat'];
