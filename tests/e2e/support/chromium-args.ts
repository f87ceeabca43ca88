/**
 * Debian's Chromium: Playwright's own browser download cannot reach its CDN here.
 * The autoplay flag is what a kiosk or thin-client browser running Vangnet needs, so the
 * alarm sounds without anyone clicking first (docs/alarm.md, "Sound").
 */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];
