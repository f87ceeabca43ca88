// Adds up the Vitest and Playwright JSON reports into the one line CI reads.
// A step that fails before any test ran (lint, typecheck, build) counts as one failure.
import fs from 'node:fs';

const status = Number(process.argv[2] ?? 1);
const read = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null);

let passed = 0;
let failed = 0;
let skipped = 0;

const vitest = read('reports/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
  console.log(`vitest: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed, ${vitest.numPendingTests} skipped`);
}
const playwright = read('reports/playwright.json');
if (playwright) {
  const { expected, unexpected, flaky, skipped: pwSkipped } = playwright.stats;
  passed += expected + flaky;
  failed += unexpected;
  skipped += pwSkipped;
  console.log(`playwright: ${expected + flaky} passed, ${unexpected} failed, ${pwSkipped} skipped`);
}
if (status !== 0 && failed === 0) {
  console.log('a step before or after the tests failed (see above)');
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
