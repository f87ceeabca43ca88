import { describe, expect, it } from 'vitest';
import { updateStatusLines, updateStatusSchema, type ConfiguredUpdateStatus, type UpdateStatus } from '../../../shared/updates/update-status.js';
import { en } from '../../../shared/i18n/en.js';
import { nl } from '../../../shared/i18n/nl.js';

const checkedAt = '2026-11-30T09:15:00.000Z';
const configured = (over: Partial<ConfiguredUpdateStatus>): UpdateStatus => ({
  kind: 'configured',
  currentVersion: '0.1.0',
  step: 'none',
  downloading: false,
  offeredVersion: null,
  lastCheck: { at: checkedAt, ok: true, reason: null },
  downloadFailure: null,
  ...over,
});

describe('what the settings screen says about updates', () => {
  it('in a browser or on the web host: the desktop app manages updates, with the version when known', () => {
    expect(updateStatusLines({ kind: 'browser', currentVersion: null })).toEqual([{ key: 'versionUnknown' }, { key: 'browser' }]);
    expect(updateStatusLines({ kind: 'browser', currentVersion: '0.1.0' })).toEqual([{ key: 'version', values: { version: '0.1.0' } }, { key: 'browser' }]);
  });

  it('on a desktop without an update server: says so, nothing about checks', () => {
    expect(updateStatusLines({ kind: 'not-configured', currentVersion: '0.1.0' }).map((line) => line.key)).toEqual(['version', 'notConfigured']);
  });

  it('a release on disk: ready, installs after a restart (never during an alarm); the same while it waits for the idle install', () => {
    for (const step of ['install-on-quit', 'install-now'] as const) {
      expect(updateStatusLines(configured({ step, offeredVersion: '0.2.0' }))).toEqual([
        { key: 'version', values: { version: '0.1.0' } },
        { key: 'lastCheck', values: { at: checkedAt } },
        { key: 'readyAfterRestart', values: { version: '0.2.0' } },
      ]);
    }
  });

  it('an alarm going on: the release waits; a download running says downloading whatever the step', () => {
    expect(updateStatusLines(configured({ step: 'wait-for-alarm', offeredVersion: '0.2.0' })).at(-1)).toEqual({ key: 'waitingForAlarm', values: { version: '0.2.0' } });
    expect(updateStatusLines(configured({ step: 'download', downloading: true, offeredVersion: '0.2.0' })).at(-1)).toEqual({ key: 'downloading', values: { version: '0.2.0' } });
    expect(updateStatusLines(configured({ step: 'download', offeredVersion: '0.2.0' })).at(-1)).toEqual({ key: 'available', values: { version: '0.2.0' } });
    expect(updateStatusLines(configured({ step: 'not-yet', offeredVersion: '0.2.0' })).at(-1)).toEqual({ key: 'notYet', values: { version: '0.2.0' } });
  });

  it('failures are said in words and marked as problems; up to date only after a good check and no failed download', () => {
    expect(updateStatusLines(configured({ lastCheck: { at: checkedAt, ok: false, reason: 'net::ERR_CONNECTION_REFUSED' } })).slice(1)).toEqual([{ key: 'checkFailed', values: { at: checkedAt, reason: 'net::ERR_CONNECTION_REFUSED' }, problem: true }]);
    expect(updateStatusLines(configured({})).slice(1)).toEqual([{ key: 'lastCheck', values: { at: checkedAt } }, { key: 'upToDate' }]);
    expect(updateStatusLines(configured({ downloadFailure: 'sha512 checksum mismatch' })).slice(1)).toEqual([{ key: 'lastCheck', values: { at: checkedAt } }, { key: 'downloadFailed', values: { reason: 'sha512 checksum mismatch' }, problem: true }]);
    expect(updateStatusLines(configured({ lastCheck: null })).slice(1)).toEqual([{ key: 'neverChecked' }]);
  });

  it('every line has its text in Dutch and English, with the values it names', () => {
    const all: UpdateStatus[] = [
      { kind: 'browser', currentVersion: null },
      { kind: 'not-configured', currentVersion: '0.1.0' },
      configured({ lastCheck: null }),
      configured({ lastCheck: { at: checkedAt, ok: false, reason: 'x' }, downloadFailure: 'y' }),
      ...(['none', 'not-yet', 'wait-for-alarm', 'download', 'install-on-quit'] as const).map((step) => configured({ step, offeredVersion: '0.2.0' })),
      configured({ downloading: true, offeredVersion: '0.2.0' }),
    ];
    for (const line of all.flatMap(updateStatusLines)) {
      for (const text of [nl.updates[line.key], en.updates[line.key]]) {
        const named = [...text.matchAll(/{{(\w+)}}/g)].map((match) => match[1]);
        expect(named.sort(), `${line.key}: ${text}`).toEqual(Object.keys(line.values ?? {}).sort());
      }
    }
  });

  it('the contract refuses a status with fields it does not know or a time that is not one', () => {
    expect(updateStatusSchema.safeParse({ kind: 'browser', currentVersion: null, extra: 1 }).success).toBe(false);
    expect(updateStatusSchema.safeParse(configured({ lastCheck: { at: 'yesterday', ok: true, reason: null } })).success).toBe(false);
    expect(updateStatusSchema.safeParse(configured({})).success).toBe(true);
  });
});
