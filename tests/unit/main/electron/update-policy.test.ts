import { describe, expect, it } from 'vitest';
import { alarmBusy, inRollout, installOnQuitAllowed, nextCheckAt, nextUpdateStep, rolloutBucket, rolloutPercentage, takesRelease, updateFeed, updateStatusKey, updateTiming, type UpdateStatusKey } from '../../../../main/electron/update-policy.js';
import type { ResponderStatus, SenderStatus } from '../../../../shared/alarm/alarm-contract.js';
import { defaultMachineConfig, parseMachineConfig } from '../../../../shared/deployment/machine-config.js';
import { newId } from '../../../../shared/domain/ids.js';
import { resources } from '../../../../shared/i18n/index.js';

const config = (percentage: number) => parseMachineConfig(JSON.stringify({ version: 1, updates: { url: 'https://updates.zwolle.nl/vangnet/', percentage } }), 'c').config;
const release = (version: string, stagingPercentage?: unknown) => ({ version, stagingPercentage });

const sender = (phase: SenderStatus['phase']): SenderStatus => ({ alarmId: newId(), level: 'assist', drill: false, phase, deliveredTo: [], coming: [], cannotCome: [], names: {}, step: 0, pac: 'none' });
const responder = (phase: ResponderStatus['phase']): ResponderStatus => ({
  alarmId: newId(),
  level: 'emergency',
  drill: false,
  from: { desk: 'Balie 2', floor: '0', person: 'Ans', site: 'Stadhuis' },
  raisedAt: new Date().toISOString(),
  phase,
  others: {},
  step: 0,
  duress: false,
  sound: true,
});

describe('updates from the organisation\'s server', () => {
  it('the feed is the generic provider at the configured address; without one, no updates', () => {
    expect(updateFeed(config(50))).toEqual({ provider: 'generic', url: 'https://updates.zwolle.nl/vangnet/', channel: 'latest' });
    expect(updateFeed(defaultMachineConfig)).toBeNull();
    expect(takesRelease(defaultMachineConfig, newId(), release('1.2.0'))).toBe(false);
    expect(nextUpdateStep({ config: defaultMachineConfig, deviceId: newId(), offered: release('1.2.0'), downloaded: false, busy: false, idleSeconds: 0 })).toBe('none');
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

  it('the share is the lower of IT\'s percentage and latest.yml\'s stagingPercentage; an unreadable one limits nothing', () => {
    expect(rolloutPercentage(config(100), 20)).toBe(20);
    expect(rolloutPercentage(config(10), 80)).toBe(10);
    expect(rolloutPercentage(config(60), undefined)).toBe(60);
    expect(rolloutPercentage(config(60), 'half')).toBe(60);
    expect(rolloutPercentage(config(60), Number.NaN)).toBe(60);
    expect(rolloutPercentage(config(100), 250)).toBe(100);
    expect(rolloutPercentage(config(100), -5)).toBe(0);
    expect(rolloutPercentage(config(100), 33.9)).toBe(33);
    expect(rolloutPercentage(defaultMachineConfig, 100)).toBe(0);
    const pcs = Array.from({ length: 500 }, () => newId());
    // Both limits feed the one bucket: the PCs staged at 20% on the server are those IT's 20% would pick.
    expect(pcs.filter((pc) => takesRelease(config(100), pc, release('2.0.0', 20)))).toEqual(pcs.filter((pc) => takesRelease(config(20), pc, release('2.0.0'))));
    expect(pcs.some((pc) => takesRelease(config(100), pc, release('2.0.0', 0)))).toBe(false);
  });

  it('an alarm is going on while this desk\'s own is being sent or awaits an answer, or one it shows has not ended', () => {
    expect(alarmBusy({ sender: null, responders: [] })).toBe(false);
    for (const phase of ['sending', 'delivered', 'not_delivered'] as const) expect(alarmBusy({ sender: sender(phase), responders: [] })).toBe(true);
    for (const phase of ['cancelled', 'resolved'] as const) expect(alarmBusy({ sender: sender(phase), responders: [] })).toBe(false);
    for (const phase of ['alerting', 'coming', 'cannot_come'] as const) expect(alarmBusy({ sender: sender('resolved'), responders: [responder('resolved'), responder(phase)] })).toBe(true);
    expect(alarmBusy({ sender: null, responders: [responder('cancelled'), responder('resolved')] })).toBe(false);
  });

  it('asks 2 minutes after start, then every 4 hours, and 30 minutes after a failed check', () => {
    expect(nextCheckAt(1000, null)).toBe(1000 + 2 * 60_000);
    expect(nextCheckAt(1000, { at: 50_000, ok: true })).toBe(50_000 + 4 * 3600_000);
    expect(nextCheckAt(1000, { at: 50_000, ok: false })).toBe(50_000 + 30 * 60_000);
  });

  it('never downloads or installs during an alarm; installs on quit, or by itself when the PC has been idle half an hour', () => {
    const deviceId = newId();
    const all = config(100);
    const step = (over: Partial<Parameters<typeof nextUpdateStep>[0]>) => nextUpdateStep({ config: all, deviceId, offered: release('1.2.0'), downloaded: false, busy: false, idleSeconds: 0, ...over });
    expect(step({ offered: null })).toBe('none');
    expect(step({})).toBe('download');
    expect(step({ busy: true })).toBe('wait-for-alarm');
    expect(step({ downloaded: true, busy: true, idleSeconds: 10_000 })).toBe('wait-for-alarm');
    expect(step({ downloaded: true })).toBe('install-on-quit');
    expect(step({ downloaded: true, idleSeconds: updateTiming.idleInstallAfterSeconds - 1 })).toBe('install-on-quit');
    expect(step({ downloaded: true, idleSeconds: updateTiming.idleInstallAfterSeconds })).toBe('install-now');
    expect(step({ config: config(0), downloaded: true })).toBe('not-yet');
    expect(step({ offered: release('1.2.0', 0) })).toBe('not-yet');
    expect((['none', 'not-yet', 'wait-for-alarm'] as const).map(installOnQuitAllowed)).toEqual([false, false, false]);
    expect((['download', 'install-on-quit', 'install-now'] as const).map(installOnQuitAllowed)).toEqual([true, true, true]);
  });

  it('the tray says where an update stands, in words, in both languages', () => {
    expect(updateStatusKey({ step: 'none', downloading: false })).toBeNull();
    expect(updateStatusKey({ step: 'not-yet', downloading: false })).toBeNull();
    expect(updateStatusKey({ step: 'download', downloading: false })).toBe('available');
    expect(updateStatusKey({ step: 'download', downloading: true })).toBe('downloading');
    expect(updateStatusKey({ step: 'wait-for-alarm', downloading: false })).toBe('waitingForAlarm');
    expect(updateStatusKey({ step: 'install-on-quit', downloading: false })).toBe('installOnQuit');
    const keys: UpdateStatusKey[] = ['available', 'downloading', 'waitingForAlarm', 'installOnQuit'];
    expect(keys.map((key) => resources.nl.translation.tray.update[key])).toEqual(['Update beschikbaar', 'Update wordt gedownload', 'Update wacht tot het alarm voorbij is', 'Update wordt geïnstalleerd bij afsluiten']);
    for (const key of keys) expect(resources.en.translation.tray.update[key]).toMatch(/^[A-Z].*update|^Update|^Downloading/i);
  });
});
