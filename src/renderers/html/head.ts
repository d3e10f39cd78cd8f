import type { Element } from 'hast';
import { h } from 'hastscript';
import type { Article, StoryVersion } from '../../types.js';
import { absoluteUrl, urlFromPage } from '../common/collection.js';

/** The page's addresses: its canonical URL and its lead image's, both absolute or absent, and its story's versions' pages. */
export interface PageUrls {
  readonly canonical?: string;
  readonly image?: string;
  /** Each version's page, this one included: absolute under the base URL, else beside this page (relative). */
  readonly versions: readonly { readonly lang: string; readonly href: string }[];
}

/**
 * Resolves the page and its lead image (front matter `image`, else the first body image) against `baseUrl`;
 * `published` gives the path in the output folder a local image is published at (`<slug>.images/…`), undefined for one
 * the page embeds.
 */
export function pageUrls(
  article: Article,
  baseUrl: string | undefined,
  firstImage: string | undefined,
  published: (src: string) => string | undefined = () => undefined,
  versions: readonly StoryVersion[] = [],
): PageUrls {
  const base = baseUrl ? (baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`) : undefined;
  const lead = article.meta.image ?? firstImage;
  const publishedAt = lead === undefined ? undefined : published(lead);
  // Without a base URL, a version's page is linked from this one's folder (so that the links work offline, from the folder too).
  const page = (slug: string) => (base ? absoluteUrl(`${slug}.html`, base) : urlFromPage(article.slug, `${slug}.html`));
  return {
    canonical: base ? page(article.slug) : undefined,
    // Open Graph and schema.org want the absolute address of a file on the web: a picture on another host, or one published
    // beside the page (its path in the output folder, under the base URL). An embedded picture has no address of its own
    // (nothing is written where the article found it), so it is left out, as is any local picture without a base URL.
    image: lead && (URL.canParse(lead) ? lead : base && publishedAt ? absoluteUrl(publishedAt, base) : undefined),
    versions: versions.map(({ slug, lang }) => ({ lang, href: page(slug) })),
  };
}

/** The schema.org type of an author: an author who is also the credit line is the agency itself. */
function authorEntity(name: string, credit: string | undefined) {
  return { '@type': name === credit ? 'Organization' : 'Person', name };
}

/** schema.org `NewsArticle` for search engines, as a JSON-LD object. */
export function newsArticle(article: Article, urls: PageUrls): Record<string, unknown> {
  const { meta } = article;
  const entries: [string, unknown][] = [
    ['@context', 'https://schema.org'],
    ['@type', 'NewsArticle'],
    ['headline', meta.title],
    ['description', meta.description],
    ['datePublished', meta.date],
    ['dateModified', meta.updated ?? meta.date],
    ['author', meta.authors.length > 0 ? meta.authors.map((name) => authorEntity(name, meta.credit)) : undefined],
    ['publisher', meta.publisher ? { '@type': 'Organization', name: meta.publisher } : undefined],
    ['inLanguage', meta.lang],
    ['keywords', meta.tags.length > 0 ? [...meta.tags] : undefined],
    ['image', urls.image ? [urls.image] : undefined],
    ['url', urls.canonical],
    ['mainEntityOfPage', urls.canonical],
    ['identifier', meta.id],
    ['copyrightNotice', meta.rights],
    // Each correction notice, as schema.org's `correction` takes them (Google's fact-check and news guidance read it).
    ['correction', meta.corrections?.map(({ date, text }) => ({ '@type': 'CorrectionComment', text, datePublished: date }))],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

/** The JSON-LD block's text: `<` escaped so no `</script>` or `<!--` in the data can end the block. */
export function jsonLdText(article: Article, urls: PageUrls): string {
  return JSON.stringify(newsArticle(article, urls)).replace(/</g, '\\u003c');
}

/** Title, description, canonical link, Open Graph, Twitter card and JSON-LD. */
export function metadata(article: Article, urls: PageUrls, jsonLd: string): Element[] {
  const { meta } = article;
  const property = (name: string, content: string | undefined) => (content ? h('meta', { property: name, content }) : undefined);
  const named = (name: string, content: string | undefined) => (content ? h('meta', { name, content }) : undefined);
  return [
    h('title', meta.title),
    named('description', meta.description),
    named('author', meta.authors.join(', ') || undefined),
    named('keywords', meta.tags.join(', ') || undefined),
    urls.canonical ? h('link', { rel: 'canonical', href: urls.canonical }) : undefined,
    // Every version of the story, this one included, as Google asks of each (its sitemap lists them too).
    ...urls.versions.map(({ lang, href }) => h('link', { rel: 'alternate', hrefLang: lang, href })),
    property('og:type', 'article'),
    property('og:title', meta.title),
    property('og:description', meta.description),
    property('og:url', urls.canonical),
    property('og:image', urls.image),
    property('og:locale', meta.lang.replace('-', '_')),
    property('og:site_name', meta.publisher),
    property('article:published_time', meta.date),
    property('article:modified_time', meta.updated ?? meta.date),
    ...meta.authors.map((name) => property('article:author', name)),
    ...meta.tags.map((tag) => property('article:tag', tag)),
    named('twitter:card', urls.image ? 'summary_large_image' : 'summary'),
    named('twitter:title', meta.title),
    named('twitter:description', meta.description),
    named('twitter:image', urls.image),
    h('script', { type: 'application/ld+json' }, jsonLd),
  ].filter((node): node is Element => node !== undefined);
}
