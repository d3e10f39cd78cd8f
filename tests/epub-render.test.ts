import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/load.js';
import { readArticle } from '../src/read/article.js';
import { epub } from '../src/renderers/epub/index.js';
import type { Article } from '../src/types.js';
import { fixturesDir } from './helpers/cases.js';

const png = join(fixturesDir, 'epub-images', 'headline-crop.png');

/** Renders one article, written to a fresh folder with the PNG beside it, and opens the book. */
async function renderBook(markdown: string, change: (article: Article) => Article = (article) => article) {
  const folder = mkdtempSync(join(tmpdir(), 'editions-epub-render-'));
  copyFileSync(png, join(folder, 'picture.png'));
  const path = join(folder, 'article.md');
  writeFileSync(path, markdown);
  const { article, file } = readArticle(path, new TextEncoder().encode(markdown), folder);
  if (!article) throw new Error(file.messages.map(String).join('; '));
  const warnings: { reason: string; ruleId?: string }[] = [];
  const bytes = await epub().render(change(article), {
    config: resolveConfig({ renderers: [epub()] }),
    warn: (reason, options) => warnings.push({ reason, ruleId: options?.ruleId }),
  });
  const zip = await JSZip.loadAsync(bytes);
  const text = async (name: string) => (await zip.file(`OEBPS/${name}`)?.async('string')) ?? '';
  return {
    opf: await text('content.opf'),
    article: await text('article.xhtml'),
    text,
    warnings: warnings.map((warning) => warning.ruleId),
    reasons: warnings.map((warning) => warning.reason),
  };
}

const frontMatter = (extra = '') => `---\ntitle: A test article\nlang: en\npublisher: Test Press\n${extra}---\n\n`;
const body = 'Enough words in this paragraph to make a real article for the test.\n\n';

describe('EPUB rendering of single articles', () => {
  it('gives every heading a navigation entry, in reading order, also one inside a list or a block quote', async () => {
    const book = await renderBook(
      `${frontMatter()}## First\n\n${body}> ### Quoted heading\n>\n> Quoted words.\n\n- ### Listed heading\n\n  Listed words.\n\n## Second\n\n${body}`,
    );
    const nav = await book.text('toc.xhtml');
    const labels = [...nav.matchAll(/<a href="article\.xhtml#([^"]+)">([^<]+)<\/a>/g)].map((match) => match[2]);
    expect(labels).toEqual(['First', 'Quoted heading', 'Listed heading', 'Second']);
    for (const [, id] of nav.matchAll(/<a href="article\.xhtml#([^"]+)">/g)) expect(book.article).toContain(`id="${id}"`);
  });

  it('claims no alternative text and no WCAG conformance when an image lacks alt text, and warns', async () => {
    const book = await renderBook(`${frontMatter()}${body}![](picture.png)\n`);
    expect(book.opf).not.toContain('dcterms:conformsTo');
    expect(book.opf).not.toContain('a11y:certifiedBy');
    expect(book.opf).not.toContain('alternativeText');
    expect(book.opf).toContain('<meta property="schema:accessModeSufficient">textual,visual</meta>');
    expect(book.opf).not.toContain('<meta property="schema:accessModeSufficient">textual</meta>');
    expect(book.article).toMatch(/<img src="images\/[0-9a-f]{16}\.png" alt="" \/>/);
    expect(book.warnings).toContain('epub-image-alt');
  });

  it('claims alternative text and conformance when every image has alt text, and makes a lone image with a title a figure', async () => {
    const book = await renderBook(`${frontMatter()}${body}![A crop of a page](picture.png "The caption")\n`);
    expect(book.opf).toContain('<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>');
    expect(book.opf).toContain('<meta property="schema:accessibilityFeature">alternativeText</meta>');
    expect(book.opf).toContain('<meta property="a11y:certifiedBy">Test Press</meta>');
    expect(book.article).toMatch(/<figure><img src="images\/[0-9a-f]{16}\.png" alt="A crop of a page" \/><figcaption>The caption<\/figcaption><\/figure>/);
    expect(book.warnings).toEqual([]);
  });

  it('uses a front matter image the article shows as the cover, and generates one otherwise, warning of a remote one', async () => {
    const shown = await renderBook(`${frontMatter('image: picture.png\n')}${body}![A crop](picture.png)\n`);
    expect(shown.opf).toMatch(/<item id="image-1" href="images\/[0-9a-f]{16}\.png" media-type="image\/png" properties="cover-image"\/>/);
    expect(shown.opf).not.toContain('cover.svg');
    const generated = '<item id="cover-image" href="cover.svg" media-type="image/svg+xml" properties="cover-image"/>';
    // A local file the pipeline could not read has the pipeline's warning, at its line, already.
    const missing = await renderBook(`${frontMatter('image: elsewhere.jpg\n')}${body}`);
    expect(missing.opf).toContain(generated);
    expect(missing.warnings).toEqual([]);
    const remote = await renderBook(`${frontMatter('image: https://news.example/cover.jpg\n')}${body}`);
    expect(remote.opf).toContain(generated);
    expect(remote.warnings).toEqual(['epub-cover']);
  });

  it('uses a front matter image the pipeline read but the article does not show as the cover, without calling the content visual', async () => {
    const hidden = await renderBook(`${frontMatter('image: cover.png\n')}${body}`, (article) => ({
      ...article,
      images: new Map([
        [
          'cover.png',
          {
            src: 'cover.png',
            path: png,
            bytes: new Uint8Array(readFileSync(png)),
            mediaType: 'image/png',
            width: 120,
            height: 80,
            orientation: 1,
            hash: '0123456789abcdef',
          },
        ],
      ]),
    }));
    expect(hidden.opf).toContain('properties="cover-image"/>');
    expect(hidden.opf).not.toContain('<meta property="schema:accessMode">visual</meta>');
    expect(hidden.warnings).toEqual([]);
  });

  it('keeps links to the web and to ids in the article; other links keep their text and warn', async () => {
    const book = await renderBook(
      `${frontMatter()}${body}<span id="here">Target.</span> [web](https://example.org/ü) [inside](#here) [missing](#nowhere) [site](/path) [host](http://a&b.example)\n`,
    );
    expect(book.article).toContain('<a href="https://example.org/%C3%BC">web</a>');
    expect(book.article).toContain('<a href="#here">inside</a>');
    expect(book.article).toMatch(/ missing site host/);
    expect(book.warnings).toEqual(['epub-link', 'epub-link', 'epub-link']);
  });

  it('names a link it cannot follow as the author wrote it, not percent-encoded', async () => {
    const book = await renderBook(`${frontMatter()}${body}[l’autre article](autre%20article%20été.md)\n`);
    expect(book.reasons).toEqual([expect.stringContaining('Link to "autre article été.md" cannot be followed')]);
  });

  it('derives the identifier from the front matter id, whatever the slug, and takes a UUID as it is', async () => {
    const identifier = async (extra: string) => /<dc:identifier id="book-id">([^<]+)</.exec((await renderBook(`${frontMatter(extra)}${body}`)).opf)?.[1];
    const first = await identifier('id: story-42\nslug: first-slug\n');
    expect(first).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5/);
    expect(await identifier('id: story-42\nslug: second-slug\n')).toBe(first);
    expect(await identifier('id: story-43\nslug: first-slug\n')).not.toBe(first);
    expect(await identifier('id: 0F8FAD5B-D9CB-469F-A165-70867728950E\n')).toBe('urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e');
  });

  it('labels task checkboxes with their item, makes empty header cells data cells and drops stray form controls', async () => {
    const book = await renderBook(`${frontMatter()}${body}- [x] Done task\n- [ ] Open task\n\n|   | B |\n|---|---|\n| 1 | 2 |\n\n<input type="checkbox">\n`);
    expect(book.article).toContain('<input type="checkbox" checked="" disabled="" aria-label="Done task" />');
    expect(book.article).toContain('<input type="checkbox" disabled="" aria-label="Open task" />');
    expect(book.article.match(/<input/g)).toHaveLength(2);
    expect(book.article).toMatch(/<tr>\s*<td><\/td>\s*<th scope="col">B<\/th>/);
  });

  it('keeps raw HTML valid XHTML: no paragraph in a paragraph, no block in a phrase, no obsolete markup', async () => {
    const book = await renderBook(
      `${frontMatter()}${body}<p align="center">Outer <object><p>inner</p></object></p>\n\n<em>phrase <div>block</div></em> <strike>old</strike> <tt>mono</tt>\n`,
    );
    expect(book.article).not.toMatch(/<p>(?:(?!<\/p>).)*<p>/s);
    expect(book.article).not.toMatch(/<em>(?:(?!<\/em>).)*<div>/s);
    expect(book.article).toContain('<s>old</s>');
    expect(book.article).toContain('<code>mono</code>');
    expect(book.article).not.toMatch(/align=|<strike|<tt/);
  });

  it('isolates a run of the opposite direction, as the HTML edition does', async () => {
    const book = await renderBook(`${frontMatter()}${body}The envoy said مرحبا بكم to the room.\n`);
    expect(book.article).toContain('The envoy said <span dir="rtl">مرحبا بكم</span> to the room.');
  });

  it('sets a right-to-left article right to left: content documents, spine and cover', async () => {
    const book = await renderBook(`---\ntitle: مقال تجريبي\nlang: ar\n---\n\nهذه فقرة عربية فيها ما يكفي من الكلمات لتكون مقالة حقيقية للاختبار.\n`);
    expect(book.opf).toContain('<spine toc="ncx" page-progression-direction="rtl">');
    expect(book.article).toMatch(/<html [^>]*lang="ar" xml:lang="ar" dir="rtl">/);
    expect(await book.text('cover.svg')).toContain('direction="rtl"');
  });
});
