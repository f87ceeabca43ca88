import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calls, isCallName } from '../../../../shared/contract/calls.js';
import { resultSchema } from '../../../../shared/contract/result.js';
import { roles } from '../../../../shared/contract/roles.js';
import { openTestCore } from '../../../support/core.js';

const RUNS = Number(process.env['VANGNET_FUZZ_RUNS'] ?? 10_000);
/** A failing run prints its seed; VANGNET_FUZZ_SEED=<seed> replays it exactly. */
const seed = process.env['VANGNET_FUZZ_SEED'] ? { seed: Number(process.env['VANGNET_FUZZ_SEED']) } : {};

/** An oracle written independently of the zod schema: what a valid settings form is. */
function isValidSettings(input: unknown): boolean {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const record = input as Record<string, unknown>;
  const keys = ['organisationName', 'siteName', 'deskName', 'floor', 'serverUrl'];
  if (Object.keys(record).some((key) => !keys.includes(key) && key !== 'fallbackPhone') || keys.some((key) => typeof record[key] !== 'string')) return false;
  if ('fallbackPhone' in record) {
    const phone = record['fallbackPhone'];
    if (typeof phone !== 'string') return false;
    const trimmed = phone.trim();
    if (trimmed !== '' && !/^\+?[0-9 ()-]{3,40}$/.test(trimmed)) return false;
  }
  const text = (key: string) => (record[key] as string).trim();
  const printable = (key: string) => [...text(key)].every((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f);
  const named = (key: string, max: number) => text(key).length >= 1 && text(key).length <= max;
  const url = text('serverUrl');
  const urlOk = url === '' || (/^https?:\/\//i.test(url) && URL.canParse(url) && url.length <= 2048);
  if (!['organisationName', 'siteName', 'deskName', 'floor'].every(printable)) return false;
  return named('organisationName', 120) && named('siteName', 120) && named('deskName', 80) && text('floor').length <= 40 && urlOk;
}

const nearString = fc.oneof(
  fc.constantFrom('', ' ', '\u0000', 'a\tb', 'Balie 1', 'https://vangnet.example.nl', 'http://10.0.0.5:8443/x', 'ftp://x', 'javascript:alert(1)', 'é'.repeat(121)),
  fc.string({ maxLength: 140 }),
  fc.string({ minLength: 100, maxLength: 300 }),
  fc.anything(),
);
const settingsLike = fc.record(
  { organisationName: nearString, siteName: nearString, deskName: nearString, floor: nearString, serverUrl: nearString, fallbackPhone: fc.oneof(fc.constantFrom('', '112', '+31 30 123 45 67', '030-1234567', 'bel mij', ' 0612345678 '), nearString) },
  { requiredKeys: [] },
);
const withExtraKey = fc.tuple(settingsLike, fc.string({ maxLength: 20 }), fc.anything()).map(([settings, key, value]) => ({ ...settings, [key]: value }));
const validSettings = fc.record({
  organisationName: fc.string({ minLength: 1, maxLength: 120 }).filter((v) => v.trim().length > 0),
  siteName: fc.string({ minLength: 1, maxLength: 120 }).filter((v) => v.trim().length > 0),
  deskName: fc.string({ minLength: 1, maxLength: 80 }).filter((v) => v.trim().length > 0),
  floor: fc.string({ maxLength: 40 }),
  serverUrl: fc.oneof(fc.constant(''), fc.webUrl({ validSchemes: ['http', 'https'] })),
});
// settings.update on its own weight: the share of accepted calls must not shrink each time the contract grows a call.
const callName = fc.oneof({ arbitrary: fc.constantFrom(...Object.keys(calls)), weight: 4 }, { arbitrary: fc.constant('settings.update'), weight: 1 }, fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty'), fc.string(), fc.anything());
const caller = fc.oneof(
  { arbitrary: fc.record({ role: fc.constantFrom(...roles), session: fc.constant('fuzz') }), weight: 4 },
  fc.anything(),
);
const input = fc.oneof({ arbitrary: validSettings, weight: 3 }, settingsLike, withExtraKey, fc.constant({}), fc.record({ locale: fc.oneof(fc.constantFrom('nl', 'en', 'de'), fc.anything()) }), fc.anything());

describe('dispatcher under random payloads', () => {
  it(`survives ${RUNS} random calls: no throw, no invalid input accepted, no partial write`, async () => {
    const core = openTestCore();
    const snapshot = () => JSON.stringify(core.store.read.prepare('SELECT * FROM device_settings').all()) + core.store.read.prepare('SELECT count(*) FROM organisation').pluck().get();
    const tally = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(caller, callName, input, async (who, call, payload) => {
        const before = snapshot();
        const result = await core.dispatch(who, call, payload);
        expect(resultSchema.safeParse(result).success).toBe(true);
        if (!result.ok) {
          tally.refused += 1;
          expect(snapshot()).toBe(before);
          return;
        }
        tally.accepted += 1;
        expect(isCallName(call)).toBe(true);
        if (call === 'settings.update') expect(isValidSettings(payload)).toBe(true);
        if (call === 'settings.setLocale') expect(['nl', 'en']).toContain((payload as { locale: unknown }).locale);
      }),
      { numRuns: RUNS, ...seed },
    );
    // The generator must reach both sides, or the property proves nothing.
    expect(tally.accepted, JSON.stringify(tally)).toBeGreaterThan(RUNS / 100);
    expect(tally.refused).toBeGreaterThan(RUNS / 2);
    await core.close();
  }, 240_000);

  it('refuses exactly the settings the independent oracle refuses', async () => {
    const core = openTestCore();
    await fc.assert(
      fc.asyncProperty(fc.oneof(settingsLike, withExtraKey), async (payload) => {
        const result = await core.dispatch({ role: 'admin', session: 'fuzz' }, 'settings.update', payload);
        expect(result.ok).toBe(isValidSettings(payload));
      }),
      { numRuns: 2_000, ...seed },
    );
    await core.close();
  }, 120_000);
});
