import { defineConfig } from '@playwright/test';
import { chromiumArgs } from './tests/e2e/support/chromium-args.js';

export default defineConfig({
  testDir: 'tests/e2e',
  // Each alarm test starts a server and two web host processes and enrols two desks through the UI.
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env['CI']),
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: chromiumArgs },
    trace: 'retain-on-failure',
  },
});
