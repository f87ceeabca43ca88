import { z } from 'zod';

/**
 * An organisation's own look: a logo and three colours laid over the neutral default theme.
 * Replicated (one row per organisation), so the desk, the server and every other desk
 * check it with this one definition; a colour that would make text unreadable is refused.
 */

/** Page text and page background of the default theme: the colours every token is checked against. */
export const themeInk = '#1a1a1a';
export const themePaper = '#ffffff';

/** WCAG 2.1 AA: 4.5:1 for normal text (1.4.3), 3:1 for borders and focus marks (1.4.11). */
export const textContrast = 4.5;
export const graphicContrast = 3;

export const orgThemeLimits = {
  /** Decoded logo bytes: a header logo needs no more, and every desk replicates it. */
  logoBytes: 48 * 1024,
} as const;

export const hexPattern = /^#[0-9a-f]{6}$/;
const hexColour = z.string().regex(hexPattern, 'hex_colour');

/**
 * Each colour and what it must be readable against: `primary` fills buttons (white text on it)
 * and colours links on the page; the header band carries the page's ink; `accent` marks the
 * current menu item and the header's edge.
 */
export const themeColours = {
  primary: { against: themePaper, min: textContrast },
  header_background: { against: themeInk, min: textContrast },
  accent: { against: themePaper, min: graphicContrast },
} as const;
export type ThemeColour = keyof typeof themeColours;
export const themeColourNames = Object.keys(themeColours) as ThemeColour[];

export type LogoMime = 'image/png' | 'image/jpeg';
/** Magic bytes, because a data URL's declared type is only a claim. */
const magic: Record<LogoMime, readonly number[]> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};
const dataUrlPattern = /^data:(image\/png|image\/jpeg);base64,([A-Za-z0-9+/]+={0,2})$/;
/** Base64 of the byte limit plus the longest prefix: anything longer is refused before decoding. */
const maxLogoChars = 'data:image/jpeg;base64,'.length + Math.ceil(orgThemeLimits.logoBytes / 3) * 4;

export type ThemeProblem =
  | { field: ThemeColour; code: 'low_contrast'; ratio: number; needed: number }
  | { field: 'logo'; code: 'logo_not_image' | 'logo_wrong_bytes' }
  | { field: 'logo'; code: 'logo_too_large'; bytes: number; limit: number };

/** sRGB relative luminance (WCAG 2.1). */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The WCAG contrast ratio of two #rrggbb colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const base64Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The first bytes of a base64 text (shared code runs in Node and the browser, without atob's typings). */
function leadingBytes(text: string, count: number): number[] {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text.slice(0, Math.ceil((count * 4) / 3) + 4)) {
    const digit = base64Alphabet.indexOf(char);
    if (digit < 0) break;
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 0xff);
    }
  }
  return bytes.slice(0, count);
}

const decodedLength = (text: string) => Math.floor((text.length * 3) / 4) - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);

/** A colour too faint against what it stands on; the ratio is rounded down, so "4.49" never reads as enough. */
export function colourProblem(field: ThemeColour, hex: string): ThemeProblem | null {
  const { against, min } = themeColours[field];
  const ratio = contrastRatio(hex, against);
  return ratio < min ? { field, code: 'low_contrast', ratio: Math.floor(ratio * 100) / 100, needed: min } : null;
}

/** What is wrong with a logo data URL, or null: a PNG or JPEG whose bytes say so, within the limit. */
export function logoProblem(dataUrl: string): ThemeProblem | null {
  if (dataUrl.length > maxLogoChars + 2) return { field: 'logo', code: 'logo_too_large', bytes: Math.floor(((dataUrl.length - 22) * 3) / 4), limit: orgThemeLimits.logoBytes };
  const match = dataUrlPattern.exec(dataUrl);
  if (!match) return { field: 'logo', code: 'logo_not_image' };
  const body = match[2] ?? '';
  const size = decodedLength(body);
  if (size > orgThemeLimits.logoBytes) return { field: 'logo', code: 'logo_too_large', bytes: size, limit: orgThemeLimits.logoBytes };
  const signature = magic[match[1] as LogoMime];
  const head = leadingBytes(body, signature.length);
  if (!signature.every((byte, index) => head[index] === byte)) return { field: 'logo', code: 'logo_wrong_bytes' };
  return null;
}

/** Every problem of a theme whose colours are already well-formed hex. */
export function themeProblems(theme: { logo: string | null } & Record<ThemeColour, string>): ThemeProblem[] {
  const problems: ThemeProblem[] = [];
  for (const field of themeColourNames) {
    const problem = colourProblem(field, theme[field]);
    if (problem) problems.push(problem);
  }
  const logo = theme.logo === null ? null : logoProblem(theme.logo);
  if (logo) problems.push(logo);
  return problems;
}

function describe(problem: ThemeProblem): string {
  if (problem.code === 'low_contrast') return `low_contrast (${problem.ratio}:1, needs ${problem.needed}:1)`;
  if (problem.code === 'logo_too_large') return `logo_too_large (${problem.bytes} bytes, at most ${problem.limit})`;
  return problem.code;
}

/** A colour token, readable against what it stands on. */
const colourField = (field: ThemeColour) =>
  hexColour.superRefine((value, ctx) => {
    const problem = hexPattern.test(value) ? colourProblem(field, value) : null;
    if (problem) ctx.addIssue({ code: 'custom', message: describe(problem) });
  });

/**
 * Each field checks itself, because replicas merge a row field by field: a patch of one
 * colour is as valid as the whole row, on the desk and on the server.
 */
export const orgThemeFields = {
  primary: colourField('primary'),
  header_background: colourField('header_background'),
  accent: colourField('accent'),
  /** A PNG or JPEG data URL, or null for none. */
  logo: z
    .string()
    .max(maxLogoChars + 2, 'logo_too_large')
    .superRefine((value, ctx) => {
      const problem = logoProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: describe(problem) });
    })
    .nullable(),
};

/** The replicated row and the call's input: well-formed, readable, and a real image. */
export const orgThemeSchema = z.strictObject(orgThemeFields);
export type OrgTheme = z.infer<typeof orgThemeSchema>;

/** Calm and neutral: a dark slate blue, a light grey band, no logo. */
export const DEFAULT_ORG_THEME: OrgTheme = {
  primary: '#1f4e79',
  header_background: '#f2f4f7',
  accent: '#1f4e79',
  logo: null,
};
