import { z } from 'zod';

/** Forms of aggression, from the VPT guidance (design §8). */
export const aggressionForms = ['verbal_abuse', 'discrimination', 'threat', 'intimidation', 'physical_violence', 'vandalism', 'other'] as const;
export const aggressionFormSchema = z.enum(aggressionForms);

/** How the incident reached us. */
export const incidentChannels = ['counter', 'phone', 'email_online', 'home_visit', 'outdoors'] as const;
export const incidentChannelSchema = z.enum(incidentChannels);

export const incidentStatuses = ['draft', 'open', 'closed'] as const;
export const incidentStatusSchema = z.enum(incidentStatuses);
