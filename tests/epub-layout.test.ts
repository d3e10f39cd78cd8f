import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from './helpers/browser.js';
import { cases, chineseAndEnglishStory } from './helpers/cases.js';
import { publish } from './helpers/cli.js';
import { layoutAtWidths, publishedFixtures, widths } from './helpers/layout.js';
import { describeWithTools } from './helpers/tools.js';

/** The EPUB's files written out beside it (`<book>.files/`): the path of its chapter, which a browser opens as a reading system's web view does. */
async function unzippedChapter(book: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(book));
  const folder = `${book}.files`;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const path = join(folder, entry.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, await entry.async('nodebuffer'));
  }
  return join(folder, 'OEBPS', 'article.xhtml');
}

/** The box holding each table of the page: whether it scrolls sideways, and how wide its content is in how wide a box. Runs in the page. */
function tableBoxes(): { overflowX: string; scrollWidth: number; clientWidth: number }[] {
  interface Box {
    scrollWidth: number;
    clientWidth: number;
  }
  const { document, getComputedStyle } = globalThis as unknown as {
    document: { querySelectorAll(selector: string): ArrayLike<{ parentElement: Box }> };
    getComputedStyle(element: Box): { overflowX: string };
  };
  return Array.from(document.querySelectorAll('table'), ({ parentElement: box }) => ({
    overflowX: getComputedStyle(box).overflowX,
    scrollWidth: box.scrollWidth,
    clientWidth: box.clientWidth,
  }));
}

describeWithTools(['chromium'], 'EPUB chapter layout of every fixture in Chromium, through the CLI', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  let published: Promise<Map<string, string>> | undefined;
  /** Every fixture's EPUB, published once by the CLI with the project's config: its chapter's path, by fixture. */
  const publishAll = () => {
    published ??= publishedFixtures('editions-epub-layout', 'epub').then(
      async (books) => new Map(await Promise.all([...books].map(async ([name, path]) => [name, await unzippedChapter(`${path}.epub`)] as const))),
    );
    return published;
  };

  for (const { name } of cases) {
    it(`${name}: at ${widths.join(' and ')} px, no sideways scrolling, every line of text in its blocks or a box that scrolls, each table in a box that scrolls`, async () => {
      const chapter = (await publishAll()).get(name) as string;
      const laidOut = await layoutAtWidths(browser, chapter, tableBoxes);
      for (const width of widths) {
        expect(laidOut[width]?.faults, `${chapter} at ${width} px`).toEqual([]);
        for (const box of laidOut[width]?.measured ?? []) expect(box.overflowX, `${chapter} at ${width} px`).toBe('auto');
      }
      // The widest table of the fixtures is wider than a phone: its box, not the page, scrolls.
      if (name === 'table-narrow-columns') {
        const [box] = laidOut[320]?.measured ?? [];
        expect(box?.scrollWidth).toBeGreaterThan((box?.clientWidth ?? 0) * 2);
      }
    });
  }

  it('table-narrow-columns in a paged medium (print), where nothing scrolls: the table fits the page, its box lets it out', async () => {
    const chapter = (await publishAll()).get('table-narrow-columns') as string;
    const laidOut = await layoutAtWidths(browser, chapter, tableBoxes, 'print');
    for (const width of widths) {
      expect(laidOut[width]?.faults, `${chapter} at ${width} px`).toEqual([]);
      const [box] = laidOut[width]?.measured ?? [];
      expect(box?.overflowX).toBe('visible');
      expect(box?.scrollWidth).toBeLessThanOrEqual(box?.clientWidth ?? 0);
    }
  });

  it('a Chinese book’s dek and captions are upright, no Latin word or digit among the Han slanted; the English book’s in italics', async () => {
    const out = mkdtempSync(join(tmpdir(), 'editions-upright-epub-'));
    expect((await publish(['--source', chineseAndEnglishStory(), '--out', out, '--only', 'epub'])).code).toBe(0);
    const styles = async (lang: string) => {
      const chapter = await unzippedChapter(join(out, `${lang}.epub`));
      const page = await browser.newPage();
      const fontStyle = async (file: string, selector: string) => {
        await page.goto(pathToFileURL(join(dirname(chapter), file)).href);
        return page.$eval(selector, (element) => element.ownerDocument.defaultView?.getComputedStyle(element).fontStyle);
      };
      const found = [await fontStyle('title.xhtml', '.dek'), await fontStyle('article.xhtml', 'figcaption')];
      await page.close();
      return found;
    };
    expect(await styles('zh')).toEqual(['normal', 'normal']);
    expect(await styles('en')).toEqual(['italic', 'italic']);
  });

  it('a portrait picture and its caption fit an e-reader screen of 600 × 800, the picture shrunk in proportion', async () => {
    const source = mkdtempSync(join(tmpdir(), 'editions-epub-portrait-'));
    const out = mkdtempSync(join(tmpdir(), 'editions-epub-portrait-out-'));
    // A phone's upright photo: twice as tall as it is wide, so at the column's width it is taller than the screen.
    await sharp({ create: { width: 1200, height: 2400, channels: 3, background: '#2a4d3a' } })
      .jpeg()
      .toFile(join(source, 'upright.jpg'));
    writeFileSync(
      join(source, 'portrait.md'),
      '---\ntitle: Portrait\ndate: 2026-12-01\nlang: en\n---\n\nThe minister arrived.\n\n![The minister at the lectern](upright.jpg "The minister at the lectern, on Monday.")\n\nShe spoke for an hour.\n',
    );
    expect((await publish(['--source', source, '--out', out, '--only', 'epub'])).code).toBe(0);
    const chapter = await unzippedChapter(join(out, 'portrait.epub'));
    const page = await browser.newPage({ viewport: { width: 600, height: 800 } });
    await page.goto(pathToFileURL(chapter).href, { waitUntil: 'load' });
    const [figure, picture] = await page.$$eval('figure img, figure', (elements) =>
      elements.map((element) => {
        const { width, height } = element.getBoundingClientRect();
        return { width, height };
      }),
    );
    await page.close();
    // The reading system shows a page at a time: a figure taller than it is cut, or its caption parted from it.
    expect(figure?.height).toBeLessThan(800);
    expect((picture?.height ?? 0) / (picture?.width ?? 1)).toBeCloseTo(2, 1);
  });
});
