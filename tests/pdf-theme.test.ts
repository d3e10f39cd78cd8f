import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Element, Root, RootContent } from 'hast';
import { expect, it } from 'vitest';
import { fixturesDir } from './helpers/cases.js';
import { executionModes, publish } from './helpers/cli.js';
import { checkPdfUa } from './helpers/pdfua.js';
import { describeWithTools, run } from './helpers/tools.js';
import { bodyWords, missingInOrder, pdfStructureText, readArticleFile, treeText, words } from './helpers/words.js';

/*
 * The PDF's share of the house theme, through the compiled CLI: two configs of tests/configs, one in two columns with
 * faces of its own for every role and an SVG logo, one in a 52-character column on a tinted page with a PNG logo.
 */

const scratch = mkdtempSync(join(tmpdir(), 'editions-pdf-theme-'));
const columnsConfig = 'tests/configs/theme-columns.config.ts';
const measureConfig = 'tests/configs/theme-measure.config.ts';
const longForm = join(fixturesDir, 'long-form');

/** Publishes a fixture's PDF with a config (in an execution mode); the PDF's path and the CLI's messages. */
async function themedPdf(config: string | undefined, fixture: string, out: string, env: NodeJS.ProcessEnv = {}, mode: readonly string[] = []) {
  const args = [
    ...(config ? ['--config', config] : []),
    '--source',
    join(fixturesDir, fixture),
    '--out',
    join(scratch, out),
    '--only',
    'pdf',
    '--force',
    ...mode,
  ];
  const result = await publish(args, env);
  expect(result.code, result.stderr).toBe(0);
  return { path: join(scratch, out, 'input.pdf'), stderr: result.stderr };
}

const pdftotext = async (path: string, ...args: string[]) =>
  (await run('pdftotext', [...args, '-enc', 'UTF-8', path, '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout;

/**
 * `pdftotext -layout` prints two columns side by side: each page's rows cut at the gutter (the first character
 * position past the page's middle third where every row has a space) read as the left column, then the right.
 */
function columnsOfLayout(page: string): { across: string; left: string; right: string } {
  const rows = page.split('\n');
  const longest = Math.max(...rows.map((row) => row.length));
  // A row clear of the gutter at `at`, or too short to matter (the folio, centred over the gutter).
  const clear = (row: string, at: number) => row.length <= at || (row[at] === ' ' && row[at - 1] === ' ') || row.trim().length <= 8;
  let best = { at: 0, from: rows.length };
  for (let at = Math.floor(longest / 3); at < (longest * 2) / 3; at++) {
    let from = rows.length;
    while (from > 0 && clear(rows[from - 1] ?? '', at)) from--;
    if (from < best.from) best = { at, from };
  }
  const columns = rows.slice(best.from);
  return {
    across: rows.slice(0, best.from).join('\n'),
    left: columns.map((row) => row.slice(0, best.at)).join('\n'),
    right: columns.map((row) => row.slice(best.at)).join('\n'),
  };
}

/** The colour of one pixel of page 1 at 72 dpi, at a point from the top left. */
async function pixel(path: string, x: number, y: number): Promise<[number, number, number]> {
  const { stdout } = await run(
    'pdftoppm',
    ['-r', '72', '-f', '1', '-l', '1', '-x', String(Math.round(x)), '-y', String(Math.round(y)), '-W', '1', '-H', '1', path],
    {
      encoding: 'buffer',
    } as never,
  );
  const bytes = stdout as unknown as Buffer;
  return [...bytes.subarray(bytes.length - 3)] as [number, number, number];
}

/** The tree without its tables. */
function withoutTables<Node extends Root | Element>(node: Node): Node {
  const children: RootContent[] = [];
  for (const child of node.children) {
    if (child.type !== 'element') children.push(child);
    else if (child.tagName !== 'table') children.push(withoutTables(child));
  }
  return { ...node, children };
}

const rgb = (hex: string) => [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16));

/** The median length in characters of the lines of text longer than 25 characters (no headings, few last lines; tables are few rows). */
async function medianLine(path: string): Promise<number> {
  const lengths = (await pdftotext(path))
    .split('\n')
    .map((line) => [...line.trim()].length)
    .filter((length) => length > 25)
    .sort((a, b) => a - b);
  return lengths[Math.floor(lengths.length / 2)] ?? 0;
}

describeWithTools(['qpdf', 'poppler'], 'PDF edition: the theme', () => {
  const article = readArticleFile(join(longForm, 'input.md'));

  it("embeds and subsets the theme's headline, body and monospace faces", async () => {
    const { path } = await themedPdf(columnsConfig, 'long-form', 'fonts');
    const fonts = (await run('pdffonts', [path])).stdout.trim().split('\n').slice(2);
    for (const face of ['DejaVuSerifCondensed-Bold', 'DejaVuSerifCondensed', 'DejaVuSansMono-Oblique']) {
      const line = fonts.find((row) => new RegExp(`^[A-Z]{6}\\+${face}\\s`).test(row));
      expect(line, `${face} in\n${fonts.join('\n')}`).toMatch(/\s+yes\s+yes\s+yes\s+\d+\s+\d+$/);
    }
    // Roman body text is in the theme's face: the built-in roman and monospace faces are not used at all.
    expect(fonts.some((row) => /\+NotoSerif-Regular\s/.test(row))).toBe(false);
    expect(fonts.some((row) => /\+DejaVuSansMono\s/.test(row))).toBe(false);
  });

  it('two columns: the structure tree reads column 1, then column 2; pdftotext -layout prints them side by side, in order each', async () => {
    const { path } = await themedPdf(columnsConfig, 'long-form', 'columns');
    expect(missingInOrder(bodyWords(article), await pdfStructureText(path))).toEqual([]);
    // A table's word cut inside a narrow cell ("Corre" "ctions") is whole only in the structure tree: tables are left out.
    const prose = words(treeText(withoutTables(article.hast as Root)));
    const columns = (await pdftotext(path, '-layout')).split('\f').map(columnsOfLayout);
    // Every page but the last has text in both columns.
    for (const { left, right } of columns.slice(0, -1)) expect([left.trim() !== '', right.trim() !== '']).toEqual([true, true]);
    expect(missingInOrder(prose, columns.map(({ across, left, right }) => `${across}\n${left}\n${right}`).join('\n'))).toEqual([]);
    // Without -layout, poppler orders blocks by its own rules (a block of column 2 wholly above one of column 1 comes first): every word is there.
    const plain = words(await pdftotext(path)).join('');
    expect(prose.filter((word) => !plain.includes(word))).toEqual([]);
    expect(await checkPdfUa(path)).toEqual([]);
  });

  it("the masthead: the publisher's name above the headline, its logo beside it as an artifact; the running head and folio as the theme says", async () => {
    const { path } = await themedPdf(columnsConfig, 'long-form', 'masthead');
    const firstPage = (await pdftotext(path, '-f', '1', '-l', '1')).trim().split('\n');
    expect(firstPage.slice(0, 2)).toEqual(['The Harbour Gazette', '']);
    expect(firstPage[2]).toBe(article.meta.title.split(' ').slice(0, 6).join(' '));
    const structure = await pdfStructureText(path);
    expect(structure.startsWith(`The Harbour Gazette${article.meta.title}`)).toBe(true);
    // The SVG logo's blue rectangle is drawn where the text block starts (tests/theme/logo.svg is #0b57a4).
    const [r, g, b] = await pixel(path, (595.28 - (await blockWidth(path))) / 2 + 10, 64 + 10);
    expect(Math.abs(r - 0x0b) + Math.abs(g - 0x57) + Math.abs(b - 0xa4)).toBeLessThan(12);
    // The publisher in the running head, "2" and not "2 / N" at the foot.
    const second = (await pdftotext(path, '-f', '2', '-l', '2', '-layout')).split('\n').filter((line) => line.trim() !== '');
    expect(second[0]?.trim()).toBe('The Harbour Gazette');
    expect(second.at(-1)?.trim()).toBe('2');
    expect(structure).not.toMatch(/\b2 \/ \d+\b/);
  });

  it('a PNG logo is an image on the first page; with no running head page 2 starts with body text; the page is tinted', async () => {
    const { path } = await themedPdf(measureConfig, 'long-form', 'png-logo');
    const images = (await run('pdfimages', ['-list', '-f', '1', '-l', '1', path])).stdout.trim().split('\n').slice(2);
    const png = readFileSync(join(longForm, 'bar-chart.png'));
    // The logo and the article's own bar chart are the same file here: pdfkit embeds it once, drawn at two sizes.
    expect(images.some((row) => new RegExp(`^\\s*1\\s+\\d+\\s+image\\s+${png.readUInt32BE(16)}\\s+${png.readUInt32BE(20)}\\s`).test(row))).toBe(true);
    const second = (await pdftotext(path, '-f', '2', '-l', '2')).trim();
    expect(second.startsWith(article.meta.title)).toBe(false);
    expect(await pixel(path, 5, 5)).toEqual(rgb('#f4ead2'));
    expect(await checkPdfUa(path)).toEqual([]);
  });

  it('the measure: body lines about theme.measure characters long (66 built in, 52 here), the column centred', async () => {
    const builtIn = await themedPdf(undefined, 'long-form', 'measure-built-in');
    const themed = await themedPdf(measureConfig, 'long-form', 'measure-themed');
    const [builtInLine, themedLine] = [await medianLine(builtIn.path), await medianLine(themed.path)];
    expect(Math.abs(builtInLine - 66), `built-in lines of ${builtInLine}`).toBeLessThanOrEqual(4);
    expect(Math.abs(themedLine - 52), `themed lines of ${themedLine}`).toBeLessThanOrEqual(4);
    // Centred: as much white on either side of the text block.
    const { xMin, xMax } = await textExtent(themed.path);
    expect(Math.abs(xMin - (595.28 - xMax))).toBeLessThan(3);
    // The built-in page is not tinted: no background is drawn on a white-ish one.
    expect(await pixel(builtIn.path, 5, 5)).toEqual([255, 255, 255]);
  });

  it("a character the theme's face lacks falls back to the built-in chain; one no face has warns where it is", async () => {
    const { path: multi } = await themedPdf(columnsConfig, 'multi-script', 'fallback');
    const fonts = (await run('pdffonts', [multi])).stdout;
    // DejaVu Serif Condensed has no Arabic, Devanagari nor Han: the built-in faces for them are embedded.
    for (const face of ['NotoNaskhArabic-Regular', 'NotoSansDevanagari-Regular', 'DejaVuSerifCondensed']) expect(fonts).toContain(`+${face} `);
    expect(missingInOrder(bodyWords(readArticleFile(join(fixturesDir, 'multi-script', 'input.md'))), await pdfStructureText(multi))).toEqual([]);
    const { stderr } = await themedPdf(columnsConfig, 'sinhala-without-font', 'missing');
    expect(stderr).toMatch(/\d+:\d+\s+warning\s+No font has U\+0D[0-9A-F]{2}.*pdf-missing-glyph/);
  });

  it('the same bytes from two publishes with a theme, in different time zones, in the helper thread and in one thread', async () => {
    const first = await themedPdf(columnsConfig, 'long-form', 'same-1', { TZ: 'Pacific/Kiritimati' });
    const second = await themedPdf(columnsConfig, 'long-form', 'same-2', { TZ: 'America/Adak' }, executionModes['one thread (--jobs 1)']);
    expect(readFileSync(second.path).equals(readFileSync(first.path))).toBe(true);
  });
});

/** The left and right edges of page 3's text (points), from `pdftotext -bbox`. */
async function textExtent(path: string): Promise<{ xMin: number; xMax: number }> {
  const bbox = (await run('pdftotext', ['-bbox', '-f', '3', '-l', '3', path, '-'])).stdout;
  const words = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"/g)].map((match) => [Number(match[1]), Number(match[2])] as const);
  return { xMin: Math.min(...words.map(([x]) => x)), xMax: Math.max(...words.map(([, x]) => x)) };
}

/** The width of page 3's text block, both columns and the gutter. */
async function blockWidth(path: string): Promise<number> {
  const { xMin, xMax } = await textExtent(path);
  return xMax - xMin;
}
