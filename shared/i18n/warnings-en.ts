import type { Widen } from './widen.js';
import type { warningsNl } from './warnings-nl.js';

/** The visitor warning screens, in English. */
export const warningsEn: Widen<typeof warningsNl> = {
  check: {
    title: 'Check a visitor',
    intro: 'Type the visitor\'s name. You see only whether there is a warning, which measure applies, until when, and whom to call.',
    name: 'Name',
    birthDate: 'Date of birth (if known)',
    submit: 'Check',
    noHit: 'No warning for this name.',
    hit: 'There is a warning.',
    until: 'Applies up to and including {{date}}',
    call: 'Call: {{contact}} ({{organisation}})',
  },
  measure: {
    building_ban: 'Banned from the building',
    appointment_only: 'By appointment only',
    two_staff: 'Always two members of staff',
    remote_contact_only: 'Contact by phone or e-mail only',
    security_escort: 'Escorted by security',
    other: 'Other measure',
  },
};
