import type { AlarmGroup } from '../../../shared/alarm/readiness.js';

/** Who this PC is, as an alarm names it: from the device settings and the enrolment. */
export interface AlarmIdentity {
  deviceId: string;
  organisationId: string;
  siteId: string;
  siteName: string;
  desk: string;
  floor: string;
  person: string;
  group: AlarmGroup;
}
