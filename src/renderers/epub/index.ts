import type { ElementContent } from 'hast';
import { h } from 'hastscript';
import { v5 as uuidV5 } from 'uuid';
import type { Article, ArticleMeta, Renderer } from '../../types.js';
import { articleDate, byline, datelineOpener, readableDate } from '../shared.js';
import { contentFiles, contentOpf, coverSvg, navDocument, ncxDocument } from './package.js';
import { epubBody, xhtmlDocument } from './xhtml.js';

/** Made for reading systems: no flex or grid, relative sizes, the reader's own font and colours. */
const stylesheet = `body { margin: 0 5%; line-height: 1.5; }
h1, h2, h3, h4, h5, h6 { line-height: 1.2; page-break-after: avoid; break-after: avoid; }
h1 { font-size: 1.6em; margin: 1em 0 0.5em; }
.dek { font-size: 1.15em; font-style: italic; }
.byline, .dateline { font-size: 0.9em; margin: 0.2em 0; }
p { margin: 0 0 0.8em; }
blockquote { margin: 1em 1.5em; }
pre { white-space: pre-wrap; font-size: 0.85em; }
table { border-collapse: collapse; }
th, td { border: 1px solid; padding: 0.2em 0.4em; text-align: start; }
img { max-width: 100%; }
.note-number { font-weight: bold; margin-bottom: 0; }
aside { font-size: 0.9em; margin: 1em 0; }
`;

/** The part of JSZip (inside epub-gen-memory) that Editions uses. */
interface BookZip {
  file(name: string, data: string): void;
  forEach(callback: (path: string, entry: { date: Date }) => void): void;
  generateAsync(options: { type: 'uint8array'; compression: 'DEFLATE'; compressionOptions: { level: number }; mimeType: string }): Promise<Uint8Array>;
}

/** RFC 4122 namespace for names that are URLs. */
const urlNamespace = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** An EPUB 3 edition: title page, article, navigation, NCX, cover; byte-identical on every rebuild. */
export function epub(): Renderer {
  return Object.freeze({
    name: 'epub',
    extension: '.epub',
    async render(article: Article): Promise<Uint8Array> {
      const { meta } = article;
      const identifier = `urn:uuid:${uuidV5(meta.id ?? `editions:article/${article.slug}`, urlNamespace)}`;
      const modified = modifiedDate(meta);
      const { content, headings } = epubBody(article.hast.children as ElementContent[]);

      const files: Record<string, string> = {
        [contentFiles.css]: stylesheet,
        [contentFiles.title]: xhtmlDocument(meta.title, meta.lang, [titlePage(meta)]),
        [contentFiles.article]: xhtmlDocument(
          meta.title,
          meta.lang,
          [
            h('section', { 'epub:type': 'chapter', role: 'doc-chapter', ariaLabelledBy: 'article-title' }, [
              h('h1', { id: 'article-title' }, meta.title),
              ...content,
            ]),
          ],
          { bodyType: 'bodymatter' },
        ),
        [contentFiles.nav]: navDocument(meta, headings),
        [contentFiles.ncx]: ncxDocument(meta, identifier, headings),
        [contentFiles.cover]: coverSvg(meta),
        'content.opf': contentOpf({ meta, identifier, modified }),
      };
      return packageBook(meta, files, new Date(modified));
    },
  });
}

function titlePage(meta: ArticleMeta): ElementContent {
  const date = readableDate(meta.date, meta.lang);
  const by = byline(meta);
  const dateline = datelineOpener(meta)?.replace(/ — $/, '');
  return h('section', { 'epub:type': 'titlepage', ariaLabel: 'Title page' }, [
    h('h1', meta.title),
    meta.description ? h('p.dek', meta.description) : undefined,
    by ? h('p.byline', by) : undefined,
    dateline || date ? h('p.dateline', [dateline ?? '', dateline && date ? ' · ' : '', date ? h('time', { dateTime: meta.date }, date) : '']) : undefined,
    meta.publisher ? h('p.byline', meta.publisher) : undefined,
  ]);
}

/** `dcterms:modified`: the article's `updated` or `date` (see articleDate), to the second. */
function modifiedDate(meta: ArticleMeta): string {
  return articleDate(meta.updated ?? meta.date)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

/**
 * epub-gen-memory makes the container (mimetype first and stored, META-INF,
 * OEBPS); its generated documents are then replaced by ours, and every entry
 * gets the article's date so that rebuilds are byte-identical.
 */
async function packageBook(meta: ArticleMeta, files: Record<string, string>, date: Date): Promise<Uint8Array> {
  const { EPub } = await import('epub-gen-memory');
  const book = new EPub(
    { title: meta.title, description: meta.description ?? meta.title, lang: meta.lang, verbose: false, ignoreFailedDownloads: true, version: 3 },
    [
      { title: meta.title, content: '<p></p>', filename: contentFiles.title },
      { title: meta.title, content: '<p></p>', filename: contentFiles.article },
    ],
  );
  await book.render();
  const zip = (book as unknown as { zip: BookZip }).zip;
  for (const [name, value] of Object.entries(files)) zip.file(`OEBPS/${name}`, value);
  // Zip dates are in UTC (JSZip writes DOS time from UTC fields) and cannot precede 1980.
  const zipDate = date.getTime() < Date.UTC(1980, 0, 1) ? new Date(Date.UTC(1980, 0, 1)) : date;
  zip.forEach((_path, entry) => {
    entry.date = zipDate;
  });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 }, mimeType: 'application/epub+zip' });
}
