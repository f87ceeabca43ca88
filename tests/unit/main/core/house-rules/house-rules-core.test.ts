import { afterEach, describe, expect, it } from 'vitest';
import { calls, type CallName } from '../../../../../shared/contract/calls.js';
import type { DisplaySnapshot, HouseRulesEditorState } from '../../../../../shared/house-rules/house-rules-contract.js';
import { defaultContent } from '../../../../../shared/house-rules/default-texts.js';
import { applyPatch } from '../../../../../shared/sync/merge.js';
import { checkPatch } from '../../../../../shared/sync/validate-op.js';
import { trackedCores } from '../../../../support/core.js';
import { call, signIn, staffedDesk } from '../../../../support/staff.js';

const openCore = trackedCores(afterEach);
const display = { role: 'display', session: 'tv' } as const;

async function desk() {
  const clock = { now: new Date('2026-11-30T09:00:00Z') };
  const core = openCore(() => clock.now);
  const people = await staffedDesk(core);
  await signIn(core, people.coordinator);
  return { core, clock, people };
}

async function shown(core: Awaited<ReturnType<typeof desk>>['core']): Promise<DisplaySnapshot> {
  const result = await core.dispatch(display, 'houseRules.display', {});
  if (!result.ok) throw new Error(result.error.message);
  return result.value as DisplaySnapshot;
}

describe('house rules in the core', () => {
  it('shows the default text on day one, then each published version, with the history kept', async () => {
    const { core, clock } = await desk();
    const before = await shown(core);
    expect(before).toMatchObject({ versionId: null, override: null, content: { organisationName: 'Gemeente Zwolle' } });
    expect(Object.keys(before.content.texts)).toEqual(['nl', 'en', 'ar', 'tr', 'pl', 'uk']);

    const heard: string[] = [];
    core.bus.subscribe((event) => heard.push(event));
    const first = defaultContent('Gemeente Zwolle');
    await call(core, 'houseRules.publish', { content: first, startsAt: null, thisSiteOnly: false });
    expect(heard).toContain('houseRules.changed');
    const second = { ...first, texts: { nl: { ...first.texts.nl, weOffer: 'Wij helpen u graag.' } } };
    const scheduled = await call<HouseRulesEditorState>(core, 'houseRules.publish', { content: second, startsAt: '2026-12-01T07:00:00.000Z', thisSiteOnly: true });
    expect(scheduled.history.map((entry) => entry.state)).toEqual(['scheduled', 'current']);
    expect((await shown(core)).content.texts.nl.weOffer).toBe(first.texts.nl.weOffer);
    expect((await shown(core)).nextChangeAt).toBe('2026-12-01T07:00:00.000Z');

    clock.now = new Date('2026-12-01T07:00:00Z');
    const later = await shown(core);
    expect(later.content.texts.nl.weOffer).toBe('Wij helpen u graag.');
    expect(Object.keys(later.content.texts)).toEqual(['nl']);
    const editor = await call<HouseRulesEditorState>(core, 'houseRules.editor', {});
    expect(editor.history.map((entry) => [entry.state, entry.version.published_by])).toEqual([['current', 'Carla Coördinator'], ['superseded', 'Carla Coördinator']]);
  });

  it('refuses to publish empty Dutch, too long a text or a start in the past, saying which field and by how much', async () => {
    const { core } = await desk();
    const content = defaultContent('Gemeente Zwolle');
    const bad = { ...content, texts: { nl: { ...content.texts.nl, weExpect: '', notTolerated: 'x'.repeat(430) } } };
    const result = await core.dispatch({ role: 'admin', session: 'desk' }, 'houseRules.publish', { content: bad, startsAt: '2026-11-29T09:00:00.000Z', thisSiteOnly: false });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!result.ok) expect(result.error.message).toBe('texts.nl.weExpect: required; texts.nl.notTolerated: too_long (by 10); startsAt: in_the_past');
    expect((await call<HouseRulesEditorState>(core, 'houseRules.editor', {})).history).toEqual([]);
  });

  it('never changes a published version: not on this PC, and not through the merge the server runs', async () => {
    const { core } = await desk();
    const editor = await call<HouseRulesEditorState>(core, 'houseRules.publish', { content: defaultContent('Gemeente Zwolle'), startsAt: null, thisSiteOnly: false });
    const id = editor.history[0]?.version.id ?? '';
    const scope = { organisationId: '', siteId: '' };
    expect(() => core.replica.writeRow('house_rules_version', id, { starts_at: '2027-01-01T00:00:00.000Z' }, scope)).toThrow(/append-only/);
    const row = core.store.read.prepare('SELECT data, clocks FROM replica_row WHERE id = ?').get(id) as { data: string; clocks: string };
    const patch = checkPatch('house_rules_version', { published_by: 'Someone else' });
    expect(patch.ok).toBe(true);
    if (patch.ok) expect(applyPatch('house_rules_version', { data: JSON.parse(row.data) as Record<string, unknown>, clocks: JSON.parse(row.clocks) as Record<string, string> }, patch.patch, '9'.repeat(13))).toMatchObject({ ok: false, code: 'IMMUTABLE' });
    // The server's check refuses a malformed version too: the same shared schemas.
    expect(checkPatch('house_rules_version', { content: { organisationName: 'X' } })).toMatchObject({ ok: false, code: 'INVALID_VALUE' });
  });

  it('shows an override from its start to its end, and ends it on request', async () => {
    const { core, clock } = await desk();
    const editor = await call<HouseRulesEditorState>(core, 'houseRules.setOverride', { messages: { nl: 'Vandaag alleen op afspraak', en: 'Today by appointment only' }, startsAt: '2026-11-30T09:00:00.000Z', endsAt: '2026-11-30T17:00:00.000Z', thisSiteOnly: false });
    expect((await shown(core)).override).toEqual({ messages: { nl: 'Vandaag alleen op afspraak', en: 'Today by appointment only' }, ends_at: '2026-11-30T17:00:00.000Z' });
    clock.now = new Date('2026-11-30T10:00:00Z');
    await call(core, 'houseRules.endOverride', { id: editor.overrides[0]?.id });
    expect((await shown(core)).override).toBeNull();
  });

  it('gives a display the display call and nothing else', async () => {
    const { core } = await desk();
    for (const name of Object.keys(calls) as CallName[]) {
      const result = await core.dispatch(display, name, {});
      if (name === 'houseRules.display') expect(result.ok).toBe(true);
      else expect(result, name).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });
});
