import { byCodeUnits } from '../../publish/order.js';
import type { Collection, CollectionEdition } from '../../types.js';
import type { Labels } from './labels.js';

/** The built-in editions' names: format names, the same in every language, but for the text edition's. */
const formatNames: Readonly<Record<string, string>> = { html: 'HTML', pdf: 'PDF', epub: 'EPUB', docx: 'DOCX', newsml: 'NewsML' };

const mediaTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.pdf': 'application/pdf',
  '.epub': 'application/epub+zip',
  '.txt': 'text/plain',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  // IANA's type for a NewsML-G2 news item.
  '.newsml.xml': 'application/vnd.iptc.g2.newsitem+xml',
};

/** An edition's name for readers: "PDF", or a renderer of one's own by its extension ("JSON"). */
export function editionLabel(edition: CollectionEdition, labels: Labels): string {
  if (edition.renderer === 'text') return labels.text('textEdition');
  return formatNames[edition.renderer] ?? edition.path.slice(edition.path.lastIndexOf('.') + 1).toUpperCase();
}

/** An edition's media type by its extension (`.newsml.xml` before `.xml`); `application/octet-stream` for one this table does not know. */
export function mediaTypeOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  for (let dot = name.indexOf('.'); dot !== -1; dot = name.indexOf('.', dot + 1)) {
    const type = mediaTypes[name.slice(dot)];
    if (type) return type;
  }
  return 'application/octet-stream';
}

/** The language most of the articles are in (ties: the first in tag order), English for none: a collection's own language. */
export function collectionLanguage(collection: Collection): string {
  const counts = new Map<string, number>();
  for (const { meta } of collection.articles) counts.set(meta.lang, (counts.get(meta.lang) ?? 0) + 1);
  return [...counts].sort(([a, countA], [b, countB]) => countB - countA || byCodeUnits(a, b))[0]?.[0] ?? 'en';
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

/** The URL of a file in the output folder from beside it: each name percent-encoded, so that a space, `?` or `#` in a file name stays in the path. */
export function relativeUrl(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
