import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArticle } from '../src/read/article.js';
import { hyphenationPoints } from '../src/renderers/pdf/hyphenate.js';
import { pdf } from '../src/renderers/pdf/index.js';
import { type Line, setParagraph } from '../src/renderers/pdf/layout.js';
import { placeRuns } from '../src/renderers/pdf/place.js';
import type { RenderContext, SourcePlace } from '../src/types.js';
import { fixturesDir, projectRoot } from './helpers/cases.js';

const text = { bold: false, italic: false, mono: false };
const longParagraph = readFileSync(join(fixturesDir, 'long-form', 'input.md'), 'utf8')
  .split('\n\n')
  .filter((block) => /^[A-Z]/.test(block) && block.length > 600)
  .slice(0, 6);

function set(paragraph: string, width: number, justify = true): Line[] {
  return setParagraph([{ text: paragraph, style: text, size: 10.5 }], { width, justify, lang: 'en', rtl: false, onMissing: () => {} });
}

const lineText = (line: Line) => line.pieces.flatMap((piece) => piece.runs.map((run) => run.text)).join('');

describe('PDF paragraphs: Knuth–Plass lines with hyphenation', () => {
  for (const width of [110, 180, 260, 340, 467]) {
    it(`at a ${width} pt measure: no line overflows, at most two hyphens in a row, none on the last line, every letter kept`, () => {
      // Six paragraphs of the fixture, or the loop below would pass on nothing.
      expect(longParagraph).toHaveLength(6);
      for (const paragraph of longParagraph) {
        const lines = set(paragraph, width);
        expect(lines.length).toBeGreaterThan(1);
        // Justified lines may be set a little tight: their spaces shrink, never past their shrink.
        for (const line of lines) expect(line.ratio).toBeGreaterThanOrEqual(-1);
        for (const line of set(paragraph, width, false)) expect(line.width).toBeLessThanOrEqual(width + 0.01);
        let streak = 0;
        for (const line of lines) {
          streak = line.hyphenated ? streak + 1 : 0;
          expect(streak).toBeLessThanOrEqual(2);
        }
        expect(lines.at(-1)?.hyphenated).toBe(false);
        expect(lines.at(-1)?.last).toBe(true);
        const letters = (value: string) => value.replace(/[^\p{L}\p{N}]/gu, '');
        expect(letters(lines.map((line) => lineText(line).replace(/-$/, '')).join(''))).toBe(letters(paragraph).replace(/-/g, ''));
      }
    });
  }

  it('hyphenates by the article language: every line-end hyphen sits at a point of the English patterns', () => {
    const lines = set(longParagraph.join(' '), 150);
    const tokens = lines.map((line) => lineText(line).trim().split(/\s+/));
    let hyphenated = 0;
    lines.forEach((line, index) => {
      if (!line.hyphenated) return;
      hyphenated++;
      const half = (tokens[index]?.at(-1) ?? '').replace(/-$/, '');
      // The word goes on until a line does not end on a hyphen.
      let rest = '';
      for (let next = index + 1; next < lines.length; next++) {
        const first = tokens[next]?.[0] ?? '';
        rest += first.replace(/-$/, '');
        if (!(lines[next]?.hyphenated && tokens[next]?.length === 1)) break;
      }
      const parts = hyphenationPoints(`${half}${rest}`.replace(/[^\p{L}]+$/u, ''), 'en');
      const prefixes = parts.map((_, count) => parts.slice(0, count + 1).join(''));
      expect(prefixes, `${half}-${rest}`).toContain(half);
    });
    expect(hyphenated).toBeGreaterThan(5);
  });

  it('total-fit sets a newspaper measure without loose lines: no space stretches past the tolerance of the strict pass', () => {
    for (const paragraph of longParagraph) {
      for (const line of set(paragraph, 340).slice(0, -1)) expect(line.ratio).toBeLessThanOrEqual(3);
    }
  });

  it('a URL longer than the measure breaks inside, never overflowing', () => {
    const url = 'https://example.org/letters/2024/an-extraordinarily-long-address-that-must-break-across-lines/index.html';
    const lines = set(`A reader sent ${url} as a complaint.`, 120, false);
    for (const line of lines) expect(line.width).toBeLessThanOrEqual(120.01);
    expect(lines.map(lineText).join('').replace(/\s/g, '')).toContain(url.replace(/\s/g, ''));
  });

  it('orders a mixed line by the bidi algorithm: the Arabic words run right to left between the English ones', () => {
    const [line] = setParagraph([{ text: 'the word السلام عليكم is a greeting', style: text, size: 10 }], {
      width: 1000,
      justify: false,
      lang: 'en',
      rtl: false,
      onMissing: () => {},
    });
    expect(line).toBeDefined();
    const placed = placeRuns(line as Line, 0);
    const x = (word: string) => placed.find((entry) => entry.run.text.includes(word))?.x ?? Number.NaN;
    expect(x('word')).toBeLessThan(x('عليكم'));
    expect(x('عليكم')).toBeLessThan(x('السلام'));
    expect(x('السلام')).toBeLessThan(x('greeting'));
  });
});

describe('PDF renderer: warnings and determinism', () => {
  function renderContext(warnings: { reason: string; place?: SourcePlace; ruleId?: string }[]): RenderContext {
    return {
      config: { source: projectRoot, outDir: projectRoot, renderers: [], labels: {} },
      warn: (reason, options) => warnings.push({ reason, ...options }),
    };
  }

  it('a character no font covers is drawn as a placeholder and reported with its line, column and code point', async () => {
    const source = '---\ntitle: Missing glyphs\nlang: en\n---\n\nA private character \uE123 here.\n';
    const folder = mkdtempSync(join(tmpdir(), 'editions-pdf-missing-'));
    writeFileSync(join(folder, 'missing.md'), source);
    const { article } = readArticle(join(folder, 'missing.md'), readFileSync(join(folder, 'missing.md')));
    expect(article).toBeDefined();
    const warnings: { reason: string; place?: SourcePlace; ruleId?: string }[] = [];
    const bytes = await pdf().render(article as NonNullable<typeof article>, renderContext(warnings));
    expect(Buffer.from(bytes).subarray(0, 5).toString()).toBe('%PDF-');
    const missing = warnings.filter((warning) => warning.ruleId === 'pdf-missing-glyph');
    expect(missing).toHaveLength(1);
    expect(missing[0]?.reason).toContain('U+E123');
    expect(missing[0]?.place).toEqual({ line: 6, column: 21 });
  });

  it('XMP escapes what the article says: a title with "&" and "<" keeps the metadata well-formed', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'editions-pdf-xmp-'));
    const source = '---\ntitle: "Q&A: <Bold> claims"\nauthor: "Tom & Jerry"\npublisher: "P&Q Press"\nlang: en\n---\n\nA short body.\n';
    writeFileSync(join(folder, 'xmp.md'), source);
    const { article } = readArticle(join(folder, 'xmp.md'), readFileSync(join(folder, 'xmp.md')));
    const bytes = Buffer.from(await pdf().render(article as NonNullable<typeof article>, renderContext([]))).toString('utf8');
    const xmp = bytes.slice(bytes.indexOf('<x:xmpmeta'), bytes.indexOf('</x:xmpmeta>'));
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Q&amp;A: &lt;Bold&gt; claims</rdf:li>');
    expect(xmp).toContain('<rdf:li>Tom &amp; Jerry</rdf:li>');
    expect(xmp).toContain('<dc:publisher><rdf:Bag><rdf:li>P&amp;Q Press</rdf:li></rdf:Bag></dc:publisher>');
    expect(xmp).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
  });

  it('the same article gives the same bytes, twice in one process', async () => {
    const path = join(projectRoot, 'source', 'moscow-syria-opposition-contact.md');
    const { article } = readArticle(path, readFileSync(path));
    const renderer = pdf();
    const first = await renderer.render(article as NonNullable<typeof article>, renderContext([]));
    const second = await renderer.render(article as NonNullable<typeof article>, renderContext([]));
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('page size and base size come from the options: Letter pages, larger type, more pages', async () => {
    const path = join(projectRoot, 'source', 'moscow-syria-opposition-contact.md');
    const { article } = readArticle(path, readFileSync(path));
    const a4 = Buffer.from(await pdf().render(article as NonNullable<typeof article>, renderContext([]))).toString('latin1');
    const letter = Buffer.from(await pdf({ pageSize: 'LETTER', baseSize: 14 }).render(article as NonNullable<typeof article>, renderContext([]))).toString(
      'latin1',
    );
    expect(a4).toContain('/MediaBox [0 0 595.28 841.89]');
    expect(letter).toContain('/MediaBox [0 0 612 792]');
    const pages = (pdfSource: string) => (pdfSource.match(/\/Type \/Page\b/g) ?? []).length;
    expect(pages(letter)).toBeGreaterThan(pages(a4));
  });
});
