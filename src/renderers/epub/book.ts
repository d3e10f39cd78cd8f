import type { Element, ElementContent, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { ResolvedTheme } from '../../config/theme.js';
import { isRemote } from '../../read/images.js';
import type { Article, ArticleMeta, RenderContext } from '../../types.js';
import { webpPictures, withConvertedImages } from '../common/converted-images.js';
import { articleDate } from '../common/dates.js';
import { logoFile, mastheadElement, themeFilePath, themeFiles } from '../common/house.js';
import { articleIdentifier } from '../common/identifier.js';
import { articleLabels, type Labels } from '../common/labels.js';
import { directionOf, hasItalics } from '../common/language.js';
import { accessibleTables, imageParagraphsAsFigures, isolateOppositeRuns, scrollingTables } from '../common/markup.js';
import { correctionsElement, masthead } from '../common/masthead.js';
import { isValidId, xhtmlConformer } from './conform.js';
import { type BookImage, bookImageHref, contentAdapter } from './content.js';
import { coverSvg } from './cover.js';
import { navDocument, ncxDocument } from './navigation.js';
import { contentFiles, contentOpf } from './package.js';
import { stylesheet } from './style.js';
import { epubBody, idMaker, type NavEntry, xhtmlDocument } from './xhtml.js';
import { packageBook } from './zip.js';

/** The EPUB's bytes: the package, its documents and images, zipped in a fixed order with fixed dates. */
export async function renderBook(source: Article, context: RenderContext): Promise<Uint8Array> {
  // EPUB 3.2's core media types have no WebP (epubcheck 4.2.6 refuses it without a fallback): the book carries its pixels as a PNG.
  const article = await withConvertedImages(source, webpPictures);
  const { meta } = article;
  const { theme } = context.config;
  const labels = articleLabels(article, context);
  const identifier = articleIdentifier(article);
  const modified = w3cDateTime(articleDate(meta.updated ?? meta.date));
  const sourceIds = idsIn(article.hast);
  const newId = idMaker(new Set(sourceIds));
  const { adapt, assets } = contentAdapter({
    images: article.images,
    unconverted: article.unconverted,
    ids: sourceIds,
    labels,
    warn: (reason, place, ruleId) => context.warn(reason, { place, ruleId }),
  });
  const conform = xhtmlConformer(sourceIds);
  // Figures, captioned and scoped tables, and isolated runs of the opposite script direction, as the HTML
  // edition makes them, on a copy: the shared tree is frozen.
  const tree = structuredClone(article.hast) as Root;
  imageParagraphsAsFigures(tree);
  accessibleTables(tree);
  scrollingTables(tree, labels);
  isolateOppositeRuns(tree, directionOf(meta.lang));
  const toBook = (node: ElementContent) => adapt(node).flatMap(conform);
  const { content, headings } = epubBody(tree.children as ElementContent[], toBook, newId, labels);
  const articleTitleId = newId('article-title');
  const corrections = correctionsSection(meta, labels, newId, toBook);
  if (corrections) headings.push(corrections.entry);

  const cover = meta.image ? coverImage(article, context) : undefined;
  const byHref = new Map(assets.images);
  if (cover) byHref.set(cover.href, cover);
  const images = [...byHref.values()].sort((a, b) => (a.href < b.href ? -1 : a.href > b.href ? 1 : 0));

  const files: [string, string | Uint8Array][] = [
    [
      'content.opf',
      contentOpf({
        meta,
        labels,
        identifier,
        modified,
        date: meta.date && (meta.date.length === 10 ? meta.date : w3cDateTime(articleDate(meta.date))),
        images: images.map(({ href, asset }) => ({ href, mediaType: asset.mediaType })),
        themeFiles: themeFiles(theme).map((file) => ({ href: themeFilePath(file), mediaType: file.mediaType })),
        shownImages: assets.images.size,
        imagesWithoutAlt: assets.imagesWithoutAlt,
        coverHref: cover?.href,
        hasNotes: content.some((node) => node.type === 'element' && node.properties['epub:type'] === 'endnotes'),
      }),
    ],
    [contentFiles.nav, navDocument(meta, headings, labels)],
    [contentFiles.ncx, ncxDocument(meta, identifier, headings, labels)],
    [contentFiles.css, stylesheet(theme, labels.counterStyle, corrections !== undefined, hasItalics(meta.lang))],
    [contentFiles.title, xhtmlDocument(meta.title, meta.lang, [titlePage(meta, labels, theme)])],
    [
      contentFiles.article,
      xhtmlDocument(
        meta.title,
        meta.lang,
        [
          h('section', { 'epub:type': 'chapter', role: 'doc-chapter', ariaLabelledBy: articleTitleId }, [
            h('h1', { id: articleTitleId }, meta.title),
            ...content,
            corrections?.section,
          ]),
        ],
        { bodyType: 'bodymatter' },
      ),
    ],
    ...(cover ? [] : [[contentFiles.cover, coverSvg(meta, theme)] as [string, string]]),
    ...images.map(({ href, asset }): [string, Uint8Array] => [href, asset.bytes]),
    ...themeFiles(theme).map((file): [string, Uint8Array] => [themeFilePath(file), file.bytes]),
  ];
  return packageBook(files, new Date(modified));
}

/**
 * The front matter `image` as the cover, when the pipeline read it and EPUB can carry its type; else the generated cover,
 * with a warning, but for a local file the pipeline could not read: its warning, at its line, says why already.
 */
function coverImage(article: Article, context: RenderContext): BookImage | undefined {
  const image = article.meta.image ?? '';
  const asset = article.images.get(image);
  const href = asset && bookImageHref(asset);
  if (asset && href) return { href, asset };
  const remote = isRemote(image);
  if (!asset && !remote) return undefined;
  context.warn(
    `Front matter image ${image} is ${remote ? 'not a local file' : 'not a PNG, JPEG, GIF or SVG'}, so the EPUB has a generated cover. Use a local PNG or JPEG`,
    { place: article.frontMatterPlaces.get('image'), ruleId: 'epub-cover' },
  );
  return undefined;
}

/** Every valid id in the shared tree, so generated ids never collide and fragment links can be checked. */
function idsIn(tree: Readonly<Root>): Set<string> {
  const ids = new Set<string>();
  visit(tree as Root, 'element', (node) => {
    if (typeof node.properties.id === 'string' && isValidId(node.properties.id)) ids.add(node.properties.id);
  });
  return ids;
}

/** `CCYY-MM-DDThh:mm:ssZ`, as `dcterms:modified` requires. */
function w3cDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The correction notices after the chapter's body, made into book content as the body is (`toBook`), named by their heading, which the navigation lists. */
function correctionsSection(
  meta: ArticleMeta,
  labels: Labels,
  newId: (base: string) => string,
  toBook: (node: ElementContent) => ElementContent[],
): { section: Element; entry: NavEntry } | undefined {
  const notices = correctionsElement(meta, labels);
  const [section] = notices ? toBook(notices) : [];
  const heading = section?.type === 'element' ? section.children[0] : undefined;
  if (section?.type !== 'element' || heading?.type !== 'element') return undefined;
  const id = newId('corrections-title');
  heading.properties.id = id;
  section.properties = { className: ['corrections'], ariaLabelledBy: [id] };
  isolateOppositeRuns(section, directionOf(meta.lang));
  return { section, entry: { id, label: toText(heading), rank: 2 } };
}

function titlePage(meta: ArticleMeta, labels: Labels, theme: ResolvedTheme): ElementContent {
  const { byline: by, credit, place: dateline, date, updated } = masthead(meta, labels);
  const datelineParts = [
    dateline?.content as ElementContent[] | undefined,
    date ? [h('time', { dateTime: meta.date }, date)] : undefined,
    updated ? [h('span.updated', updated.content as ElementContent[])] : undefined,
  ].filter((part) => part !== undefined);
  const page = h('section', { 'epub:type': 'titlepage', ariaLabel: meta.title }, [
    mastheadElement(theme, theme.logo && themeFilePath(logoFile(theme.logo))),
    h('h1', meta.title),
    meta.description ? h('p.dek', meta.description) : undefined,
    by || credit ? h('p.byline', [by ?? '', by && credit ? ' · ' : '', credit ?? '']) : undefined,
    datelineParts.length > 0
      ? h(
          'p.dateline',
          datelineParts.flatMap((part, index) => (index === 0 ? part : [' · ', ...part])),
        )
      : undefined,
    meta.publisher ? h('p.byline', meta.publisher) : undefined,
    meta.rights ? h('p.rights', meta.rights) : undefined,
  ]);
  // A Latin name in an Arabic byline, as in the article: isolated, so the punctuation around it keeps its place.
  isolateOppositeRuns(page, directionOf(meta.lang));
  return page;
}
