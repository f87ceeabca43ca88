/**
 * Debian's Chromium: Playwright's own browser download cannot reach its CDN here.
 * The autoplay flag is what a kiosk or thin-client browser running Vangnet needs, so the
 * alarm sounds without anyone clicking first (docs/alarm.md, "Sound").
 */
export declare const chromiumArgs: string[];
declare const _default: import("playwright/test").PlaywrightTestConfig<{}, {}>;
export default _default;
