/**
 * One Content-Security-Policy for the renderer, in Electron and in the web host.
 * No inline script, no eval, no remote code; the only socket is our own origin.
 */
const directives = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** As an HTTP header (web host). */
export const rendererCsp = [...directives, "frame-ancestors 'none'"].join('; ');

/** As a <meta> tag (Electron's file:// load): browsers ignore frame-ancestors there. */
export const rendererCspMeta = directives.join('; ');

/** Sent with every page the web host or the server serves to a browser. */
export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': rendererCsp,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};
