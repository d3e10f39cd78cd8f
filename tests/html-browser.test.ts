import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cases, editions, publishCase } from './helpers/cases.js';
import { chromiumPath, describeWithTools } from './helpers/tools.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Views axe checks: the narrowest phone (where code and tables overflow) in both schemes (contrast differs), and a desktop. */
const views = [
  { width: 375, height: 800, colorScheme: 'light' },
  { width: 375, height: 800, colorScheme: 'dark' },
  { width: 1280, height: 900, colorScheme: 'light' },
] as const;

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: unknown[] }[];
}

describeWithTools(['chromium'], 'HTML edition in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const testCase of cases) {
    it(`${testCase.name}: no request but the page, no console error, no CSP violation`, async () => {
      for (const path of editions(await publishCase(testCase), 'html')) {
        const url = pathToFileURL(path).href;
        // The page's own CSP stays on here: Chromium logs any violation as a console error.
        const context = await browser.newContext();
        const page = await context.newPage();
        const requests: string[] = [];
        const problems: string[] = [];
        page.on('request', (request) => requests.push(request.url()));
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
        });
        page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
        await page.goto(url, { waitUntil: 'load' });
        await context.close();
        expect(requests, path).toEqual([url]);
        expect(problems, path).toEqual([]);
      }
    });

    it(`${testCase.name}: axe-core finds no WCAG 2.2 A/AA or best-practice violation`, async () => {
      for (const path of editions(await publishCase(testCase), 'html')) {
        for (const view of views) {
          // The page's CSP forbids injected scripts: bypass it for axe only.
          const context = await browser.newContext({ bypassCSP: true, viewport: { width: view.width, height: view.height }, colorScheme: view.colorScheme });
          const page = await context.newPage();
          await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
          await page.addScriptTag({ content: axeSource });
          const violations = await page.evaluate(async (tags) => {
            // Runs in the page: the test's TypeScript has no DOM types, so the page's globals are typed here.
            const { axe, document } = globalThis as unknown as {
              axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> };
              document: unknown;
            };
            const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
            return result.violations.map((violation) => ({ id: violation.id, help: violation.help, targets: violation.nodes.map((node) => node.target) }));
          }, axeTags);
          await context.close();
          expect(violations, `${path} at ${view.width}px, ${view.colorScheme}`).toEqual([]);
        }
      }
    });
  }
});
