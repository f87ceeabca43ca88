import { describe, expect, it } from 'vitest';
import { inRollout, nextUpdateStep, rolloutBucket, updateFeed } from '../../../../main/electron/update-policy.js';
import { defaultMachineConfig, parseMachineConfig } from '../../../../shared/deployment/machine-config.js';
import { newId } from '../../../../shared/domain/ids.js';

const config = (percentage: number) => parseMachineConfig(JSON.stringify({ version: 1, updates: { url: 'https://updates.zwolle.nl/vangnet/', percentage } }), 'c').config;

describe('updates from the organisation\'s server', () => {
  it('the feed is the generic provider at the configured address; without one, no updates', () => {
    expect(updateFeed(config(50))).toEqual({ provider: 'generic', url: 'https://updates.zwolle.nl/vangnet/', channel: 'latest' });
    expect(updateFeed(defaultMachineConfig)).toBeNull();
    expect(nextUpdateStep({ config: defaultMachineConfig, deviceId: newId(), offered: '1.2.0', downloaded: false, alarmActive: false })).toBe('none');
  });

  it('a staged roll-out takes about the configured share of 2,000 PCs, and raising it only adds PCs', () => {
    const pcs = Array.from({ length: 2000 }, () => newId());
    const taking = (percentage: number) => new Set(pcs.filter((pc) => inRollout(pc, '1.2.0', percentage)));
    const ten = taking(10);
    const fifty = taking(50);
    expect(ten.size).toBeGreaterThan(140);
    expect(ten.size).toBeLessThan(260);
    expect(fifty.size).toBeGreaterThan(900);
    expect(fifty.size).toBeLessThan(1100);
    for (const pc of ten) expect(fifty.has(pc)).toBe(true);
    expect(taking(0).size).toBe(0);
    expect(taking(100).size).toBe(2000);
    // Each version chooses its early PCs afresh, so the same PCs are not always first.
    const nextTen = new Set(pcs.filter((pc) => inRollout(pc, '1.3.0', 10)));
    expect([...ten].filter((pc) => nextTen.has(pc)).length).toBeLessThan(ten.size / 2);
    expect(rolloutBucket(pcs[0]!, '1.2.0')).toBe(rolloutBucket(pcs[0]!, '1.2.0'));
  });

  it('downloads when in the roll-out, and installs (a restart) only when no alarm is active', () => {
    const deviceId = newId();
    const all = config(100);
    expect(nextUpdateStep({ config: all, deviceId, offered: null, downloaded: false, alarmActive: false })).toBe('none');
    expect(nextUpdateStep({ config: all, deviceId, offered: '1.2.0', downloaded: false, alarmActive: true })).toBe('download');
    expect(nextUpdateStep({ config: all, deviceId, offered: '1.2.0', downloaded: true, alarmActive: true })).toBe('wait-for-alarm');
    expect(nextUpdateStep({ config: all, deviceId, offered: '1.2.0', downloaded: true, alarmActive: false })).toBe('install');
    expect(nextUpdateStep({ config: config(0), deviceId, offered: '1.2.0', downloaded: true, alarmActive: false })).toBe('not-yet');
  });
});
