import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ORG_THEME } from '../../../../../shared/theme/org-theme.js';
import { trackedCores } from '../../../../support/core.js';
import { tinyPng } from '../../../../support/images.js';
import { call, deskCaller, signIn, staffedDesk } from '../../../../support/staff.js';

const openCore = trackedCores(afterEach);
const theme = { primary: '#005a2b', header_background: '#fff4d6', accent: '#c05800', logo: tinyPng };
const themeRows = (core: ReturnType<typeof openCore>) => core.store.read.prepare('SELECT organisation_id, data FROM org_theme').all() as { organisation_id: string; data: string }[];

describe('the organisation theme on a desk', () => {
  it('is neutral until set, even before set-up; then an administrator sets it as one replicated row, queued for the server', async () => {
    const fresh = openCore();
    expect(await call(fresh, 'orgTheme.get', {})).toEqual(DEFAULT_ORG_THEME);
    expect(await fresh.dispatch(deskCaller, 'orgTheme.update', theme)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const core = openCore();
    const people = await staffedDesk(core);
    await signIn(core, people.admin);
    const events: unknown[] = [];
    core.bus.subscribe((event, payload) => {
      if (event === 'orgTheme.changed') events.push(payload);
    });
    expect(await call(core, 'orgTheme.update', theme)).toEqual(theme);
    expect(await call(core, 'orgTheme.get', {})).toEqual(theme);
    expect(events).toEqual([{}]);
    // The view of migration 013: one row, under the organisation's own id.
    const organisationId = core.store.read.prepare('SELECT organisation_id FROM device_settings').pluck().get();
    expect(themeRows(core)).toEqual([{ organisation_id: organisationId, data: JSON.stringify(theme) }]);
    expect(core.store.read.prepare("SELECT count(*) FROM outbox WHERE entity = 'org_theme'").pluck().get()).toBe(1);
  });

  it('is for administrators only, and refuses a faint colour or a false image whole', async () => {
    const core = openCore();
    const people = await staffedDesk(core);
    for (const person of [people.anna, people.coordinator]) {
      await signIn(core, person);
      expect(await core.dispatch(deskCaller, 'orgTheme.update', theme)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      // Everyone sees it: the header shows the logo to whoever works at the desk.
      expect(await call(core, 'orgTheme.get', {})).toEqual(DEFAULT_ORG_THEME);
    }
    await signIn(core, people.admin);
    for (const [input, mentions] of [
      [{ ...theme, primary: '#eeeeee' }, 'primary: low_contrast'],
      [{ ...theme, logo: 'data:image/png;base64,/9j/4AAQ' }, 'logo: logo_wrong_bytes'],
      [{ ...theme, accent: 'red' }, 'accent'],
    ] as const) {
      const result = await core.dispatch(deskCaller, 'orgTheme.update', input);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      if (!result.ok) expect(result.error.message).toContain(mentions);
    }
    expect(themeRows(core)).toEqual([]);
  });
});
