import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Element, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { visit } from 'unist-util-visit';
import { expect, it } from 'vitest';
import { tableCaptionMarker } from '../src/renderers/common/hast.js';
import { cases } from './helpers/cases.js';
import { publish } from './helpers/cli.js';
import { readingOrder } from './helpers/pdfua.js';
import { describeWithTools, run } from './helpers/tools.js';
import { readArticleFile } from './helpers/words.js';

const scratch = mkdtempSync(join(tmpdir(), 'editions-reading-order-'));
const normalized = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Publishes a case's one article as a PDF with the compiled CLI; resolves with the source article's path and the PDF's. */
async function publishedPdf(name: string): Promise<{ markdown: string; pdf: string }> {
  const testCase = cases.find((found) => found.name === name);
  if (!testCase) throw new Error(`No fixture case ${name}`);
  const out = join(scratch, name);
  await publish(['--source', testCase.source, '--out', out, '--only', 'pdf']);
  const markdown = readdirSync(testCase.source).find((file) => file.endsWith('.md') && file !== 'README.md') as string;
  const pdf = readdirSync(out).find((file) => file.endsWith('.pdf')) as string;
  return { markdown: join(testCase.source, markdown), pdf: join(out, pdf) };
}

/** A paragraph of the article's tree as the PDF sets it: a P, or the Caption of the table before it ("Table: …" after a table). */
interface SourceParagraph {
  readonly type: 'P' | 'Caption';
  readonly text: string;
}

/** The text of each paragraph of the article's tree, in order, as the pipeline set it (typographic quotes and all). */
function sourceParagraphs(markdown: string): SourceParagraph[] {
  const paragraphs: SourceParagraph[] = [];
  visit(readArticleFile(markdown).hast as Root, 'element', (node: Element, index, parent) => {
    if (node.tagName !== 'p') return;
    const text = normalized(toText(node, { whitespace: 'pre-wrap' }).replace(/\n/g, ' '));
    const previous = parent?.children.slice(0, index).findLast((sibling) => sibling.type === 'element');
    const caption = previous?.type === 'element' && previous.tagName === 'table' && tableCaptionMarker.test(text);
    if (text !== '') paragraphs.push(caption ? { type: 'Caption', text: text.replace(tableCaptionMarker, '') } : { type: 'P', text });
  });
  return paragraphs;
}

// Latin (the canonical article, hyphenated words and links), Arabic right to left, and the scripts of multi-script.
const proseCases = ['canonical', 'html-rtl', 'multi-script', 'every-block'];

/** The source paragraphs no P of the PDF reads (in order), and every P's text. */
async function unreadParagraphs(name: string): Promise<{ missing: string[]; structure: string[] }> {
  const { markdown, pdf } = await publishedPdf(name);
  const entries = (await readingOrder(pdf)).filter((entry) => entry.type === 'P' || entry.type === 'Caption');
  const structure = entries.map((entry) => `${entry.type} ${normalized(entry.text)}`);
  const missing: string[] = [];
  let cursor = 0;
  for (const { type, text } of sourceParagraphs(markdown)) {
    const found = structure.indexOf(`${type} ${text}`, cursor);
    if (found < 0) missing.push(text);
    else cursor = found + 1;
  }
  return { missing, structure };
}

describeWithTools(['qpdf', 'poppler'], 'PDF structure reads as prose: one P per paragraph, whose text is the paragraph', () => {
  for (const name of proseCases) {
    it(`${name}: each paragraph of the source is a P whose structure text is the paragraph, in order`, async () => {
      expect((await unreadParagraphs(name)).missing).toEqual([]);
    });
  }

  it('html-rtl: every Arabic word with a vowel mark reads with its marks after their letters', async () => {
    const { markdown, pdf } = await publishedPdf('html-rtl');
    const marked = [...readFileSync(markdown, 'utf8').matchAll(/[\p{Script=Arabic}\p{M}]*\p{Script=Arabic}\p{M}[\p{Script=Arabic}\p{M}]*/gu)].map(
      (match) => match[0],
    );
    expect(marked).toContain('قُتل');
    // The whole document's text, read through the structure tree from its root, by the checker and by poppler
    // (which reads the marked content in drawing order and ignores ActualText), and the page as pdftotext reads it.
    const document = (await readingOrder(pdf))[0]?.text ?? '';
    expect(marked.filter((word) => !document.includes(word))).toEqual([]);
    const { stdout: structure } = await run('pdfinfo', ['-struct-text', pdf]);
    expect(marked.filter((word) => !structure.includes(word))).toEqual([]);
    const { stdout: page } = await run('pdftotext', [pdf, '-']);
    expect(marked.filter((word) => !page.includes(word))).toEqual([]);
  });

  it('canonical: pdfinfo -struct-text prints a paragraph as one row, not a row per line', async () => {
    const { markdown, pdf } = await publishedPdf('canonical');
    const { stdout } = await run('pdfinfo', ['-struct-text', pdf]);
    const rows = stdout
      .split('\n')
      .map((line) => /^\s*"(.*)"$/.exec(line)?.[1])
      .filter((row): row is string => row !== undefined)
      .map(normalized);
    // A paragraph without a link is one marked-content sequence on its page: one row each, hyphenated words whole.
    const paragraphs = sourceParagraphs(markdown).map(({ text }) => text);
    const second = paragraphs[1] as string;
    expect(second.length).toBeGreaterThan(150);
    expect(rows).toContain(second);
    // Each paragraph with a word cut at a line's end is a row too (one per page it is on), the word whole in it.
    const { stdout: page } = await run('pdftotext', ['-layout', pdf, '-']);
    const lines = page.split('\n');
    const cutWords = lines.flatMap((line, index) => {
      const first = /(\p{L}+)-$/u.exec(line.trimEnd())?.[1];
      const second = /^\s*(\p{L}+)/u.exec(lines[index + 1] ?? '')?.[1];
      return first && second ? [`${first}${second}`] : [];
    });
    const hyphenated = paragraphs.filter((text) => cutWords.some((word) => text.includes(word)));
    expect(hyphenated.length).toBeGreaterThan(2);
    for (const text of hyphenated) {
      const start = rows.findIndex((row) => text.startsWith(row));
      expect([rows[start], `${rows[start]}${rows[start + 1]}`], text).toContain(text);
    }
  });
});

/** The words of a page as pdftotext -bbox-layout places them: text and left and right edges. */
async function wordBoxes(pdf: string): Promise<{ text: string; xMin: number; xMax: number; yMin: number }[]> {
  const { stdout } = await run('pdftotext', ['-bbox-layout', pdf, '-']);
  return [...stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((match) => ({
    text: match[4] ?? '',
    xMin: Number(match[1]),
    yMin: Number(match[2]),
    xMax: Number(match[3]),
  }));
}

describeWithTools(['qpdf', 'poppler'], 'PDF tables: cells set as the Markdown aligns them, read in order', () => {
  it('table-alignment: right-aligned numbers end at their column’s right edge, centred cells share a centre, left cells a start', async () => {
    const { pdf } = await publishedPdf('table-alignment');
    const boxes = await wordBoxes(pdf);
    const word = (text: string) => {
      const found = boxes.find((box) => box.text === text);
      if (!found) throw new Error(`${text} not on the page`);
      return found;
    };
    // Right: the header and every number end at one x, whatever their widths (46 and 114 start at different x).
    const rightEdges = ['Killed', '46', '33', '35', '114'].map((text) => word(text).xMax);
    for (const edge of rightEdges) expect(edge).toBeCloseTo(rightEdges[0] as number, 0);
    expect(word('114').xMin).toBeLessThan(word('46').xMin - 2);
    // Centre: one-word cells centred on one x.
    const centres = ['Province', 'Aleppo', 'Idlib', 'all'].map((text) => (word(text).xMin + word(text).xMax) / 2);
    for (const centre of centres) expect(centre).toBeCloseTo(centres[0] as number, 0);
    expect(word('Aleppo').xMin).toBeGreaterThan(word('Province').xMin + 2);
    // Left: the first column starts at one x; the short right-aligned count beside the wide cell ends at its column's edge.
    const starts = ['Group', 'Civilians,', 'Rebel', 'Soldiers', 'Total'].map((text) => word(text).xMin);
    for (const start of starts) expect(start).toBeCloseTo(starts[0] as number, 0);
    expect(word('7').xMax).toBeCloseTo(word('1,250').xMax, 0);
    expect(word('Count').xMax).toBeCloseTo(word('7').xMax, 0);
  });

  it('table-alignment: pdftotext -layout and the structure tree read each row in order', async () => {
    const { pdf } = await publishedPdf('table-alignment');
    const { stdout } = await run('pdftotext', ['-layout', pdf, '-']);
    const row = (line: string) => line.trim().split(/\s{2,}/);
    const lines = stdout.split('\n').map(row);
    expect(lines).toContainEqual(['Soldiers', 'Damascus countryside', '35']);
    expect(lines).toContainEqual(['Reports received by the desk from correspondents in the region during the week', 'checked', '7']);
    const cells = (await readingOrder(pdf)).filter((entry) => entry.type === 'TR').map((entry) => entry.text);
    expect(cells).toContain('SoldiersDamascus countryside35');
    expect(cells).toContain('Photosnone1,250');
  });
});

describeWithTools(['qpdf'], 'PDF figures are captioned as the other editions caption them', () => {
  // Pictures alone in their paragraph, with a title or with alt text alone, in left-to-right articles and a right-to-left one;
  // and pictures that are no figure in the page (linked, or several in one paragraph, one with a title): no caption either.
  for (const [name, figures] of [
    ['picture-formats', true],
    ['png-transparency', true],
    ['html-rtl', true],
    ['linked-pictures', false],
  ] as const) {
    it(`${name}: the PDF's figure captions are the HTML page's, in order`, async () => {
      const testCase = cases.find((found) => found.name === name);
      if (!testCase) throw new Error(`No fixture case ${name}`);
      const out = join(scratch, `${name}-captions`);
      await publish(['--source', testCase.source, '--out', out, '--only', 'html,pdf']);
      const page = readFileSync(join(out, readdirSync(out).find((file) => file.endsWith('.html')) as string), 'utf8');
      const inPage = [...page.matchAll(/<figcaption[^>]*>(.*?)<\/figcaption>/gs)].map((match) => normalized((match[1] as string).replace(/<[^>]+>/g, '')));
      const pdf = join(out, readdirSync(out).find((file) => file.endsWith('.pdf')) as string);
      const inPdf = (await readingOrder(pdf)).filter((entry) => entry.type === 'Caption').map((entry) => normalized(entry.text));
      expect(inPdf).toEqual(inPage);
      expect(inPage.length > 0).toBe(figures);
    });
  }
});
