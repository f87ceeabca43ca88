import type { Kysely } from 'kysely';
import { alarmReaches, type AlarmAgreement, type AlarmDesk } from '../../../shared/alarm/audience.js';
import { isBeacon, type PathMessage } from '../../../shared/alarm/readiness.js';
import type { ServerDatabase } from '../db/schema.js';

/**
 * Which connected devices get this message, by the one audience rule. An alarm event goes to
 * the devices its sender's alarms reach; a beacon goes the other way, to the devices whose
 * alarms would reach its sender, so each counter counts exactly who would hear it.
 */
export async function messageAudience(db: Kysely<ServerDatabase>, message: PathMessage): Promise<(desk: AlarmDesk) => boolean> {
  const beacon = isBeacon(message);
  const sender: AlarmDesk = { organisationId: message.organisation_id, siteId: message.site_id };
  let query = db.selectFrom('sharing_agreement').select(['site_id', 'from_organisation_id', 'to_organisation_id', 'to_site_id']).where('share_alarms', '=', 1);
  query = beacon
    ? query.where('to_organisation_id', '=', sender.organisationId).where((eb) => eb.or([eb('to_site_id', '=', sender.siteId), eb.and([eb('to_site_id', 'is', null), eb('site_id', '=', sender.siteId)])]))
    : query.where('from_organisation_id', '=', sender.organisationId).where('site_id', '=', sender.siteId);
  const agreements: AlarmAgreement[] = (await query.execute()).map((row) => ({ siteId: row.site_id, from: row.from_organisation_id, to: row.to_organisation_id, toSiteId: row.to_site_id }));
  return beacon ? (desk) => alarmReaches(agreements, desk, sender) : (desk) => alarmReaches(agreements, sender, desk);
}
