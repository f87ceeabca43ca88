import type { Kysely } from 'kysely';
import { alarmReaches, travelsBack, type AlarmAgreement, type AlarmDesk } from '../../../shared/alarm/audience.js';
import { isBeacon, type PathMessage } from '../../../shared/alarm/readiness.js';
import type { ServerDatabase } from '../db/schema.js';

/**
 * Which connected devices get this message, by the one audience rule. An alarm event goes to
 * the devices its sender's alarms reach, and answers and ends also back to the devices whose
 * alarms reach its sender. A beacon goes only that way back, so each counter counts exactly
 * who would hear its alarm.
 */
export async function messageAudience(db: Kysely<ServerDatabase>, message: PathMessage): Promise<(desk: AlarmDesk) => boolean> {
  const sender: AlarmDesk = { organisationId: message.organisation_id, siteId: message.site_id };
  const forward = !isBeacon(message);
  const back = isBeacon(message) || travelsBack(message.event);
  const rows = await db
    .selectFrom('sharing_agreement')
    .select(['site_id', 'from_organisation_id', 'to_organisation_id', 'to_site_id'])
    .where('share_alarms', '=', 1)
    .where('ended_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('from_organisation_id', '=', sender.organisationId), eb('site_id', '=', sender.siteId)]),
        eb.and([eb('to_organisation_id', '=', sender.organisationId), eb.or([eb('to_site_id', '=', sender.siteId), eb.and([eb('to_site_id', 'is', null), eb('site_id', '=', sender.siteId)])])]),
      ]),
    )
    .execute();
  const agreements: AlarmAgreement[] = rows.map((row) => ({ siteId: row.site_id, from: row.from_organisation_id, to: row.to_organisation_id, toSiteId: row.to_site_id }));
  return (desk) => (forward && alarmReaches(agreements, sender, desk)) || (back && alarmReaches(agreements, desk, sender));
}
