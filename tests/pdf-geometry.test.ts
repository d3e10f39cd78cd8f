import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { recipeOf } from '../src/config/registry.js';
import { labelsFor } from '../src/renderers/common/labels.js';
import { masthead as mastheadOf } from '../src/renderers/common/masthead.js';
import { graphemesOf } from '../src/renderers/common/segments.js';
import { type PdfOptions, pdfSettings } from '../src/renderers/pdf/index.js';
import { textBlockOf } from '../src/renderers/pdf/pages.js';
import type { ResolvedConfig } from '../src/types.js';
import { allFixtures, slugOf } from './helpers/batch.js';
import { cases, projectRoot } from './helpers/cases.js';
import { publish } from './helpers/cli.js';
import { describeWithTools, run } from './helpers/tools.js';
import { type PageBoxes, pageBoxes, readArticleFile, type WordBox } from './helpers/words.js';

/*
 * Where every word of every fixture's PDF is drawn, as poppler reads it (`pdftotext -bbox-layout`): on the page, in the
 * text block and its margins' place, and nowhere over another word. A word wholly off the page is one poppler drops:
 * that one the fidelity tests miss (tests/fidelity.test.ts reads every source word in the PDF's text).
 */

/**
 * How far apart two boxes' sides may be drawn into each other: poppler's box is the glyphs' advances, which kerning
 * and shaping can bring a fraction of a point closer than they add up (a letter of Arabic, which poppler reads as a
 * word of its own, joins its neighbour); a word drawn over another covers it by much more.
 */
const touching = 0.5;
/** Rounding: poppler writes six decimals of a layout computed in floating point. */
const rounding = 0.01;

/**
 * The part of a word's box where its line is: poppler's box runs from the font's ascent to its descent as the font's
 * descriptor gives them, and the fonts embedded reach past the place the renderer gives a line (1.1 em above the
 * baseline, 0.35 em below it; 0.2 em in code): Noto Sans KR's ascent is 1.16 em, Noto Naskh Arabic's descent 0.634 em,
 * room for marks few glyphs have. So a box may stand out of its line's place by 5 % of its height above (Korean, 0.06
 * of 1.45 em) and 26 % below (Arabic in code, 0.43 of 1.70 em): two lines of Arabic set 1.45 em apart have boxes
 * 0.25 em deep in each other, and their ink does not touch. Every vertical check takes the box without those parts.
 */
function core(word: WordBox): { readonly top: number; readonly bottom: number } {
  const height = word.yMax - word.yMin;
  return { top: word.yMin + height * 0.05, bottom: word.yMax - height * 0.26 };
}

/**
 * A word's box side to side, without what has no ink at its ends. Poppler keeps a space in a word where it does not
 * split the script's words at spaces (Bengali, Devanagari, Tamil), and the space a line broke at is drawn, without ink,
 * past the line's end (so that text read through the structure has it: tests/pdf-reading-order.test.ts): a word
 * ending in one may end past its line by a space, at most 0.3 of its box's height in the fonts embedded (DejaVu Sans's
 * 0.32 em in 1.16). A combining mark has no advance and is placed by the font's anchors, and poppler's box ends at its
 * origin: Noto Sans Thai's ี is 0.05 em past its consonant's advance, its ink over the consonant; allowed 0.07 of the
 * height (0.1 em). A word of no width is an Arabic vowel mark's character, riding on an invisible copy of its glyph
 * (tests/pdf-reading-order.test.ts): it draws nothing, and is not placed.
 */
function inked(word: WordBox): { readonly left: number; readonly right: number } | undefined {
  if (word.xMax - word.xMin < rounding) return undefined;
  const height = word.yMax - word.yMin;
  const blank = /\s$/.test(word.text) ? height * 0.3 : /\p{M}$/u.test(word.text) ? height * 0.07 : 0;
  return { left: word.xMin, right: word.xMax - blank };
}

/** A box in points, for a failure's message. */
const placed = (word: WordBox) => `"${word.text}" [${[word.xMin, word.yMin, word.xMax, word.yMax].map((value) => value.toFixed(1)).join(', ')}]`;

/** Characters of a text as a sorted list, without spaces and what draws nothing: a right-to-left line's words come out of poppler in visual order. */
const characters = (text: string) => [...text.normalize('NFKC').replace(/[\s\p{Default_Ignorable_Code_Point}]/gu, '')].sort();

/** Ways the PDF is laid out, each published once by the CLI with every fixture in one folder. */
const layouts = [
  { name: 'one column (the project config, the built-in theme)', config: 'pipeline.config.ts' },
  { name: 'two columns (tests/configs/theme-columns.config.ts)', config: 'tests/configs/theme-columns.config.ts' },
] as const;

describeWithTools(['poppler'], 'PDF page geometry of every fixture, through the CLI', () => {
  for (const layout of layouts) {
    let published: Promise<{ out: string; config: ResolvedConfig; articles: Map<string, string> }> | undefined;
    /** Every fixture published once with this layout's config; each article's source file by fixture. */
    const publishAll = () => {
      published ??= (async () => {
        const { source, articles } = allFixtures('editions-pdf-geometry');
        const out = mkdtempSync(join(tmpdir(), 'editions-pdf-geometry-out-'));
        const { code, stderr } = await publish(['--config', layout.config, '--source', source, '--out', out, '--only', 'pdf']);
        expect(code, stderr).toBe(0);
        const config = await loadConfig(join(projectRoot, layout.config));
        return { out, config, articles: new Map([...articles].map(([name, fixture]) => [fixture, join(source, name)])) };
      })();
      return published;
    };

    for (const testCase of cases) {
      it(`${layout.name}, ${testCase.name}: every word on the page, in the text block or at the running head's and folio's places, none over another`, async () => {
        const { out, config, articles } = await publishAll();
        const source = articles.get(testCase.name) as string;
        const pdf = join(out, `${slugOf(source)}.pdf`);
        const pages = await pageBoxes(pdf);
        expect(pages.length).toBeGreaterThan(0);
        const faults = [...placeFaults(pages, config, source, await tableWords(pdf)), ...overlapFaults(pages)];
        expect(faults, pdf).toEqual([]);
      });
    }
  }
});

/**
 * Words out of their places. Every word is on the page. Inside the margins, it is in the text block: one column, or in
 * two a column of them; a table's may be wider, up to the margins, as the renderer widens a table wider than the
 * measure; the first page's masthead (headline, dek, byline, dateline, publisher) goes across the text block, in two
 * columns across both. Outside the margins, only the running head (above the text, at the text block's starting edge,
 * its words the theme's) and the folio (below, centred on the text block, its words the page's number as the labels
 * write it), each one line, on every page but the first.
 */
function placeFaults(pages: readonly PageBoxes[], config: ResolvedConfig, source: string, tables: readonly string[]): string[] {
  const { theme } = config;
  const pdfRenderer = config.renderers.find((renderer) => renderer.name === 'pdf');
  const settings = pdfSettings((pdfRenderer && (recipeOf(pdfRenderer)?.options as PdfOptions)) ?? {});
  const { margins } = settings;
  const article = readArticleFile(source);
  const labels = labelsFor(article.meta.lang, config.labels);
  const { byline, credit, place, date, updated } = mastheadOf(article.meta, labels);
  // With the "·" the PDF sets between the byline and the credit, the place, the date and the update; the isolates around
  // a right-to-left line's "AFP" and "UTC" are drawn as nothing.
  const masthead = [theme.name, article.meta.title, article.meta.description, byline, credit, place?.line, date, updated?.line, '·']
    .join(' ')
    .replace(/[\u2066-\u2069]/g, '')
    .split(/\s+/);
  const faults: string[] = [];
  pages.forEach((page, index) => {
    const at = `page ${index + 1}`;
    const block = textBlockOf(page.width, settings, theme);
    const blockRight = block.left + block.width;
    const columns =
      theme.columns === 2
        ? [
            { left: block.left, right: block.left + block.columnWidth },
            { left: blockRight - block.columnWidth, right: blockRight },
          ]
        : [{ left: block.left, right: blockRight }];
    const area = { left: margins.left, right: page.width - margins.right, top: margins.top, bottom: page.height - margins.bottom };
    const within = (word: WordBox, left: number, right: number) => {
      const ink = inked(word);
      return !ink || (ink.left >= left - rounding && ink.right <= right + rounding);
    };
    const words = page.lines.flat();
    const head: WordBox[] = [];
    const foot: WordBox[] = [];
    for (const word of words) {
      if (word.xMin < -rounding || word.yMin < -rounding || word.xMax > page.width + rounding || word.yMax > page.height + rounding)
        faults.push(`${at}: ${placed(word)} is off the ${page.width} × ${page.height} page`);
      const { top, bottom } = core(word);
      if (bottom <= area.top) head.push(word);
      else if (top >= area.bottom) foot.push(word);
      else if (top < area.top - rounding || bottom > area.bottom + rounding) faults.push(`${at}: ${placed(word)} is across the top or bottom margin`);
      else if (columns.some((column) => within(word, column.left, column.right))) continue;
      else if (index === 0 && within(word, block.left, blockRight) && inRowOf(word, words, masthead)) continue;
      else if (columns.length === 1 && within(word, area.left, area.right) && inRowOf(word, words, tables)) continue;
      else faults.push(`${at}: ${placed(word)} is outside the text block [${block.left.toFixed(1)}, ${blockRight.toFixed(1)}]`);
    }
    const runningHead = theme.runningHead === 'publisher' ? (theme.name ?? '') : theme.runningHead === 'title' ? article.meta.title : '';
    const graphemes = [...graphemesOf(runningHead)];
    // Cut as the renderer cuts a long one (pdf/pages.ts).
    const expectedHead = index === 0 ? '' : graphemes.length > 70 ? `${graphemes.slice(0, 67).join('').trimEnd()}…` : runningHead;
    const folioNumbers = { page: labels.number(index + 1), pages: labels.number(pages.length) };
    const expectedFolio = index === 0 || theme.folio === 'none' ? '' : theme.folio === 'page' ? folioNumbers.page : labels.text('folio', folioNumbers);
    faults.push(
      ...furnitureFaults(`${at}, running head`, head, expectedHead, (left, right) => Math.min(Math.abs(left - block.left), Math.abs(right - blockRight))),
    );
    faults.push(...furnitureFaults(`${at}, folio`, foot, expectedFolio, (left, right) => Math.abs((left + right) / 2 - (block.left + blockRight) / 2)));
  });
  return faults;
}

/** A running head or folio that is not one line of the words it should be, at its place: `offset` is how far it is drawn from there. */
function furnitureFaults(what: string, words: readonly WordBox[], expected: string, offset: (left: number, right: number) => number): string[] {
  const text = words.map((word) => word.text).join(' ');
  if (words.length === 0) return expected === '' ? [] : [`${what}: missing, "${expected}" expected`];
  if (characters(text).join('') !== characters(expected).join('')) return [`${what}: ${words.map(placed).join(' ')} where "${expected}" belongs`];
  const cores = words.map(core);
  if (Math.max(...cores.map((box) => box.top)) >= Math.min(...cores.map((box) => box.bottom))) return [`${what}: not one line, ${words.map(placed).join(' ')}`];
  const left = Math.min(...words.map((word) => word.xMin));
  const right = Math.max(...words.map((word) => word.xMax));
  const off = offset(left, right);
  return off > touching ? [`${what}: "${text}" drawn ${off.toFixed(1)} pt from its place`] : [];
}

/**
 * Whether a word is in a row of `texts`' words: every word at its height (its own included) is one of them, or part of
 * one (poppler reads Arabic a letter at a time; a word hyphenated across lines), or a line-end hyphen (an artifact
 * the structure leaves out).
 */
function inRowOf(word: WordBox, words: readonly WordBox[], texts: readonly string[]): boolean {
  const { top, bottom } = core(word);
  return words
    .filter((other) => core(other).top < bottom && core(other).bottom > top)
    .every((other) => /^[-‐]$/.test(other.text) || texts.some((text) => text.includes(other.text.trim())));
}

/** The words of every table of the PDF, from its structure tree (`pdfinfo -struct-text`). */
async function tableWords(pdf: string): Promise<string[]> {
  const { stdout } = await run('pdfinfo', ['-struct-text', pdf], { maxBuffer: 64 * 1024 * 1024 });
  const text: string[] = [];
  let tableIndent = -1;
  for (const line of stdout.split('\n')) {
    const indent = line.length - line.trimStart().length;
    if (tableIndent >= 0 && indent <= tableIndent) tableIndent = -1;
    if (tableIndent < 0 && /^\s*Table\b/.test(line)) tableIndent = indent;
    const quoted = /^\s*"(.*)"$/.exec(line);
    if (tableIndent >= 0 && quoted) text.push(quoted[1] ?? '');
  }
  return text.join(' ').split(/\s+/);
}

/**
 * Words drawn over each other: two words whose lines' places meet (their boxes' cores, above) and whose boxes
 * overlap side to side by more than `touching`; and poppler's lines of one column, which never share height. What
 * may legitimately overlap comes to poppler as one word, or not at all: a combining mark, an Arabic vowel on its
 * letter (its character rides on an invisible copy of the glyph, drawn just after it, of no width) are in their
 * letter's box; a superscript, a subscript and a footnote's number are drawn after their word, raised or lowered,
 * not over it; a table's header repeated on a new page is drawn at that page's top, not over a row.
 */
function overlapFaults(pages: readonly PageBoxes[]): string[] {
  const faults: string[] = [];
  pages.forEach((page, index) => {
    const words = page.lines.flat().sort((a, b) => a.yMin - b.yMin);
    for (let first = 0; first < words.length; first++) {
      const a = words[first] as WordBox;
      const coreA = core(a);
      for (let second = first + 1; second < words.length; second++) {
        const b = words[second] as WordBox;
        if (b.yMin > a.yMax) break;
        const coreB = core(b);
        const across = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
        const down = Math.min(coreA.bottom, coreB.bottom) - Math.max(coreA.top, coreB.top);
        if (across > touching && down > 0)
          faults.push(`page ${index + 1}: ${placed(a)} and ${placed(b)} overlap by ${across.toFixed(1)} × ${down.toFixed(1)} pt`);
      }
    }
    const lines = page.lines
      .filter((line) => line.length > 0)
      .map((line) => {
        const cores = line.map(core);
        return {
          line,
          left: Math.min(...line.map((word) => word.xMin)),
          right: Math.max(...line.map((word) => word.xMax)),
          top: Math.min(...cores.map((box) => box.top)),
          bottom: Math.max(...cores.map((box) => box.bottom)),
        };
      });
    lines.forEach((a, first) => {
      for (const b of lines.slice(first + 1)) {
        const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (across > touching && down > 0)
          faults.push(
            `page ${index + 1}: the lines "${a.line.map((word) => word.text).join(' ')}" and "${b.line.map((word) => word.text).join(' ')}" overlap by ${down.toFixed(1)} pt`,
          );
      }
    });
  });
  return faults;
}
