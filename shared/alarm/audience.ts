import type { AlarmEventKind } from './alarm-message.js';

/**
 * Who an alarm reaches: the one rule, used by the server's fan-out and by the LAN
 * receiver alike, so the two paths can never disagree about an audience.
 */

/** One site as a PC sees it: its own organisation and the alarm-sharing agreements there. */
export interface SiteAudience {
  organisationId: string;
  /** `from`'s alarms reach `to`'s PCs at this site. */
  agreements: readonly { from: string; to: string }[];
}

/** Is `candidate`'s PC among those an alarm of `origin` reaches (at one site)? */
export function inAlarmAudience(audience: SiteAudience, originOrganisationId: string, candidateOrganisationId: string): boolean {
  if (candidateOrganisationId === originOrganisationId) return true;
  return audience.agreements.some((agreement) => agreement.from === originOrganisationId && agreement.to === candidateOrganisationId);
}

/**
 * A raise or an escalation only ever travels along its alarm's audience. Answers and ends
 * also travel back: a partner's "coming" or "resolved" must reach the PCs of the
 * organisation whose alarm it answers.
 */
export function travelsBack(event: AlarmEventKind): boolean {
  return event !== 'raised' && event !== 'escalated';
}

/**
 * The coarse rule for an alarm event from organisation `sender` at this PC: its alarms reach
 * us, or (for answers and ends) ours reach it, or it answers an alarm of an organisation
 * (`originOrganisationId`, at this site) whose alarms reach both it and us. Which alarm it
 * belongs to is checked per alarm.
 */
export function acceptsAlarmEventFrom(audience: SiteAudience, senderOrganisationId: string, event: AlarmEventKind, originOrganisationId?: string): boolean {
  if (inAlarmAudience(audience, senderOrganisationId, audience.organisationId)) return true;
  if (!travelsBack(event)) return false;
  if (inAlarmAudience(audience, audience.organisationId, senderOrganisationId)) return true;
  return originOrganisationId !== undefined && inAlarmAudience(audience, originOrganisationId, audience.organisationId) && inAlarmAudience(audience, originOrganisationId, senderOrganisationId);
}

/** A beacon counts here only if our alarms would reach its sender: readiness counts exactly that audience. */
export function countsBeaconFrom(audience: SiteAudience, senderOrganisationId: string): boolean {
  return inAlarmAudience(audience, audience.organisationId, senderOrganisationId);
}

/** A PC somewhere: its organisation and its site. */
export interface AlarmDesk {
  organisationId: string;
  siteId: string;
}

/**
 * An alarm-sharing agreement between sites: `from`'s alarms at `siteId` reach `to`'s PCs at
 * `toSiteId`, or at the same site when that is null (a central security desk serving several buildings).
 */
export interface AlarmAgreement {
  siteId: string;
  from: string;
  to: string;
  toSiteId: string | null;
}

/**
 * Does an alarm raised at `origin` reach `candidate`? At one site this is exactly
 * `inAlarmAudience`; an agreement with a target site adds that site's PCs of the partner.
 */
export function alarmReaches(agreements: readonly AlarmAgreement[], origin: AlarmDesk, candidate: AlarmDesk): boolean {
  const here = agreements.filter((agreement) => agreement.siteId === origin.siteId);
  if (candidate.siteId === origin.siteId) {
    const sameSite = here.filter((agreement) => agreement.toSiteId === null || agreement.toSiteId === origin.siteId);
    return inAlarmAudience({ organisationId: origin.organisationId, agreements: sameSite }, origin.organisationId, candidate.organisationId);
  }
  return here.some((agreement) => agreement.toSiteId === candidate.siteId && agreement.from === origin.organisationId && agreement.to === candidate.organisationId);
}
