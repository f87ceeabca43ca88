import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';
import type { AxeResults } from 'axe-core';

const axeSource = createRequire(import.meta.url)('axe-core').source as string;

/** Runs axe-core in the page against WCAG 2.1 A/AA and returns the violations. */
export async function axeViolations(page: Page): Promise<AxeResults['violations']> {
  // evaluate() runs through the debugger, so our strict CSP stays on while axe is injected.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // A fade-in (the house rules' page change) is judged at its end: halfway, its text is
    // half-transparent and fails contrast that the screen meets once it has appeared.
    // One that never ends (a pulse) is left alone.
    const ending = document.getAnimations().filter((animation) => Number.isFinite(Number(animation.effect?.getComputedTiming().endTime)));
    await Promise.all(ending.map((animation) => animation.finished.catch(() => undefined)));
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return results.violations;
  });
}
