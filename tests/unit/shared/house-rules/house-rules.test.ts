import { describe, expect, it } from 'vitest';
import { houseRulesLanguages, houseRulesParts, PART_MAX_CHARS, shownLanguages } from '../../../../shared/house-rules/content.js';
import { defaultContent, defaultTexts, displayLabels } from '../../../../shared/house-rules/default-texts.js';
import { columnsFor, planPages, planScreens } from '../../../../shared/house-rules/fit.js';
import { houseRulesProblems, overrideProblems } from '../../../../shared/house-rules/problems.js';
import { currentOverride, currentVersion, nextChangeAt, versionHistory, type HouseRulesOverride, type PublishedVersion } from '../../../../shared/house-rules/versions.js';

const SITE = '0190a000-0000-7000-8000-000000000001';
const OTHER_SITE = '0190a000-0000-7000-8000-000000000002';
const content = defaultContent('Gemeente Zwolle');

let counter = 0;
function version(publishedAt: string, startsAt: string, forSite: string | null = null): PublishedVersion {
  counter += 1;
  return { id: `0190a000-0000-7000-8000-${String(counter).padStart(12, '0')}`, content, starts_at: startsAt, published_at: publishedAt, published_by: 'Carla', for_site_id: forSite };
}

describe('which version a display shows', () => {
  const now = new Date('2026-11-30T09:00:00Z');
  it('shows the latest published version whose start has come, and none before any', () => {
    expect(currentVersion([], SITE, now)).toBeNull();
    const first = version('2026-11-01T08:00:00Z', '2026-11-01T08:00:00Z');
    const second = version('2026-11-20T08:00:00Z', '2026-11-20T08:00:00Z');
    expect(currentVersion([second, first], SITE, now)?.id).toBe(second.id);
  });

  it('waits for a scheduled version, then shows it at its start', () => {
    const live = version('2026-11-01T08:00:00Z', '2026-11-01T08:00:00Z');
    const scheduled = version('2026-11-29T08:00:00Z', '2026-12-01T07:00:00Z');
    expect(currentVersion([live, scheduled], SITE, now)?.id).toBe(live.id);
    expect(currentVersion([live, scheduled], SITE, new Date('2026-12-01T07:00:00Z'))?.id).toBe(scheduled.id);
    expect(nextChangeAt([live, scheduled], [], SITE, now)).toBe('2026-12-01T07:00:00Z');
  });

  it("keeps the history with each version's state, newest first", () => {
    const old = version('2026-11-01T08:00:00Z', '2026-11-01T08:00:00Z');
    const live = version('2026-11-20T08:00:00Z', '2026-11-20T08:00:00Z');
    const scheduled = version('2026-11-29T08:00:00Z', '2026-12-01T07:00:00Z');
    expect(versionHistory([old, scheduled, live], SITE, now).map(({ version: v, state }) => [v.id, state])).toEqual([
      [scheduled.id, 'scheduled'],
      [live.id, 'current'],
      [old.id, 'superseded'],
    ]);
  });

  it("prefers the site's own version and ignores other sites' versions", () => {
    const forAll = version('2026-11-25T08:00:00Z', '2026-11-25T08:00:00Z');
    const forThisSite = version('2026-11-10T08:00:00Z', '2026-11-10T08:00:00Z', SITE);
    const forOtherSite = version('2026-11-28T08:00:00Z', '2026-11-28T08:00:00Z', OTHER_SITE);
    expect(currentVersion([forAll, forThisSite, forOtherSite], SITE, now)?.id).toBe(forThisSite.id);
    expect(currentVersion([forAll, forOtherSite], SITE, now)?.id).toBe(forAll.id);
  });

  it('shows an override only between its start and end, the one set last winning', () => {
    const override = (setAt: string, startsAt: string, endsAt: string, text: string): HouseRulesOverride => ({ id: `0190a000-0000-7000-9000-${String((counter += 1)).padStart(12, '0')}`, messages: { nl: text }, starts_at: startsAt, ends_at: endsAt, set_at: setAt, for_site_id: null });
    const today = override('2026-11-30T07:00:00Z', '2026-11-30T07:00:00Z', '2026-11-30T17:00:00Z', 'Vandaag alleen op afspraak');
    const later = override('2026-11-30T08:00:00Z', '2026-11-30T08:30:00Z', '2026-11-30T10:00:00Z', 'Storing');
    expect(currentOverride([today, later], SITE, new Date('2026-11-30T08:00:00Z'))?.messages.nl).toBe('Vandaag alleen op afspraak');
    expect(currentOverride([today, later], SITE, now)?.messages.nl).toBe('Storing');
    expect(currentOverride([today, later], SITE, new Date('2026-11-30T17:00:00Z'))).toBeNull();
  });
});

describe('what stops publishing', () => {
  const now = new Date('2026-11-30T09:00:00Z');
  it('accepts the default text in all six languages, and each default part fits its limit', () => {
    expect(houseRulesProblems(content, null, now)).toEqual([]);
    expect(shownLanguages(content)).toEqual([...houseRulesLanguages]);
    for (const language of houseRulesLanguages) {
      expect(displayLabels[language].title).not.toBe('');
      for (const part of houseRulesParts) expect(defaultTexts[language][part].length).toBeLessThanOrEqual(PART_MAX_CHARS);
    }
  });

  it('names empty Dutch, a half-filled other language, text too long by how much, and a start in the past', () => {
    const bad = {
      ...content,
      texts: { nl: { ...content.texts.nl, weOffer: '  ', consequences: 'x'.repeat(PART_MAX_CHARS + 12) }, en: { weOffer: 'We help you.', weExpect: '', notTolerated: '', consequences: '' } },
    };
    expect(houseRulesProblems(bad, '2026-11-29T09:00:00Z', now)).toEqual([
      { field: 'part', language: 'nl', part: 'weOffer', code: 'required' },
      { field: 'part', language: 'nl', part: 'consequences', code: 'too_long', excess: 12 },
      { field: 'part', language: 'en', part: 'weExpect', code: 'required' },
      { field: 'part', language: 'en', part: 'notTolerated', code: 'required' },
      { field: 'part', language: 'en', part: 'consequences', code: 'required' },
      { field: 'startsAt', code: 'in_the_past' },
    ]);
    // A language left out entirely is fine: it is simply not shown.
    expect(houseRulesProblems({ ...content, texts: { nl: content.texts.nl, en: { weOffer: '', weExpect: '', notTolerated: '', consequences: '' } } }, null, now)).toEqual([]);
  });

  it('checks overrides: Dutch required, an end after the start and still to come', () => {
    expect(overrideProblems({ nl: '' }, '2026-11-30T08:00:00Z', '2026-11-30T07:00:00Z', now)).toEqual([{ field: 'overrideNl', code: 'required' }, { field: 'overrideTimes', code: 'ends_before_start' }]);
    expect(overrideProblems({ nl: 'Dicht' }, '2026-11-29T08:00:00Z', '2026-11-29T17:00:00Z', now)).toEqual([{ field: 'overrideTimes', code: 'ended' }]);
  });
});

describe('the fit rule', () => {
  it('puts sections on as few pages as fit, in order, never cutting one', () => {
    expect(planPages([100, 100, 100, 100], 1000, 20)).toEqual({ pages: [[0, 1, 2, 3]], overflowing: [] });
    expect(planPages([300, 300, 300, 300], 640, 20)).toEqual({ pages: [[0, 1], [2, 3]], overflowing: [] });
    // Exactly full: 300 + 20 + 300 = 620.
    expect(planPages([300, 300, 300], 620, 20)).toEqual({ pages: [[0, 1], [2]], overflowing: [] });
    expect(planPages([300, 301], 620, 20)).toEqual({ pages: [[0], [1]], overflowing: [] });
  });

  it('reports a section that does not fit even alone, on a page of its own', () => {
    expect(planPages([200, 900, 200], 600, 20)).toEqual({ pages: [[0], [1], [2]], overflowing: [1] });
    expect(planPages([], 600, 20)).toEqual({ pages: [], overflowing: [] });
  });
});

describe('columns on wide screens', () => {
  it('uses two columns on landscape screens and one standing', () => {
    expect(columnsFor(1800, 850)).toBe(2);
    expect(columnsFor(1290, 620)).toBe(2);
    expect(columnsFor(1000, 1700)).toBe(1);
    expect(columnsFor(1000, 0)).toBe(1);
  });

  it('fills columns in order and puts two side by side on each screen', () => {
    expect(planScreens([300, 300, 300, 300], 640, 20, 2)).toEqual({ screens: [[[0, 1], [2, 3]]], overflowing: [] });
    expect(planScreens([500, 500, 500, 500], 640, 20, 2)).toEqual({ screens: [[[0], [1]], [[2], [3]]], overflowing: [] });
    expect(planScreens([500, 500, 500], 640, 20, 2)).toEqual({ screens: [[[0], [1]], [[2]]], overflowing: [] });
    expect(planScreens([300, 300, 300], 640, 20, 1)).toEqual({ screens: [[[0, 1]], [[2]]], overflowing: [] });
  });
});
