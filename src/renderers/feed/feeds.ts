import { createHash } from 'node:crypto';
import type { Root } from 'hast';
import rehypeRaw from 'rehype-raw';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import type { CollectionArticle, CollectionContext, CollectionFile, Collection as CollectionOfArticles } from '../../types.js';
import {
  absoluteUrl,
  collectionLanguage,
  editionLabel,
  frontPageOf,
  isInLanguage,
  mediaTypeOf,
  pageOf,
  siteUrl,
  translationsOf,
} from '../common/collection.js';
import { contentFileName } from '../common/data-urls.js';
import { articleDate, isoTimestamp } from '../common/dates.js';
import { articleIdentifier } from '../common/identifier.js';
import { type Labels, labelsFor } from '../common/labels.js';
import { directionOf } from '../common/language.js';
import { escapeXmlText as escapeXml } from '../common/xml.js';
import type { FeedFiles, FeedOptions } from './index.js';

/** The entries a feed carries unless its options say otherwise. */
const defaultLimit = 50;

/** The editions a feed entry carries as enclosures (attachments). */
const enclosed = new Set(['pdf', 'epub']);

/** One entry of both feeds, every address absolute. */
interface Entry {
  readonly article: CollectionArticle;
  /** The article's own identifier when its front matter has an `id`, else its page's address. */
  readonly id: string;
  readonly url: string;
  /** The HTML edition's article element, or undefined without an HTML edition. */
  readonly content?: string;
  /** The pictures its page embeds, as files of the feed's own that its content points at. */
  readonly pictures: readonly CollectionFile[];
  /** Undefined for an article without a date: a feed says nothing rather than a made-up one. */
  readonly published?: string;
  readonly updated: string;
  readonly enclosures: readonly { href: string; type: string; length: number; title: string }[];
  /** The story's versions in other languages (a shared `translationKey`), from the whole collection: their pages' addresses. */
  readonly versions: readonly { lang: string; href: string; type: string }[];
}

/**
 * Both feeds. Written here rather than with the `feed` package: its JSON Feed is
 * version 1, it gives an entry one enclosure with a made-up media type
 * (`image/pdf`), one author, and no language per entry.
 */
export async function feedFiles(
  collection: CollectionOfArticles,
  context: CollectionContext,
  options: FeedOptions,
  files: FeedFiles,
): Promise<CollectionFile[]> {
  const baseUrl = context.config.baseUrl as string;
  const wanted = options.lang;
  const inLanguage = wanted ? collection.articles.filter((article) => isInLanguage(article.meta.lang, wanted)) : collection.articles;
  // The collection comes newest first, undated articles last.
  const articles = inLanguage.slice(0, options.limit ?? defaultLimit);
  const lang = wanted ?? collectionLanguage({ articles });
  const labels = labelsFor(lang, context.config.labels);
  const translations = translationsOf(collection);
  const entries = await Promise.all(articles.map((article) => entryOf(article, baseUrl, context, labels, files.pictures, translations.get(article) ?? [])));
  const frontPage = wanted && frontPageOf(context.config.collections, wanted);
  const head = {
    title: options.title ?? sharedPublisher(inLanguage) ?? labels.text('collectionTitle'),
    lang,
    // The newest entry's time, never the clock: the same articles give the same feed.
    updated:
      entries
        .map((entry) => entry.updated)
        .sort()
        .at(-1) ?? isoTimestamp(articleDate(undefined)),
    baseUrl,
    // The page it is the feed of: its language's front page, when the config makes one; else the site's address, where index() writes.
    home: frontPage ? absoluteUrl(frontPage, baseUrl) : baseUrl,
    // The site's address, as before; one language's feed is another feed, which a reader must not take for it.
    id: wanted ? absoluteUrl(files.atom, baseUrl) : baseUrl,
    files,
  };
  return [
    { path: files.atom, bytes: atom(head, entries) },
    { path: files.json, bytes: `${JSON.stringify(jsonFeed(head, entries), null, 2)}\n` },
    // A picture in two entries is one file.
    ...new Map(entries.flatMap((entry) => entry.pictures.map((picture) => [picture.path, picture]))).values(),
  ];
}

/**
 * The publisher every article of the feed's language that names one names, or undefined when they name several or none. The
 * newest article's, as the feed's name, changed with each publish of a batch from several publishers.
 */
function sharedPublisher(articles: readonly CollectionArticle[]): string | undefined {
  const publishers = new Set(articles.flatMap((article) => (article.meta.publisher ? [article.meta.publisher] : [])));
  return publishers.size === 1 ? [...publishers][0] : undefined;
}

interface Head {
  readonly title: string;
  readonly lang: string;
  readonly updated: string;
  readonly baseUrl: string;
  readonly home: string;
  readonly id: string;
  readonly files: FeedFiles;
}

/** An entry; its enclosures named in the feed's language. */
async function entryOf(
  article: CollectionArticle,
  baseUrl: string,
  context: CollectionContext,
  labels: Labels,
  pictureFolder: string,
  translations: readonly CollectionArticle[],
): Promise<Entry> {
  const html = article.editions.find((edition) => edition.renderer === 'html');
  const { meta } = article;
  const published = meta.date ? isoTimestamp(articleDate(meta.date)) : undefined;
  const url = absoluteUrl(html?.path ?? `${article.slug}.html`, baseUrl);
  const element = html && articleElement(Buffer.from(await context.readEdition(html.path)).toString('utf8'));
  return {
    article,
    // Its `id` outlives a rename (the slug, the address), which gave the story a new id, shown in readers as new; a story without one kept its page's address, as before.
    id: meta.id ? articleIdentifier(article) : url,
    url,
    ...(element ? await withAbsoluteAddresses(element, meta.lang, url, baseUrl, pictureFolder) : { pictures: [] }),
    published,
    // Atom requires an entry's updated: an undated article's is the build's time (SOURCE_DATE_EPOCH, else 1980), never the clock.
    updated: isoTimestamp(articleDate(meta.updated ?? meta.date)),
    enclosures: article.editions
      .filter((edition) => enclosed.has(edition.renderer))
      .map((edition) => ({
        href: absoluteUrl(edition.path, baseUrl),
        type: mediaTypeOf(edition.path),
        length: edition.bytes,
        title: editionLabel(edition, labels),
      })),
    versions: translations.flatMap((version) => {
      const page = version === article ? undefined : pageOf(version);
      return page ? [{ lang: version.meta.lang, href: absoluteUrl(page.path, baseUrl), type: mediaTypeOf(page.path) }] : [];
    }),
  };
}

/** The page's `<article>` element: the story without the page's head, style and policy. */
function articleElement(page: string): string | undefined {
  const start = page.indexOf('<article');
  const end = page.lastIndexOf('</article>');
  return start >= 0 && end > start ? page.slice(start, end + '</article>'.length) : undefined;
}

const htmlParser = unified().use(rehypeRaw).freeze();
const htmlStringifier = unified().use(rehypeStringify).freeze();

/**
 * A picture as the HTML edition embeds it: `<img src="data:…;base64,…"`, its first attribute (a `<` in text is always
 * escaped, so this is a tag). Found in the text before the element is parsed: parse5 took 116 ms over a 2.2 MB attribute,
 * and decoding by fetch 130 ms (Buffer: 7 ms); 50 articles with a 1.7 MB picture each took the feed 14.8 s, now as before.
 */
const embeddedPicture = /<img src="data:([^;,"]+);base64,([^"]*)"/g;

/**
 * The article element with every address absolute, as a feed reader away from the site needs them: its links and
 * pictures resolved against its page, and a picture the page embeds (a `data:` URL, which many readers strip, and
 * which made a feed of 300 illustrated articles 11 MB) made a file of the feed's own, named by its content.
 * It carries the article's `lang` and `dir`, which the page's `<html>` held: an Arabic story was set left to right.
 */
async function withAbsoluteAddresses(
  element: string,
  lang: string,
  pageUrl: string,
  baseUrl: string,
  pictureFolder: string,
): Promise<{ content: string; pictures: CollectionFile[] }> {
  const pictures: CollectionFile[] = [];
  const lightened = element.replace(embeddedPicture, (_tag, mediaType: string, base64: string) => {
    const bytes = new Uint8Array(Buffer.from(base64, 'base64'));
    const path = `${pictureFolder}${contentFileName(createHash('sha256').update(bytes).digest('hex'), mediaType)}`;
    pictures.push({ path, bytes });
    return `<img src="${absoluteUrl(path, baseUrl)}"`;
  });
  const tree = (await htmlParser.run({ type: 'root', children: [{ type: 'raw', value: lightened }] })) as Root;
  const article = tree.children.find((node) => node.type === 'element');
  if (article?.type === 'element') Object.assign(article.properties, { lang, dir: directionOf(lang) });
  visit(tree, 'element', (node) => {
    const address = node.tagName === 'a' ? 'href' : node.tagName === 'img' ? 'src' : undefined;
    const value = address && node.properties[address];
    // A link within the page (a note, a heading) is the page's address with its fragment.
    if (address && typeof value === 'string') node.properties[address] = value.startsWith('#') ? new URL(value, pageUrl).href : siteUrl(value, pageUrl);
    // The copies `imageWidths` offers (`story.images/…-480w.jpg 480w`): a reader resolves them against the feed, not the page.
    const candidates = node.tagName === 'img' ? node.properties.srcSet : undefined;
    if (typeof candidates === 'string')
      node.properties.srcSet = candidates
        .split(/,\s+/)
        .map((candidate) => candidate.replace(/^\S+/, (url) => siteUrl(url, pageUrl)))
        .join(', ');
  });
  return { content: htmlStringifier.stringify(tree), pictures };
}

function atom(head: Head, entries: readonly Entry[]): string {
  const text = (name: string, value: string | undefined, attributes = '') => (value ? `    <${name}${attributes}>${escapeXml(value)}</${name}>\n` : '');
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>\n',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(head.lang)}">\n`,
    `  <id>${escapeXml(head.id)}</id>\n`,
    `  <title>${escapeXml(head.title)}</title>\n`,
    `  <updated>${head.updated}</updated>\n`,
    // Atom wants an author for every entry: the feed's stands in for entries without one.
    `  <author><name>${escapeXml(head.title)}</name></author>\n`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(absoluteUrl(head.files.atom, head.baseUrl))}"/>\n`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(head.home)}"/>\n`,
  ];
  for (const entry of entries) {
    const { meta } = entry.article;
    lines.push(
      `  <entry${meta.lang !== head.lang ? ` xml:lang="${escapeXml(meta.lang)}"` : ''}>\n`,
      `    <id>${escapeXml(entry.id)}</id>\n`,
      text('title', meta.title),
      `    <updated>${entry.updated}</updated>\n`,
      ...(entry.published ? [`    <published>${entry.published}</published>\n`] : []),
      ...meta.authors.map((name) => `    <author><name>${escapeXml(name)}</name></author>\n`),
      `    <link rel="alternate" type="text/html" href="${escapeXml(entry.url)}"/>\n`,
      // RFC 4287 allows one alternate per type and hreflang: the entry's own page, then each other version's.
      ...entry.versions.map(
        (version) => `    <link rel="alternate" type="${version.type}" hreflang="${escapeXml(version.lang)}" href="${escapeXml(version.href)}"/>\n`,
      ),
      ...entry.enclosures.map(
        (item) => `    <link rel="enclosure" type="${item.type}" length="${item.length}" title="${escapeXml(item.title)}" href="${escapeXml(item.href)}"/>\n`,
      ),
      ...meta.tags.map((tag) => `    <category term="${escapeXml(tag)}"/>\n`),
      text('summary', meta.description),
      text('content', entry.content, ' type="html"'),
      text('rights', meta.rights),
      '  </entry>\n',
    );
  }
  lines.push('</feed>\n');
  return lines.join('');
}

function jsonFeed(head: Head, entries: readonly Entry[]): Record<string, unknown> {
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: head.title,
    home_page_url: head.home,
    feed_url: absoluteUrl(head.files.json, head.baseUrl),
    language: head.lang,
    authors: [{ name: head.title }],
    items: entries.map((entry) => {
      const { meta } = entry.article;
      return {
        id: entry.id,
        url: entry.url,
        title: meta.title,
        // JSON Feed requires content: the summary stands in for an article without an HTML edition.
        ...(entry.content ? { content_html: entry.content } : { content_text: meta.description ?? meta.title }),
        ...(meta.description ? { summary: meta.description } : {}),
        ...(entry.published ? { date_published: entry.published } : {}),
        ...(meta.updated ? { date_modified: entry.updated } : entry.published ? { date_modified: entry.updated } : {}),
        ...(meta.authors.length > 0 ? { authors: meta.authors.map((name) => ({ name })) } : {}),
        ...(meta.tags.length > 0 ? { tags: meta.tags } : {}),
        language: meta.lang,
        // JSON Feed has no field for them: an extension object (a name starting with `_`, which readers that do not know it ignore), as Atom's links.
        ...(entry.versions.length > 0 ? { _editions: { versions: entry.versions.map((version) => ({ language: version.lang, url: version.href })) } } : {}),
        ...(entry.enclosures.length > 0
          ? { attachments: entry.enclosures.map((item) => ({ url: item.href, mime_type: item.type, title: item.title, size_in_bytes: item.length })) }
          : {}),
      };
    }),
  };
}
