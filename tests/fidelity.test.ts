import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { beforeAll, expect, it } from 'vitest';
import { isRightToLeft } from '../src/renderers/common/language.js';
import type { Article } from '../src/types.js';
import { cases, publishCase, readText } from './helpers/cases.js';
import { converted, libreOfficeConvert, once, publishFixtures } from './helpers/formats.js';
import { describeWithTools } from './helpers/tools.js';
import { bodyWords, epubText, htmlText, missingInOrder, pdfStructureText, pdfText, readArticleFile, treeText, words } from './helpers/words.js';

/**
 * Fixtures whose PDF is read in its structure tree's order (a screen reader's) rather than by pdftotext -layout, which
 * reads a page line by line: a table whose header cells each wrap over two lines reads "Con- Regis- … stituency tered".
 */
const readInStructureOrder = new Set(['table-narrow-columns']);

const extractors: Record<string, (path: string, article: Article) => string | Promise<string>> = {
  html: htmlText,
  epub: epubText,
  pdf: (path, article) =>
    readInStructureOrder.has(basename(dirname(article.path))) ? pdfStructureText(path) : pdfText(path, isRightToLeft(article.meta.lang)),
  text: readText,
};

describeWithTools(['poppler'], 'fidelity: every body word, in order, in every edition', () => {
  for (const testCase of cases) {
    const articles = readdirSync(testCase.source).filter((name) => name.endsWith('.md') && name !== 'README.md');
    for (const name of articles) {
      for (const renderer of Object.keys(extractors)) {
        it(`${testCase.name}/${name} → ${renderer}`, async () => {
          const article = readArticleFile(join(testCase.source, name));
          const published = await publishCase(testCase);
          const path = published.files.get(article.slug)?.get(renderer);
          expect(path, `${renderer} edition written`).toBeDefined();
          const source = bodyWords(article);
          expect(source.length).toBeGreaterThan(10);
          const extract = extractors[renderer] as (path: string, article: Article) => string | Promise<string>;
          expect(missingInOrder(source, await extract(path as string, article))).toEqual([]);
        });
      }
    }
  }
});

/**
 * The body words without the footnote section's heading, a word GFM generates ("Footnotes"), not the writer's, which a
 * Word document has no place for, its footnotes being Word's own, at the foot of their pages; or without the footnotes
 * at all, for LibreOffice's Text filter, which leaves them out. A note's reference is Word's own number too, in Word's
 * decimal digits whatever the article's (`۱` in Persian is `1` there): it is not compared.
 */
function wordsForWord(article: Article, notes: 'notes' | 'no notes'): string[] {
  const tree = structuredClone(article.hast) as Root;
  visit(tree, 'element', (node) => {
    if (node.tagName === 'section' && 'dataFootnotes' in node.properties)
      node.children = notes === 'notes' ? node.children.filter((child) => !(child.type === 'element' && /^h[1-6]$/.test(child.tagName))) : [];
    if ('dataFootnoteRef' in node.properties) node.children = [];
  });
  return words(treeText(tree));
}

/** The XHTML body of a NewsML-G2 item (its `inlineXML`), parsed as XML, as HTML text. */
function newsmlBodyText(path: string): string {
  const item = new DOMParser().parseFromString(readFileSync(path, 'utf8'), 'text/xml');
  const body = item
    .getElementsByTagNameNS('http://iptc.org/std/nar/2006-10-01/', 'inlineXML')[0]
    ?.getElementsByTagNameNS('http://www.w3.org/1999/xhtml', 'body')[0];
  if (!body) throw new Error(`${path} has no XHTML body in its inlineXML`);
  return treeText(fromHtml(new XMLSerializer().serializeToString(body)));
}

describeWithTools(['libreoffice'], 'fidelity: every body word, in order, in the DOCX as LibreOffice reads it and in the NewsML item', () => {
  // Published once, by the compiled CLI with the example config that lists both.
  const publishedOnce = once(() =>
    publishFixtures('docx,newsml').then(async (formats) => {
      const files = readdirSync(formats.out)
        .filter((name) => name.endsWith('.docx'))
        .map((name) => join(formats.out, name));
      // LibreOffice's Text filter leaves footnotes out; its HTML export has them, at the end.
      const asText = await libreOfficeConvert(files, 'txt:Text');
      const asHtml = await libreOfficeConvert(files, 'html');
      return { ...formats, docxAsText: asText.folder, docxAsHtml: asHtml.folder };
    }),
  );
  // One batch for every fixture (the CLI, then LibreOffice): its time is the set-up's, not the first test's.
  beforeAll(publishedOnce, 900_000);

  for (const testCase of cases) {
    it(`${testCase.name} → docx, newsml`, async () => {
      const { run, out, articles, docxAsText, docxAsHtml } = await publishedOnce();
      expect(run.code, run.stderr).toBe(0);
      const article = articles.get(testCase.name);
      expect(article, `${testCase.name} published`).toBeDefined();
      const parsed = readArticleFile(article?.path as string);
      const source = bodyWords(parsed);
      expect(source.length).toBeGreaterThan(10);
      const docx = join(out, `${article?.slug}.docx`);
      const [docxText, docxHtml] = [converted(docxAsText, docx, 'txt'), converted(docxAsHtml, docx, 'html')];
      expect(docxText && docxHtml, 'LibreOffice converted the DOCX to text and to HTML').toBeDefined();
      expect(missingInOrder(wordsForWord(parsed, 'no notes'), readFileSync(docxText as string, 'utf8')), 'docx as text').toEqual([]);
      expect(missingInOrder(wordsForWord(parsed, 'notes'), htmlText(docxHtml as string)), 'docx as HTML').toEqual([]);
      expect(missingInOrder(source, newsmlBodyText(join(out, `${article?.slug}.newsml.xml`))), 'newsml').toEqual([]);
    }, 120_000);
  }
});
