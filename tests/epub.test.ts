import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toText } from 'hast-util-to-text';
import JSZip from 'jszip';
import stringWidth from 'string-width';
import { SKIP, visit } from 'unist-util-visit';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import { describe, expect, it } from 'vitest';
import { readableDate } from '../src/renderers/common/dates.js';
import type { Article } from '../src/types.js';
import { cases, publishCase } from './helpers/cases.js';
import { readArticleFile } from './helpers/words.js';

/** Every article of every case, with the path of its published EPUB. */
const books = cases.flatMap((testCase) =>
  readdirSync(testCase.source)
    .filter((name) => name.endsWith('.md') && name !== 'README.md')
    .map((name) => ({ name: `${testCase.name}/${name}`, testCase, article: readArticleFile(join(testCase.source, name)) })),
);

interface Book {
  readonly zip: JSZip;
  readonly bytes: Buffer;
  readonly opf: string;
  text(name: string): Promise<string>;
  page(name: string): Promise<Root>;
}

async function openBook(entry: (typeof books)[number]): Promise<Book> {
  const path = (await publishCase(entry.testCase)).files.get(entry.article.slug)?.get('epub');
  if (!path) throw new Error(`${entry.name}: no EPUB edition`);
  const bytes = readFileSync(path);
  const zip = await JSZip.loadAsync(bytes);
  const text = async (name: string) => {
    const file = zip.file(`OEBPS/${name}`);
    if (!file) throw new Error(`${entry.name}: no OEBPS/${name}`);
    return file.async('string');
  };
  return { zip, bytes, opf: await text('content.opf'), text, page: async (name) => fromHtml(await text(name)) };
}

const unescapeXml = (value: string) =>
  value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&amp;/g, '&');

/** Text of each `dc:<name>` element of the package metadata. */
const dc = (opf: string, name: string) =>
  [...opf.matchAll(new RegExp(`<dc:${name}\\b[^>]*>([^<]*)</dc:${name}>`, 'g'))].map((match) => unescapeXml(match[1] ?? ''));
/** Text of each `meta` with the property. */
const metas = (opf: string, property: string) =>
  [...opf.matchAll(/<meta\b([^>]*)>([^<]*)<\/meta>/g)]
    .filter((match) => match[1]?.includes(`property="${property}"`))
    .map((match) => unescapeXml(match[2] ?? ''));
/** Attributes of every manifest item. */
const manifest = (opf: string) =>
  [...opf.matchAll(/<item\b([^>]*)\/>/g)].map((match) =>
    Object.fromEntries([...(match[1] ?? '').matchAll(/([\w:-]+)="([^"]*)"/g)].map((pair) => [pair[1], unescapeXml(pair[2] ?? '')])),
  );

function all(tree: Root | Element, test: (node: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node) => {
    if (test(node)) found.push(node);
  });
  return found;
}
const tagged = (tagName: string) => (node: Element) => node.tagName === tagName;
const epubType = (node: Element) => String(node.properties['epub:type'] ?? '');

/** `CCYY-MM-DDThh:mm:ssZ` of a front matter date; offset-less times count as UTC. */
function instant(value: string): string {
  const utc = value.length === 10 ? `${value}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value.replace(' ', 'T')}Z`;
  return new Date(utc).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Images of the shared tree that the pipeline read, with their alt text. */
function articleImages(article: Article): { src: string; alt: string }[] {
  return all(article.hast as Root, (node) => node.tagName === 'img' && article.images.has(String(node.properties.src))).map((node) => ({
    src: String(node.properties.src),
    alt: String(node.properties.alt ?? '').trim(),
  }));
}

describe('EPUB package document', () => {
  for (const entry of books) {
    it(`${entry.name}: Dublin Core metadata from the front matter, never invented`, async () => {
      const { meta, slug } = entry.article;
      const { opf } = await openBook(entry);
      expect(opf).toMatch(new RegExp(`<package\\b[^>]*\\bxml:lang="${meta.lang}"`));
      expect(dc(opf, 'language')).toEqual([meta.lang]);
      expect(dc(opf, 'title')).toEqual([meta.title]);
      const [identifier] = dc(opf, 'identifier');
      const uuid = identifier?.replace(/^urn:uuid:/, '') ?? '';
      if (meta.id && isUuid(meta.id)) expect(uuid).toBe(meta.id.toLowerCase());
      else expect(isUuid(uuid) && uuidVersion(uuid), `${identifier} for ${slug}`).toBe(5);
      expect(dc(opf, 'creator')).toEqual(meta.authors);
      expect(metas(opf, 'role').filter((role) => role === 'aut')).toHaveLength(meta.authors.length);
      expect(dc(opf, 'contributor')).toEqual(meta.credit ? [meta.credit] : []);
      expect(dc(opf, 'publisher')).toEqual(meta.publisher ? [meta.publisher] : []);
      expect(dc(opf, 'subject')).toEqual(meta.tags);
      expect(dc(opf, 'description')).toEqual(meta.description ? [meta.description] : []);
      expect(dc(opf, 'rights')).toEqual(meta.rights ? [meta.rights] : []);
      const dates = dc(opf, 'date');
      expect(dates.map((date) => (date.length === 10 ? date : instant(date)))).toEqual(
        meta.date ? [meta.date.length === 10 ? meta.date : instant(meta.date)] : [],
      );
      const epoch = process.env.SOURCE_DATE_EPOCH;
      const fallback = epoch ? new Date(Number(epoch) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') : '1980-01-01T00:00:00Z';
      const modified = meta.updated ?? meta.date;
      expect(metas(opf, 'dcterms:modified')).toEqual([modified ? instant(modified) : fallback]);
    });

    it(`${entry.name}: accessibility metadata that states what holds`, async () => {
      const { opf } = await openBook(entry);
      const images = articleImages(entry.article);
      const described = images.every((image) => image.alt !== '');
      expect(metas(opf, 'schema:accessMode').sort()).toEqual(images.length > 0 ? ['textual', 'visual'] : ['textual']);
      expect(metas(opf, 'schema:accessModeSufficient').includes('textual')).toBe(described);
      const features = metas(opf, 'schema:accessibilityFeature');
      expect(features).toEqual(expect.arrayContaining(['structuralNavigation', 'tableOfContents', 'readingOrder', 'displayTransformability']));
      expect(features.includes('alternativeText')).toBe(images.length > 0 && described);
      expect(metas(opf, 'schema:accessibilityHazard')).toEqual(['none']);
      expect(metas(opf, 'schema:accessibilitySummary')[0]?.length).toBeGreaterThan(40);
      expect(metas(opf, 'dcterms:conformsTo')).toEqual(described ? ['EPUB Accessibility 1.1 - WCAG 2.2 Level AA'] : []);
    });

    it(`${entry.name}: zip with mimetype first and stored, every entry dated noon of the article's day`, async () => {
      const { zip, bytes, opf } = await openBook(entry);
      // Local file header: signature, no data descriptor (which streaming readers refuse on a stored entry),
      // method 0 (stored), its sizes, no extra field, name "mimetype", then the content.
      expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
      expect(bytes.readUInt16LE(6) & 0x08).toBe(0);
      expect(bytes.readUInt16LE(8)).toBe(0);
      expect([bytes.readUInt32LE(18), bytes.readUInt32LE(22)]).toEqual([20, 20]);
      expect(bytes.readUInt16LE(28)).toBe(0);
      expect(bytes.subarray(30, 38 + 20).toString('latin1')).toBe('mimetypeapplication/epub+zip');
      const modified = metas(opf, 'dcterms:modified')[0] ?? '';
      // DOS dates hold the years 1980 to 2107: a date outside takes the nearest they hold.
      const day = new Date(Math.min(Math.max(Date.parse(modified), Date.UTC(1980, 0, 1)), Date.UTC(2107, 11, 31)));
      // Noon: no time zone changes its clocks then, so the zip's local-time dates are the same everywhere.
      const zipDate = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 12));
      for (const file of Object.values(zip.files)) expect(file.date.toISOString(), file.name).toBe(zipDate.toISOString());
      expect(Object.keys(zip.files).slice(0, 3)).toEqual(['mimetype', 'META-INF/container.xml', 'OEBPS/content.opf']);
    });

    it(`${entry.name}: xml:lang on every content document, and every manifest item in the book`, async () => {
      const { zip, opf, text } = await openBook(entry);
      const items = manifest(opf);
      for (const item of items) expect(zip.file(`OEBPS/${item.href}`), item.href).not.toBeNull();
      for (const item of items.filter((candidate) => candidate['media-type'] === 'application/xhtml+xml')) {
        expect(await text(item.href ?? ''), item.href).toMatch(
          new RegExp(`<html\\b[^>]*\\blang="${entry.article.meta.lang}"[^>]*\\bxml:lang="${entry.article.meta.lang}"`),
        );
      }
    });
  }
});

describe('EPUB content', () => {
  for (const entry of books) {
    it(`${entry.name}: a cover declared with cover-image: the front matter image, else a generated SVG with headline and publisher`, async () => {
      const { zip, opf, text } = await openBook(entry);
      const covers = manifest(opf).filter((item) => item.properties?.split(' ').includes('cover-image'));
      expect(covers).toHaveLength(1);
      const cover = covers[0] ?? {};
      const frontMatterImage = entry.article.meta.image ? entry.article.images.get(entry.article.meta.image) : undefined;
      if (frontMatterImage) {
        expect(cover['media-type']).toBe(frontMatterImage.mediaType);
        expect(Buffer.from(await (zip.file(`OEBPS/${cover.href}`)?.async('uint8array') ?? new Uint8Array()))).toEqual(Buffer.from(frontMatterImage.bytes));
      } else {
        expect(cover['media-type']).toBe('image/svg+xml');
        const svg = fromHtml(await text(cover.href ?? ''), { space: 'svg' });
        // Compared without spaces: the cover's lines break at spaces, and between characters in Chinese and Japanese.
        const unspaced = (text: string) => text.replace(/\s+/g, '');
        const words = unspaced(
          all(svg, tagged('text'))
            .map((line) => toText(line))
            .join(''),
        );
        expect(words).toContain(unspaced(entry.article.meta.title));
        if (entry.article.meta.publisher) expect(words).toContain(unspaced(entry.article.meta.publisher));
        // Each headline line (64 units a character, the frame 1,080 wide) fits: 22 columns, a Chinese character taking two.
        for (const line of all(svg, (node) => node.tagName === 'text' && node.properties.fontSize === '64'))
          expect(stringWidth(toText(line)), toText(line)).toBeLessThanOrEqual(22);
      }
    });

    it(`${entry.name}: images embedded under content names, with their media types and alt text`, async () => {
      const { zip, opf, page } = await openBook(entry);
      const items = manifest(opf);
      const shown = all(await page('article.xhtml'), tagged('img'));
      const images = articleImages(entry.article);
      expect(shown).toHaveLength(images.length);
      for (const [index, image] of images.entries()) {
        const asset = entry.article.images.get(image.src);
        const href = String(shown[index]?.properties.src);
        expect(href).toMatch(new RegExp(`^images/${asset?.hash}\\.(png|jpg|gif|svg)$`));
        const mediaType = items.find((item) => item.href === href)?.['media-type'];
        const bytes = Buffer.from((await zip.file(`OEBPS/${href}`)?.async('uint8array')) ?? []);
        // EPUB 3.2 has no WebP: the book carries its pixels as a JPEG or a PNG (picture-formats.test.ts checks which).
        if (asset?.mediaType === 'image/webp') expect(['image/jpeg', 'image/png']).toContain(mediaType);
        else {
          expect(mediaType).toBe(asset?.mediaType);
          expect(bytes).toEqual(Buffer.from(asset?.bytes ?? []));
        }
        expect(shown[index]?.properties.alt).toBe(image.alt);
      }
    });

    it(`${entry.name}: a picture's caption that repeats its alt text is hidden from screen readers, which read the alt text`, async () => {
      const figures = all(await (await openBook(entry)).page('article.xhtml'), tagged('figure'));
      for (const figure of figures) {
        const [image] = all(figure, tagged('img'));
        const [caption] = all(figure, tagged('figcaption'));
        if (!image || !caption) continue;
        const repeats = toText(caption).trim() === String(image.properties.alt ?? '').trim();
        expect(caption.properties.ariaHidden, toText(caption)).toBe(repeats ? 'true' : undefined);
      }
    });

    it(`${entry.name}: footnotes as noteref links to footnote asides, with back links`, async () => {
      const article = await page(entry, 'article.xhtml');
      // An article's own `<aside>` (a side note) is no footnote.
      const asides = all(article, (node) => tagged('aside')(node) && epubType(node) === 'footnote');
      const refs = all(article, (node) => epubType(node) === 'noteref');
      const hast = entry.article.hast as Root;
      expect(refs).toHaveLength(all(hast, (node) => 'dataFootnoteRef' in node.properties).length);
      const notes = all(hast, (node) => 'dataFootnotes' in node.properties).flatMap((section) =>
        all(section, tagged('ol'))
          .slice(0, 1)
          .flatMap((list) => list.children.filter((child) => child.type === 'element' && child.tagName === 'li')),
      );
      expect(asides).toHaveLength(notes.length);
      const ids = new Set(all(article, (node) => typeof node.properties.id === 'string').map((node) => String(node.properties.id)));
      for (const aside of asides) {
        const backLinks = all(aside, (node) => node.properties.role === 'doc-backlink');
        expect(backLinks.length).toBeGreaterThan(0);
        for (const link of backLinks) expect(ids.has(String(link.properties.href).slice(1))).toBe(true);
      }
      for (const ref of refs) expect(asides.some((aside) => `#${aside.properties.id}` === ref.properties.href)).toBe(true);
    });

    it(`${entry.name}: navigation with an entry per heading, landmarks, and an NCX with the same entries`, async () => {
      const book = await openBook(entry);
      const article = await book.page('article.xhtml');
      const nav = await book.page('toc.xhtml');
      const toc = all(nav, (node) => node.tagName === 'nav' && epubType(node) === 'toc')[0] as Element;
      const headingLinks = all(toc, tagged('a')).filter((link) => String(link.properties.href).startsWith('article.xhtml#'));
      // Every heading of the article with text has an entry, in order, without footnote markup: those that open
      // sections, and those inside lists, quotes and tables; not the chapter's title, nor the notes' heading.
      const sectionHeadings: Element[] = [];
      visit(article, 'element', (node) => {
        if (epubType(node) === 'endnotes') return SKIP;
        if (/^h[1-6]$/.test(node.tagName) && node.properties.id !== 'article-title' && toText(node).trim() !== '') sectionHeadings.push(node);
      });
      expect(headingLinks.map((link) => String(link.properties.href).replace('article.xhtml#', ''))).toEqual(
        sectionHeadings.map((heading) => encodeURIComponent(String(heading.properties.id))),
      );
      for (const link of headingLinks) expect(all(link, (node) => node.tagName === 'sup' || epubType(node) === 'noteref')).toEqual([]);
      const landmarks = all(nav, (node) => node.tagName === 'nav' && epubType(node) === 'landmarks')[0] as Element;
      expect(all(landmarks, tagged('a')).map(epubType)).toEqual(['toc', 'bodymatter']);
      const ncx = await book.text('toc.ncx');
      expect(ncx.match(/<navPoint\b/g)).toHaveLength(sectionHeadings.length + 2);
      expect(ncx).toContain(`<meta name="dtb:uid" content="${dc(book.opf, 'identifier')[0]}"/>`);
    });

    it(`${entry.name}: semantic content: header cells with scope, links only to the web or to ids in the article`, async () => {
      const article = await page(entry, 'article.xhtml');
      for (const cell of all(article, tagged('th'))) expect(['col', 'row']).toContain(cell.properties.scope);
      const ids = new Set(all(article, (node) => typeof node.properties.id === 'string').map((node) => String(node.properties.id)));
      for (const link of all(article, (node) => node.tagName === 'a' && node.properties.href !== undefined)) {
        const href = String(link.properties.href);
        if (href.startsWith('#')) expect(ids.has(decodeURIComponent(href.slice(1))), href).toBe(true);
        else expect(() => new URL(href), href).not.toThrow();
      }
      for (const figure of all(article, tagged('figure'))) expect(all(figure, (node) => node.tagName === 'img' || node.tagName === 'table')).toHaveLength(1);
    });

    it(`${entry.name}: a title page with headline, dek, byline, credit and readable date`, async () => {
      const { meta } = entry.article;
      // Whitespace folded on both sides: French titles hold thin no-break spaces (U+202F), which \s matches too.
      const folded = (text: string) => text.replace(/\s+/g, ' ');
      const words = folded(toText(await page(entry, 'title.xhtml')));
      for (const part of [meta.title, meta.description, ...meta.authors, meta.credit, meta.dateline, meta.publisher, meta.rights])
        if (part) expect(words).toContain(folded(part));
      if (meta.date) expect(words).toContain(readableDate(meta.date, meta.lang));
    });

    it(`${entry.name}: a task list shows each item's checkbox and no bullet, as the HTML edition does`, async () => {
      const book = await openBook(entry);
      const taskLists = all(await book.page('article.xhtml'), (node) =>
        node.children.some((child) => child.type === 'element' && child.tagName === 'li' && String(child.properties.className).includes('task-list-item')),
      );
      for (const list of taskLists) expect(String(list.properties.className)).toContain('contains-task-list');
      expect(await book.text('style.css')).toMatch(/\.contains-task-list \{[^}]*list-style: none;/);
    });

    it(`${entry.name}: a stylesheet for reading systems: no flex or grid, no fixed fonts or colours, relative sizes`, async () => {
      const css = await (await openBook(entry)).text('style.css');
      expect(css).not.toMatch(/display\s*:\s*(inline-)?(flex|grid)/);
      expect(css).not.toMatch(/font-family|(^|[^-])color\s*:|background/);
      expect(css).not.toMatch(/(font-size|margin|padding|line-height|width)\s*:[^;]*\d(px|pt|cm|mm|in)\b/);
      // Korean breaks at its spaces, as in the PDF and the HTML page.
      expect(css).toContain(':lang(ko) { word-break: keep-all; }');
    });
  }
});

async function page(entry: (typeof books)[number], name: string): Promise<Root> {
  return (await openBook(entry)).page(name);
}
