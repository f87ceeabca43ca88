import { describe, expect, it } from 'vitest';
import { entities } from '../../../../shared/sync/entities.js';
import { contrastRatio, DEFAULT_ORG_THEME, logoProblem, orgThemeLimits, orgThemeSchema, themeProblems } from '../../../../shared/theme/org-theme.js';

import { tinyPng } from '../../../support/images.js';

/** A real JPEG's first bytes. */
const jpegHead = `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]).toString('base64')}`;
const messages = (value: unknown) => {
  const result = orgThemeSchema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('contrast', () => {
  it('follows WCAG 2.1: black on white is 21:1, a colour on itself 1:1, and the order does not matter', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBe(1);
    // Known pair: #767676 on white is the lightest grey that passes 4.5:1.
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
  });
});

describe('the organisation theme', () => {
  it('takes the neutral default and a readable custom one', () => {
    expect(messages(DEFAULT_ORG_THEME)).toEqual([]);
    expect(themeProblems(DEFAULT_ORG_THEME)).toEqual([]);
    expect(messages({ primary: '#005a2b', header_background: '#fff4d6', accent: '#c05800', logo: tinyPng })).toEqual([]);
  });

  it('refuses a colour too faint for its place, naming the field, the ratio and what is needed', () => {
    expect(messages({ ...DEFAULT_ORG_THEME, primary: '#777777' })).toEqual(['primary: low_contrast (4.47:1, needs 4.5:1)']);
    // The header band carries dark text: a dark band fails, a light one passes.
    expect(messages({ ...DEFAULT_ORG_THEME, header_background: '#333333' })[0]).toMatch(/^header_background: low_contrast/);
    // Borders and marks need 3:1 only: a mid grey that fails as text passes as the accent.
    expect(messages({ ...DEFAULT_ORG_THEME, accent: '#888888' })).toEqual([]);
    expect(messages({ ...DEFAULT_ORG_THEME, accent: '#aaaaaa' })[0]).toMatch(/^accent: low_contrast \(2\.32:1, needs 3:1\)/);
    expect(themeProblems({ ...DEFAULT_ORG_THEME, primary: '#ffff00' })).toEqual([{ field: 'primary', code: 'low_contrast', ratio: 1.07, needed: 4.5 }]);
  });

  it('refuses what is not a #rrggbb colour, and unknown fields', () => {
    for (const primary of ['red', '#fff', '#1F4E79', 'rgb(0,0,0)', '#1f4e79;}body{display:none', '']) {
      expect(messages({ ...DEFAULT_ORG_THEME, primary }), primary).toEqual(['primary: hex_colour']);
    }
    expect(messages({ ...DEFAULT_ORG_THEME, font: 'Comic Sans' })[0]).toMatch(/font/);
  });

  it('takes a PNG or JPEG whose bytes say so, within the size limit, and nothing else', () => {
    expect(logoProblem(tinyPng)).toBeNull();
    expect(logoProblem(jpegHead)).toBeNull();
    // Declared PNG, but JPEG bytes (or the other way round): the claim is not trusted.
    expect(logoProblem(tinyPng.replace('image/png', 'image/jpeg'))).toEqual({ field: 'logo', code: 'logo_wrong_bytes' });
    expect(logoProblem(jpegHead.replace('image/jpeg', 'image/png'))).toEqual({ field: 'logo', code: 'logo_wrong_bytes' });
    const svg = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64')}`;
    expect(logoProblem(svg)).toEqual({ field: 'logo', code: 'logo_not_image' });
    expect(logoProblem('https://example.org/logo.png')).toEqual({ field: 'logo', code: 'logo_not_image' });
    expect(logoProblem('data:image/png;base64,not base64!')).toEqual({ field: 'logo', code: 'logo_not_image' });
    const big = (bytes: number) => `data:image/png;base64,${Buffer.concat([Buffer.from(tinyPng.split(',')[1] ?? '', 'base64'), Buffer.alloc(bytes)]).toString('base64')}`;
    expect(logoProblem(big(orgThemeLimits.logoBytes - 200))).toBeNull();
    expect(logoProblem(big(orgThemeLimits.logoBytes))).toMatchObject({ code: 'logo_too_large', limit: orgThemeLimits.logoBytes });
    expect(logoProblem(big(orgThemeLimits.logoBytes * 4))).toMatchObject({ code: 'logo_too_large' });
    expect(messages({ ...DEFAULT_ORG_THEME, logo: svg })).toEqual(['logo: logo_not_image']);
    expect(messages({ ...DEFAULT_ORG_THEME, logo: null })).toEqual([]);
  });

  it('is the replicated row, checked field by field as replicas merge it', () => {
    const fields = entities.org_theme.fields;
    expect(Object.keys(fields).sort()).toEqual(['accent', 'header_background', 'logo', 'primary']);
    expect(fields.primary.safeParse('#1f4e79').success).toBe(true);
    expect(fields.primary.safeParse('#eeeeee').success).toBe(false);
    expect(fields.logo.safeParse(jpegHead.replace('image/jpeg', 'image/png')).success).toBe(false);
  });
});
