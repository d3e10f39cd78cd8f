import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations } from './helpers/browser.js';
import { cases, editions, fixturesDir, projectRoot, publishCase } from './helpers/cases.js';
import { chromiumPath, describeWithTools, run, vnuJar } from './helpers/tools.js';

/** Views axe checks: the narrowest phone (where code and tables overflow) in both schemes (contrast differs), and a desktop. */
const views = [
  { width: 375, height: 800, colorScheme: 'light' },
  { width: 375, height: 800, colorScheme: 'dark' },
  { width: 1280, height: 900, colorScheme: 'light' },
] as const;

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
          const violations = await axeViolations(page);
          await context.close();
          expect(violations, `${path} at ${view.width}px, ${view.colorScheme}`).toEqual([]);
        }
      }
    });
  }

  it('lang-ko on a phone: every line of a paragraph ends at a space or a closing bracket, no Korean word broken between its syllables (keep-all)', async () => {
    const [path] = editions(await publishCase(cases.find((testCase) => testCase.name === 'lang-ko') as (typeof cases)[number]), 'html');
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(path as string).href, { waitUntil: 'load' });
    // Runs in the page, whose DOM the test's TypeScript has no types for: each line's text, where a character is lower than the one before it.
    const lines = await page.evaluate(() => {
      const { document } = globalThis as unknown as {
        document: {
          querySelectorAll(selector: string): Iterable<{ firstChild: unknown }>;
          createRange(): {
            setStart(node: unknown, offset: number): void;
            setEnd(node: unknown, offset: number): void;
            getBoundingClientRect(): { top: number; width: number };
          };
        };
      };
      const found: string[] = [];
      for (const paragraph of document.querySelectorAll('article > p')) {
        const node = paragraph.firstChild as { nodeType: number; data: string } | null;
        if (node?.nodeType !== 3) continue;
        const range = document.createRange();
        let line = '';
        let top = Number.NEGATIVE_INFINITY;
        for (let index = 0; index < node.data.length; index++) {
          range.setStart(node, index);
          range.setEnd(node, index + 1);
          const rect = range.getBoundingClientRect();
          if (rect.width > 0 && rect.top > top + 2) {
            if (line) found.push(line);
            line = '';
            top = rect.top;
          }
          line += node.data[index];
        }
        found.push(`${line}\n`);
      }
      return found;
    });
    await context.close();
    expect(lines.filter((line) => !line.endsWith('\n')).length, 'lines that end before their paragraph does').toBeGreaterThanOrEqual(10);
    // keep-all leaves the break UAX #14 gives after a closing bracket, before a particle ("(SOHR)|는"); the PDF keeps the particle.
    expect(lines.filter((line) => !/[\s)]$/.test(line))).toEqual([]);
  });

  it('images beside the page (config `images: beside`): written before it, loaded by Chromium under its policy, valid, removed with the article', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-beside-source-'));
    cpSync(join(fixturesDir, 'epub-images'), source, { recursive: true, filter: (path) => !path.includes('expected') });
    const outDir = mkdtempSync(join(tmpdir(), 'editions-beside-out-'));
    const cli = join(projectRoot, 'dist', 'cli.js');
    const publish = () =>
      run(process.execPath, [cli, '--config', 'tests/configs/images-beside.config.ts', '--source', source, '--out', outDir], { cwd: projectRoot });
    await publish();
    const page = join(outDir, 'epub-images.html');
    const html = readFileSync(page, 'utf8');
    expect(html).not.toContain('data:image');
    const sources = [...html.matchAll(/<img src="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(sources).toHaveLength(2);
    // Named by content: the same bytes as the images the article shows.
    const originals = ['headline-crop.png', 'page-crop.jpg'].map((name) => readFileSync(join(source, name)));
    for (const src of sources) {
      expect(src).toMatch(/^epub-images\.images\/[0-9a-f]{16}\.(png|jpg)$/);
      expect(originals.some((bytes) => bytes.equals(readFileSync(join(outDir, src))))).toBe(true);
    }
    const { stderr } = await run('java', ['-jar', vnuJar, '--format', 'json', page]).catch((error) => error);
    // The checker judges the policy for a file: address, whose origin is opaque, so `'self'` matches nothing there;
    // served over HTTP it is the page's own origin, and Chromium (below) loads the images under it with no violation.
    const notCsp = (message: { message: string }) =>
      !/^Resource violates Content Security Policy \(meta tag\): image “epub-images\.images\//.test(message.message);
    expect(JSON.parse(stderr).messages.filter(notCsp)).toEqual([]);

    const context = await browser.newContext();
    const tab = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    tab.on('request', (request) => requests.push(request.url()));
    tab.on('console', (message) => problems.push(`${message.type()}: ${message.text()}`));
    await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
    const loaded = await tab.evaluate(() => {
      const { document } = globalThis as unknown as { document: { images: ArrayLike<{ complete: boolean; naturalWidth: number }> } };
      return Array.from(document.images, (image) => image.complete && image.naturalWidth > 0);
    });
    await context.close();
    expect(loaded).toEqual([true, true]);
    expect(problems).toEqual([]);
    expect(requests.sort()).toEqual([pathToFileURL(page).href, ...sources.map((src) => pathToFileURL(join(outDir, src)).href)].sort());

    // The article goes: its page, its images and their folder go with it.
    rmSync(join(source, 'input.md'));
    await publish();
    expect(readdirSync(outDir).filter((name) => !name.startsWith('.'))).toEqual([]);
  });
});
