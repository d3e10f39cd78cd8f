import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Page } from 'playwright-core';
import { chromiumPath } from './validators.js';

/** Debian's Chromium, headless, as tests/html-browser.test.ts launches it: no browser is ever downloaded. */
export function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The WCAG 2.2 A/AA and best-practice rules axe checks. */
export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's violations on a loaded page (whose context bypasses its CSP, which forbids the injected script). */
export async function axeViolations(page: Page): Promise<{ id: string; help: string; targets: unknown[] }[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    // Runs in the page: the test's TypeScript has no DOM types, so the page's globals are typed here.
    const { axe, document } = globalThis as unknown as {
      axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> };
      document: unknown;
    };
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((violation) => ({ id: violation.id, help: violation.help, targets: violation.nodes.map((node) => node.target) }));
  }, axeTags);
}
