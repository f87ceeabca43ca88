import { useEffect } from 'react';
import { DEFAULT_ORG_THEME, hexPattern, orgThemeSchema, themeColourNames, type OrgTheme } from '../../../shared/theme/org-theme.js';
import { useCall } from '../api/use-call.js';

/**
 * The organisation's colours as CSS: only the three --vangnet-* properties the default theme
 * derives its tokens from. Values are parsed again here, so nothing but #rrggbb reaches a sheet.
 */
export function orgThemeCss(theme: OrgTheme): string {
  const parsed = orgThemeSchema.safeParse(theme);
  const { primary, header_background, accent } = parsed.success ? parsed.data : DEFAULT_ORG_THEME;
  return `:root.vangnet-theme { --vangnet-primary: ${primary}; --vangnet-header-background: ${header_background}; --vangnet-accent: ${accent}; }`;
}

/**
 * A constructed stylesheet, adopted by the document: the CSP forbids style attributes and
 * inline <style>, and a constructed sheet is neither (no CSP violation is reported for it).
 */
function adopt(doc: Document, css: string): () => void {
  if (!('adoptedStyleSheets' in doc) || typeof CSSStyleSheet === 'undefined' || !('replaceSync' in CSSStyleSheet.prototype)) return () => undefined;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  return () => {
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((adopted) => adopted !== sheet);
  };
}

/** The organisation's theme, reloaded when it is saved here or arrives from another desk. */
export function useOrgTheme(): OrgTheme {
  const { result } = useCall('orgTheme.get', {}, ['orgTheme.changed', 'device.statusChanged']);
  return result.state === 'ready' ? result.value : DEFAULT_ORG_THEME;
}

/** Adopts a sheet for as long as the component shows, replacing it when the CSS changes. */
export function useAdoptedCss(css: string): void {
  useEffect(() => adopt(document, css), [css]);
}

/** Lays the organisation's colours over the default theme for as long as the app shows. */
export function useOrgThemeSheet(theme: OrgTheme): void {
  useAdoptedCss(orgThemeCss(theme));
}

/** The form's swatches show the colours as typed, each only once it is a well-formed #rrggbb. */
export function previewCss(theme: OrgTheme): string {
  const rules = themeColourNames.filter((field) => hexPattern.test(theme[field])).map((field) => `.colour-swatch-${field} { background-color: ${theme[field]}; }`);
  return rules.join('\n');
}
