import type { Element, ElementContent, Root } from 'hast';
import { h } from 'hastscript';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { ResolvedTheme } from '../../config/theme.js';
import type { Article, BesideFile, EditionWithFiles, RenderContext } from '../../types.js';
import { urlFromPage } from '../common/collection.js';
import { contentFileName, LateDataUris } from '../common/data-urls.js';
import { isFont, logoFile, mastheadElement, type ThemeFile, themeFilePath, themeFiles } from '../common/house.js';
import { articleLabels, type Labels } from '../common/labels.js';
import { directionOf } from '../common/language.js';
import { accessibleTables, imageParagraphsAsFigures, isolateOppositeRuns, scrollingTables } from '../common/markup.js';
import { colophon, correctionsElement, masthead } from '../common/masthead.js';
import { embedImages, footnoteSection, labelledCheckboxes, markBareAddresses, repairContentModel, scrollingCodeBlocks } from './body.js';
import { jsonLdText, metadata, pageUrls } from './head.js';
import type { ResizedCopy } from './resized.js';
import { contentSecurityPolicy, correctionRules, listNumbering, stylesheet } from './style.js';

export interface HtmlOptions {
  /**
   * Site address (default: the config's `baseUrl`); when set, pages carry `<link rel="canonical">` to `baseUrl/slug.html`
   * and absolute image addresses in their metadata.
   */
  readonly baseUrl?: string;
  /**
   * `'embed'` (default): images inside the page as `data:` URIs, one file to mail or archive.
   * `'beside'`: images written beside the page, in `<slug>.images/`, named by their content: a lighter page that browsers cache.
   */
  readonly images?: 'embed' | 'beside';
  /**
   * With `images: 'beside'`: smaller copies of each JPEG, PNG and WebP picture, at each of these widths in pixels narrower
   * than the picture, in its format and without its metadata, offered to the browser in a `srcset`. `true`: 480, 960 and 1600.
   */
  readonly imageWidths?: true | readonly number[];
}

/** hast → HTML text; raw HTML never reaches the page, already sanitized when the article was read. */
const stringifier = unified().use(rehypeStringify, { allowDangerousHtml: false }).freeze();

/** The page as HTML text (sanitized markup only), with its images when they go beside it, and their smaller copies by `src`. */
export function htmlPage(
  article: Article,
  options: HtmlOptions,
  context: RenderContext,
  copies: ReadonlyMap<string, readonly ResizedCopy[]> = new Map(),
): string | EditionWithFiles {
  const labels = articleLabels(article, context);
  const beside = options.images === 'beside' ? besideFiles(article) : undefined;
  const { theme } = context.config;
  // The theme's fonts and logo follow the images: inside the page, or beside it in `theme/`, shared by every page.
  const dataUris = new LateDataUris();
  const themeUrl = beside ? (file: ThemeFile) => urlFromPage(article.slug, themeFilePath(file)) : (file: ThemeFile) => dataUris.of(file.mediaType, file.bytes);
  // The pages are published where the config says the output folder is, unless html() names another address.
  const pageOptions = { ...options, baseUrl: options.baseUrl ?? context.config.baseUrl };
  const edition = dataUris.fill(stringifier.stringify(page(article, pageOptions, context.versions, beside, copies, labels, theme, themeUrl, dataUris)));
  const themeBeside = themeFiles(theme).map((file) => ({ path: themeFilePath(file), bytes: file.bytes }));
  // A picture shown under two addresses has one set of copies.
  const allCopies = new Map([...copies.values()].flat().map((copy) => [copy.path, copy]));
  const copiesBeside = [...allCopies.values()].flatMap(({ path, bytes, madeFrom }) => (bytes ? [{ path, bytes, madeFrom }] : []));
  const kept = [...allCopies.values()].flatMap(({ path, bytes }) => (bytes ? [] : [path]));
  return beside ? { edition, beside: [...beside.values(), ...copiesBeside, ...themeBeside], kept } : edition;
}

/** Each image of the article, by its `src`, as a file in `<slug>.images/` named by its content. */
function besideFiles(article: Article): Map<string, BesideFile> {
  return new Map(
    [...article.images.values()].map((image) => [
      image.src,
      { path: `${article.slug}.images/${contentFileName(image.hash, image.mediaType)}`, bytes: image.bytes },
    ]),
  );
}

function page(
  article: Article,
  options: HtmlOptions,
  versions: RenderContext['versions'],
  beside: ReadonlyMap<string, BesideFile> | undefined,
  copies: ReadonlyMap<string, readonly ResizedCopy[]>,
  labels: Labels,
  theme: ResolvedTheme,
  themeUrl: (file: ThemeFile) => string,
  dataUris: LateDataUris,
): Root {
  const { meta } = article;
  // The shared tree is frozen: the page's own changes go to a copy.
  const body = structuredClone(article.hast) as Root;
  // A link's card shows the lead picture's copy of at least 1200 pixels (what Facebook asks for a large card) when there is one:
  // a camera's 6000-pixel, 6 MB photo is over X's 4096 pixels and 5 MB.
  const cardPicture = (src: string) => copies.get(src)?.find((copy) => copy.width >= 1200) ?? beside?.get(src);
  const urls = pageUrls(article, options.baseUrl, firstImageSrc(body), (src) => cardPicture(src)?.path, versions);
  repairContentModel(body);
  embedImages(body, article.images, beside, (mediaType, bytes) => dataUris.of(mediaType, bytes), article.slug, copies);
  imageParagraphsAsFigures(body);
  accessibleTables(body);
  footnoteSection(body);
  scrollingCodeBlocks(body, labels);
  scrollingTables(body, labels);
  labelledCheckboxes(body);
  markBareAddresses(body);

  const jsonLd = jsonLdText(article, urls);
  const direction = directionOf(meta.lang);
  const articleElement = h('article', [
    header(article, labels),
    ...(body.children as ElementContent[]),
    correctionsElement(meta, labels),
    footer(article, labels),
  ]);
  isolateOppositeRuns(articleElement, direction);
  const banner = mastheadElement(theme, theme.logo && themeUrl(logoFile(theme.logo)));

  return {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: meta.lang, dir: direction === 'rtl' ? 'rtl' : undefined }, [
        h('head', [
          h('meta', { charSet: 'utf-8' }),
          h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
          h('meta', { httpEquiv: 'Content-Security-Policy', content: contentSecurityPolicy(jsonLd, beside !== undefined, themeFiles(theme).some(isFont)) }),
          ...metadata(article, urls, jsonLd),
          h('style', stylesheet(theme, themeUrl, `${listNumbering(labels.counterStyle)}${meta.corrections ? correctionRules : ''}`)),
        ]),
        h('body', [banner, h('main', [articleElement])]),
      ]),
    ],
  };
}

function header(article: Article, labels: Labels): Element {
  const { meta } = article;
  const { byline: by, credit, place, date, updated } = masthead(meta, labels);
  const dateline = [
    place ? h('span', place.content as ElementContent[]) : undefined,
    date ? h('time', { dateTime: meta.date }, date) : undefined,
    updated ? h('span.updated', updated.content as ElementContent[]) : undefined,
  ].filter((part) => part !== undefined);
  return h('header', [
    h('h1', meta.title),
    meta.description ? h('p.dek', meta.description) : undefined,
    by || credit ? h('p.byline', [by, by && credit ? ' · ' : undefined, credit ? h('span.credit', credit) : undefined]) : undefined,
    dateline.length > 0
      ? h(
          'p.dateline',
          dateline.flatMap((part, index) => (index === 0 ? [part] : [' · ', part])),
        )
      : undefined,
  ]);
}

function footer(article: Article, labels: Labels): Element | undefined {
  const { meta } = article;
  const { tags, publisher } = colophon(meta, labels);
  const parts = [tags ? h('p.tags', tags) : undefined, publisher ? h('p', publisher) : undefined, meta.rights ? h('p', meta.rights) : undefined].filter(
    (node) => node !== undefined,
  );
  return parts.length > 0 ? h('footer', parts) : undefined;
}

function firstImageSrc(tree: Root): string | undefined {
  let src: string | undefined;
  visit(tree, 'element', (node) => {
    if (src === undefined && node.tagName === 'img' && typeof node.properties.src === 'string') src = node.properties.src;
  });
  return src;
}
