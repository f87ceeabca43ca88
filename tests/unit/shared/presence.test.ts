import { describe, expect, it } from 'vitest';
import { Presence } from '../../../shared/alarm/presence.js';
import type { Beacon } from '../../../shared/alarm/readiness.js';
import { newId } from '../../../shared/domain/ids.js';

const beacon = (device: string, group: number): Beacon => ({ v: 1, beacon: true, message_id: newId(), organisation_id: newId(), site_id: newId(), device_id: device, group, at: new Date().toISOString() });
const bothPaths = { server: true, lan: true };

describe('Presence: who can answer an alarm right now', () => {
  it('counts first-group responders apart from those alerted on escalation, and never group 0', () => {
    const presence = new Presence(1_000);
    presence.heard(beacon('a', 1), 0);
    presence.heard(beacon('b', 1), 0);
    presence.heard(beacon('c', 2), 0);
    presence.heard(beacon('d', 3), 0);
    presence.heard(beacon('e', 0), 0);
    expect(presence.readiness(500, bothPaths)).toEqual({ responders: 2, escalation: 2, paths: bothPaths, reachable: true });
  });

  it('a PC counts until its third beat is missed (with a fifth of a beat of grace), then it is offline', () => {
    const presence = new Presence(1_000);
    presence.heard(beacon('a', 1), 10_000);
    expect(presence.readiness(13_200, bothPaths).responders).toBe(1);
    expect(presence.readiness(13_201, bothPaths).responders).toBe(0);
  });

  it('tells when a PC is new or back after being offline, so this PC can answer with its own beat', () => {
    const presence = new Presence(1_000);
    expect(presence.heard(beacon('a', 1), 0)).toBe(true);
    expect(presence.heard(beacon('a', 1), 1_000)).toBe(false);
    presence.readiness(10_000, bothPaths); // long silent: forgotten
    expect(presence.heard(beacon('a', 1), 10_500)).toBe(true);
  });

  it('a beat heard on either path keeps a PC online; a late, older copy does not move it back', () => {
    const presence = new Presence(1_000);
    presence.heard(beacon('a', 1), 10_000);
    presence.heard(beacon('a', 1), 12_000);
    presence.heard(beacon('a', 1), 11_000); // the LAN copy of an earlier beat, arriving late
    expect(presence.readiness(15_100, bothPaths).responders).toBe(1);
  });

  it('with no path open the alarm reaches nobody, whoever was heard before', () => {
    const presence = new Presence(1_000);
    presence.heard(beacon('a', 1), 0);
    expect(presence.readiness(100, { server: false, lan: false })).toMatchObject({ responders: 1, reachable: false });
    expect(new Presence(1_000).readiness(0, bothPaths).reachable).toBe(false);
  });
});
