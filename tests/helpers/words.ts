import { readFileSync } from 'node:fs';
import type { Element, Nodes, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import JSZip from 'jszip';
import stringWidth from 'string-width';
import { visit } from 'unist-util-visit';
import { readArticle } from '../../src/read/article.js';
import type { Article } from '../../src/types.js';
import { run } from './validators.js';

/**
 * Words as a reader would compare them: compatibility-normalized (Arabic presentation forms too), lower case,
 * without invisible format characters (an emoji's variation selector U+FE0F, joiners, soft hyphens), which draw
 * nothing and which the PDF's text layer leaves out (src/renderers/pdf/shape.ts).
 */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}\p{M}]+/gu) ?? []
  );
}

/** Text nodes of a hast tree, in document order, skipping what is never read (script, style, head). */
export function treeText(node: Nodes): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'root' && node.type !== 'element') return '';
  if (node.type === 'element' && ['script', 'style', 'head', 'title'].includes(node.tagName)) return '';
  // A footnote's back link ("↩", "↩2") is navigation, not a word of the article.
  if (node.type === 'element' && 'dataFootnoteBackref' in node.properties) return '';
  return node.children.map((child) => treeText(child as Nodes)).join(' ');
}

export function readArticleFile(path: string): Article {
  const { article, file } = readArticle(path, readFileSync(path));
  if (!article) throw new Error(`${path} did not parse: ${file.messages.map(String).join('; ')}`);
  return article;
}

/** The article's body words, in order: the text of its one shared tree. */
export function bodyWords(article: Article): string[] {
  return words(treeText(article.hast as Root));
}

/**
 * Source words missing from the edition, or found out of order. Each word is
 * looked for after the previous one in the edition's letters run together, so
 * words split across lines (hyphenation, CJK) still count as present.
 */
export function missingInOrder(source: readonly string[], editionText: string): string[] {
  const stream = words(editionText).join('');
  const missing: string[] = [];
  let cursor = 0;
  for (const word of source) {
    const found = stream.indexOf(word, cursor);
    if (found === -1) missing.push(word);
    else cursor = found + word.length;
  }
  return missing;
}

export function htmlText(path: string): string {
  const tree = fromHtml(readFileSync(path, 'utf8'));
  return treeText(tree);
}

/** Text of the EPUB's spine documents, in spine order. */
export async function epubText(path: string): Promise<string> {
  const zip = await JSZip.loadAsync(readFileSync(path));
  const container = (await zip.file('META-INF/container.xml')?.async('string')) ?? '';
  const opfPath = /full-path="([^"]+)"/.exec(container)?.[1] ?? '';
  const opf = (await zip.file(opfPath)?.async('string')) ?? '';
  const base = opfPath.includes('/') ? opfPath.slice(0, opfPath.lastIndexOf('/') + 1) : '';
  const manifest = new Map([...opf.matchAll(/<item\b[^>]*\bid="([^"]+)"[^>]*\bhref="([^"]+)"/g)].map((match) => [match[1], match[2]]));
  const spine = [...opf.matchAll(/<itemref\b[^>]*\bidref="([^"]+)"/g)].map((match) => manifest.get(match[1] ?? ''));
  const texts: string[] = [];
  for (const href of spine) {
    const document = (await zip.file(`${base}${href}`)?.async('string')) ?? '';
    const body = fromHtml(document);
    texts.push(treeText(body));
  }
  return texts.join('\n');
}

/**
 * The PDF's page text as pdftotext reads it, by position: -layout keeps each line of the page, so a table's rows
 * read in order. Without it, pdftotext guesses columns, and reads a table whose neighbouring columns are aligned
 * differently (left, centred, right: poppler finds a table only where they align alike) column by column. A
 * right-to-left article is read without it: -layout prints a line's pieces left to right, so a right-to-left table's
 * columns came out last column first ("السبت" before "لافروف – بايدن").
 */
export async function pdfText(path: string, rightToLeft = false): Promise<string> {
  const { stdout } = await run('pdftotext', [...(rightToLeft ? [] : ['-layout']), '-enc', 'UTF-8', path, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/**
 * The PDF's text in the reading order of its structure tree (what a screen reader follows), from `pdfinfo -struct-text`.
 * pdfinfo prints a Span's drawn text; a screen reader reads its ActualText (a word hyphenated across lines, boxes for
 * characters no font has), which qpdf gives: a Span with one reads as it.
 */
export async function pdfStructureText(path: string): Promise<string> {
  const [{ stdout }, actualTexts] = await Promise.all([run('pdfinfo', ['-struct-text', path], { maxBuffer: 64 * 1024 * 1024 }), spanActualTexts(path)]);
  const text: string[] = [];
  let span = 0;
  // The indent of the Span whose ActualText stands for everything printed inside it.
  let replacedAt = -1;
  for (const line of stdout.split('\n')) {
    const indent = line.length - line.trimStart().length;
    if (replacedAt >= 0 && indent <= replacedAt) replacedAt = -1;
    if (/^\s*Span \(/.test(line)) {
      const actual = actualTexts[span++];
      if (replacedAt < 0 && actual !== undefined) {
        text.push(actual);
        replacedAt = indent;
      }
      continue;
    }
    const quoted = /^\s*"(.*)"$/.exec(line);
    if (quoted && replacedAt < 0) text.push(quoted[1] ?? '');
  }
  if (span !== actualTexts.length) throw new Error(`${path}: pdfinfo prints ${span} Spans, the structure tree has ${actualTexts.length}`);
  return text.join('');
}

/** The ActualText of each Span of the PDF's structure tree, in tree order (undefined for a Span without one), from qpdf's JSON. */
async function spanActualTexts(path: string): Promise<(string | undefined)[]> {
  const { stdout } = await run('qpdf', ['--json', '--json-key=qpdf', path], { maxBuffer: 256 * 1024 * 1024 });
  const objects = JSON.parse(stdout).qpdf[1] as Record<string, { value?: unknown }>;
  const resolve = (value: unknown): unknown => (typeof value === 'string' && / R$/.test(value) ? objects[`obj:${value}`]?.value : value);
  const decode = (value: string): string => (value.startsWith('u:') ? value.slice(2) : Buffer.from(value.slice(2), 'hex').toString('latin1'));
  const found: (string | undefined)[] = [];
  const walk = (node: unknown): void => {
    const resolved = resolve(node);
    if (Array.isArray(resolved)) for (const child of resolved) walk(child);
    else if (resolved && typeof resolved === 'object' && '/S' in resolved) {
      const element = resolved as Record<string, unknown>;
      if (element['/S'] === '/Span') found.push(typeof element['/ActualText'] === 'string' ? decode(element['/ActualText']) : undefined);
      walk(element['/K']);
    }
  };
  const trailer = objects.trailer?.value as Record<string, unknown>;
  const catalog = resolve(trailer['/Root']) as Record<string, unknown>;
  walk((resolve(catalog['/StructTreeRoot']) as Record<string, unknown> | undefined)?.['/K']);
  return found;
}

/**
 * Lines of the article's code blocks: the issue wants code verbatim and never
 * wrapped, so these are the only lines allowed past the width.
 */
export function codeLines(article: Article): Set<string> {
  const lines = new Set<string>();
  visit(article.hast as Root, 'element', (node: Element) => {
    if (node.tagName === 'pre') for (const line of toText(node).split('\n')) lines.add(line.trim());
  });
  return lines;
}

/** Lines of a text edition wider than `width` columns, code lines and lines of one whole web address apart (never cut). */
export function overlong(edition: string, width: number, article: Article): string[] {
  const code = codeLines(article);
  const address = /^\s*(?:\[\d+\]\s+)?(?:https?:\/\/|www\.|mailto:)\S+$/;
  return edition.split('\n').filter((line) => stringWidth(line) > width && !code.has(line.trim()) && !address.test(line.replace(/^\u200f/, '')));
}

/** A word of a PDF's page as `pdftotext -bbox-layout` places it: points from the page's top left corner. */
export interface WordBox {
  readonly text: string;
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

/** A PDF's page as `pdftotext -bbox-layout` reads it: its size, and its words in poppler's lines. */
export interface PageBoxes {
  readonly width: number;
  readonly height: number;
  readonly lines: readonly (readonly WordBox[])[];
}

/** The five entities pdftotext's XML writes in a word. */
const entities = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' } as const;

/** Each page of the PDF, its lines and their words, as pdftotext -bbox-layout reads them (a word partly off the page has a negative coordinate). */
export async function pageBoxes(pdf: string): Promise<PageBoxes[]> {
  const { stdout } = await run('pdftotext', ['-bbox-layout', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 });
  const number = '(-?[\\d.]+)';
  return stdout
    .split('<page ')
    .slice(1)
    .map((page) => ({
      width: Number(/^width="([\d.]+)"/.exec(page)?.[1]),
      height: Number(/^width="[\d.]+" height="([\d.]+)"/.exec(page)?.[1]),
      lines: page
        .split('<line ')
        .slice(1)
        .map((line) =>
          [...line.matchAll(new RegExp(`<word xMin="${number}" yMin="${number}" xMax="${number}" yMax="${number}">([^<]*)</word>`, 'g'))].map((match) => ({
            text: (match[5] ?? '').replace(/&(quot|apos|lt|gt|amp);/g, (_, name: string) => entities[name as keyof typeof entities]),
            xMin: Number(match[1]),
            yMin: Number(match[2]),
            xMax: Number(match[3]),
            yMax: Number(match[4]),
          })),
        ),
    }));
}

/** Each page's words, as pdftotext -bbox-layout reads them. */
export async function pageWords(pdf: string): Promise<WordBox[][]> {
  return (await pageBoxes(pdf)).map((page) => page.lines.flat());
}
