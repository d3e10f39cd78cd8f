import { posix } from 'node:path';
import mime from 'mime';
import { byCodeUnits } from '../../publish/order.js';
import type { Collection, CollectionArticle, CollectionEdition, CollectionRenderer } from '../../types.js';
import type { Labels } from './labels.js';

/** The built-in editions' names: format names, the same in every language, but for the text edition's. */
const formatNames: Readonly<Record<string, string>> = { html: 'HTML', pdf: 'PDF', epub: 'EPUB', docx: 'DOCX', newsml: 'NewsML' };

/** IANA's type for a NewsML-G2 news item, which the media types' database (`mime`) files under `.xml`. */
const newsItemType = 'application/vnd.iptc.g2.newsitem+xml';

/** An edition's name for readers: "PDF", or a renderer of one's own by its extension ("JSON"). */
export function editionLabel(edition: CollectionEdition, labels: Labels): string {
  if (edition.renderer === 'text') return labels.text('textEdition');
  return formatNames[edition.renderer] ?? edition.path.slice(edition.path.lastIndexOf('.') + 1).toUpperCase();
}

/** An edition's media type by its extension, a renderer of one's own's too (`.json`); `application/octet-stream` for one none knows. */
export function mediaTypeOf(path: string): string {
  return path.endsWith('.newsml.xml') ? newsItemType : (mime.getType(path) ?? 'application/octet-stream');
}

/**
 * The language most of the articles are in, English for none: a collection's own language. Ties go to the newest
 * article's language among them (the articles come newest first, and the sort keeps that order), as the front page
 * leads with it: by tag order, a batch with as many stories in each of seven languages made an Arabic front page.
 */
export function collectionLanguage(collection: Collection): string {
  const counts = new Map<string, number>();
  for (const { meta } of collection.articles) counts.set(meta.lang, (counts.get(meta.lang) ?? 0) + 1);
  return [...counts].sort(([, countA], [, countB]) => countB - countA)[0]?.[0] ?? 'en';
}

/**
 * The versions of each story told in several languages (articles sharing a `translationKey`): for each article of such a
 * story, all its versions, itself included, by language tag. Made from the whole collection, so that a list of one
 * language's articles still links the others.
 */
export function translationsOf(collection: Collection): ReadonlyMap<CollectionArticle, readonly CollectionArticle[]> {
  return storiesOf(collection.articles, ({ meta, slug }) => meta.translationKey !== undefined && { key: meta.translationKey, lang: meta.lang, slug });
}

/**
 * For each item of a story with several versions (`story` gives its key, language and slug; false for an item of none), all
 * the story's items, itself included, by language tag, then slug: the order every list of versions takes, on a page as in
 * the sitemap and the feeds.
 */
export function storiesOf<Item>(
  items: readonly Item[],
  story: (item: Item) => { readonly key: string; readonly lang: string; readonly slug: string } | false | undefined,
): ReadonlyMap<Item, readonly Item[]> {
  const byKey = new Map<string, { item: Item; lang: string; slug: string }[]>();
  for (const item of items) {
    const told = story(item);
    if (!told) continue;
    const versions = byKey.get(told.key) ?? [];
    versions.push({ item, lang: told.lang, slug: told.slug });
    byKey.set(told.key, versions);
  }
  const stories = new Map<Item, readonly Item[]>();
  for (const versions of byKey.values()) {
    if (versions.length < 2) continue;
    const ordered = versions.sort((a, b) => byCodeUnits(a.lang, b.lang) || byCodeUnits(a.slug, b.slug)).map(({ item }) => item);
    for (const item of ordered) stories.set(item, ordered);
  }
  return stories;
}

/** Whether an article in `lang` is in the language `wanted` names: the same tag, or one under it (`fr` takes `fr-CA`), in any case. */
export function isInLanguage(lang: string, wanted: string): boolean {
  const [tag, prefix] = [lang.toLowerCase(), wanted.toLowerCase()];
  return tag === prefix || tag.startsWith(`${prefix}-`);
}

/**
 * The front page of the articles in `lang` that one of the config's collection renderers declares (`index({ lang })`): of that
 * language, else of the nearest it is a variety of (`fr` for `fr-CA`); undefined when none is made.
 */
export function frontPageOf(renderers: readonly CollectionRenderer[], lang: string): string | undefined {
  const pages = renderers.flatMap(({ frontPage }) =>
    frontPage?.lang !== undefined && isInLanguage(lang, frontPage.lang) ? [{ path: frontPage.path, lang: frontPage.lang }] : [],
  );
  // The nearest is the longest tag.
  return pages.sort((a, b) => b.lang.length - a.lang.length)[0]?.path;
}

/** The article's page: its HTML edition, else its first. */
export function pageOf(article: CollectionArticle): CollectionEdition | undefined {
  return article.editions.find((edition) => edition.renderer === 'html') ?? article.editions[0];
}

/** An edition's absolute address: its path percent-encoded, under `baseUrl`. */
export function absoluteUrl(path: string, baseUrl: string): string {
  return new URL(relativeUrl(path), baseUrl).href;
}

/**
 * A link of an article as an edition read away from the site gives it (the text edition, the NewsML item): a relative
 * address (`earlier-story.html`) resolved against the config's `baseUrl` when there is one, where the pages are.
 */
export function siteUrl(href: string, baseUrl: string | undefined): string {
  if (!baseUrl || href.startsWith('#') || /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(href) || !URL.canParse(href, baseUrl)) return href;
  return new URL(href, baseUrl).href;
}

/**
 * The URL of a file of the output folder (`path` relative to it: `theme/…`, `2026/12/story.images/…`) from the page of the
 * article of `slug`, which sits in the folder of its slug (`2026/12/story.html`): every page links its pictures and the shared
 * files relatively, so the site can be served from any address or opened from the disk.
 */
export function urlFromPage(slug: string, path: string): string {
  return relativeUrl(posix.relative(posix.dirname(slug), path));
}

/**
 * The address of the folder the page of the article of `slug` sits in (`baseUrl` for a top-level article), against which the
 * article's own relative links resolve; undefined without `baseUrl`.
 */
export function pageFolderUrl(slug: string, baseUrl: string | undefined): string | undefined {
  return baseUrl && absoluteUrl(`${posix.dirname(slug)}/`, baseUrl);
}

/** The URL of a file in the output folder from beside it: each name percent-encoded, so that a space, `?` or `#` in a file name stays in the path. */
export function relativeUrl(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
