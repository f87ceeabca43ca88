import { describe, expect, it } from 'vitest';
import { acceptsAlarmEventFrom, alarmReaches, countsBeaconFrom, inAlarmAudience, type SiteAudience } from '../../../shared/alarm/audience.js';

describe('the alarm audience rule', () => {
  const [a, b, c] = ['org-a', 'org-b', 'org-c'];
  const atA: SiteAudience = { organisationId: a, agreements: [{ from: a, to: c }] };
  const atC: SiteAudience = { organisationId: c, agreements: [{ from: a, to: c }] };

  it('an alarm reaches its own organisation and partners an agreement names, in that direction only', () => {
    expect(inAlarmAudience(atA, a, a)).toBe(true);
    expect(inAlarmAudience(atA, a, c)).toBe(true);
    expect(inAlarmAudience(atA, c, a)).toBe(false);
    expect(inAlarmAudience(atA, a, b)).toBe(false);
  });

  it('raises travel along an agreement, answers and ends both ways, beacons only back from those our alarms reach', () => {
    expect([acceptsAlarmEventFrom(atA, c, 'coming'), acceptsAlarmEventFrom(atA, c, 'cancelled'), acceptsAlarmEventFrom(atC, a, 'raised'), acceptsAlarmEventFrom(atA, b, 'coming')]).toEqual([true, true, true, false]);
    // C's own alarms do not reach A: A does not take C's raise or escalation.
    expect([acceptsAlarmEventFrom(atA, c, 'raised'), acceptsAlarmEventFrom(atA, c, 'escalated')]).toEqual([false, false]);
    expect([countsBeaconFrom(atA, c), countsBeaconFrom(atC, a), countsBeaconFrom(atA, a)]).toEqual([true, false, true]);
  });

  it('across sites: an agreement with a target site reaches the partner there, and nowhere else', () => {
    const agreements = [
      { siteId: 'stadskantoor', from: a, to: c, toSiteId: 'meldkamer' },
      { siteId: 'stadskantoor', from: a, to: b, toSiteId: null },
    ];
    expect(alarmReaches(agreements, { organisationId: a, siteId: 'stadskantoor' }, { organisationId: c, siteId: 'meldkamer' })).toBe(true);
    expect(alarmReaches(agreements, { organisationId: a, siteId: 'stadskantoor' }, { organisationId: c, siteId: 'stadskantoor' })).toBe(false);
    expect(alarmReaches(agreements, { organisationId: a, siteId: 'stadskantoor' }, { organisationId: b, siteId: 'stadskantoor' })).toBe(true);
    expect(alarmReaches(agreements, { organisationId: a, siteId: 'stadskantoor' }, { organisationId: a, siteId: 'meldkamer' })).toBe(false);
    expect(alarmReaches(agreements, { organisationId: a, siteId: 'elders' }, { organisationId: c, siteId: 'meldkamer' })).toBe(false);
    expect(alarmReaches(agreements, { organisationId: c, siteId: 'meldkamer' }, { organisationId: a, siteId: 'stadskantoor' })).toBe(false);
  });
});
