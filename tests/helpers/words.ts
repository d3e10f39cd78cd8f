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

export async function pdfText(path: string): Promise<string> {
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', path, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** The PDF's text in the reading order of its structure tree (what a screen reader follows), from `pdfinfo -struct-text`. */
export async function pdfStructureText(path: string): Promise<string> {
  const { stdout } = await run('pdfinfo', ['-struct-text', path], { maxBuffer: 64 * 1024 * 1024 });
  return [...stdout.matchAll(/^\s*"(.*)"$/gm)].map((match) => match[1]).join('');
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

/** Lines of a text edition wider than `width` columns, code lines apart. */
export function overlong(edition: string, width: number, article: Article): string[] {
  const code = codeLines(article);
  return edition.split('\n').filter((line) => stringWidth(line) > width && !code.has(line.trim()));
}
