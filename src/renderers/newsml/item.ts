import type { ElementContent, Root } from 'hast';
import { toXast } from 'hast-util-to-xast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { Element as XmlElement } from 'xast';
import { toXml } from 'xast-util-to-xml';
import type { Article } from '../../types.js';
import { siteUrl } from '../common/collection.js';
import { articleDate } from '../common/dates.js';
import { articleIdentifier } from '../common/identifier.js';
import { isRightToLeft, safeLocale } from '../common/language.js';
import { accessibleTables, imageParagraphsAsFigures } from '../common/markup.js';
import { x } from '../common/xast.js';

/** The IPTC's catalog of the schemes the item's QCodes use (`ninat:`, `stat:`). */
const iptcCatalog = 'http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_32.xml';

/** NewsML-G2 2.35's namespace. */
const newsmlNamespace = 'http://iptc.org/std/nar/2006-10-01/';

/**
 * Milliseconds in a second: the item's version counts the seconds from first publication to the last update, so a
 * correction sent within the minute is a later version, not a duplicate a wire client drops.
 */
const second = 1000;

/**
 * One NewsML-G2 2.35 `newsItem` (Power conformance) for the article: item
 * metadata, content metadata from the front matter, and the body as XHTML in
 * `inlineXML`. Its `guid` is the article's identifier (as the EPUB's) and its
 * `version` follows `updated`, so a republish of an unchanged article is the
 * same item, and an update a later version of it.
 */
export function newsItem(article: Article, provider: string | undefined, baseUrl?: string): string {
  const { meta } = article;
  // An undated article has no first-created time to give (the item's firstCreated is optional): its version is 1.
  const created = meta.date ? articleDate(meta.date) : undefined;
  const modified = articleDate(meta.updated ?? meta.date);
  const version = created ? 1 + Math.max(0, Math.floor((modified.getTime() - created.getTime()) / second)) : 1;
  const item = x(
    'newsItem',
    {
      xmlns: newsmlNamespace,
      guid: articleIdentifier(article),
      version: String(version),
      standard: 'NewsML-G2',
      standardversion: '2.35',
      conformance: 'power',
      'xml:lang': meta.lang,
    },
    [
      x('catalogRef', { href: iptcCatalog }),
      meta.rights ? x('rightsInfo', {}, [x('copyrightNotice', {}, [meta.rights])]) : undefined,
      x('itemMeta', {}, [
        x('itemClass', { qcode: 'ninat:text' }),
        x('provider', { literal: provider ?? meta.publisher ?? meta.credit ?? 'Editions' }),
        x('versionCreated', {}, [dateTime(modified)]),
        created && x('firstCreated', {}, [dateTime(created)]),
        x('pubStatus', { qcode: 'stat:usable' }),
      ]),
      x('contentMeta', {}, [
        created && x('contentCreated', {}, [dateTime(created)]),
        x('contentModified', {}, [dateTime(modified)]),
        located(meta.dateline),
        ...meta.authors.map((author) => x('creator', {}, [x('name', {}, [author])])),
        x('language', { tag: meta.lang }),
        ...meta.tags.map((tag) => x('subject', {}, [x('name', {}, [tag])])),
        x('slugline', {}, [article.slug]),
        x('headline', {}, [meta.title]),
        meta.dateline ? x('dateline', {}, [meta.dateline]) : undefined,
        // The names alone: `by` is the byline's own element, so no "By" is printed.
        meta.authors.length > 0 ? x('by', {}, [new Intl.ListFormat(safeLocale(meta.lang), { type: 'conjunction' }).format(meta.authors)]) : undefined,
        meta.credit ? x('creditline', {}, [meta.credit]) : undefined,
        meta.description ? x('description', { role: 'drol:summary' }, [meta.description]) : undefined,
      ]),
      x('contentSet', {}, [x('inlineXML', { contenttype: 'application/xhtml+xml' }, [xhtmlBody(article, baseUrl)])]),
    ],
  );
  // xast-util-to-xml escapes `<` and `&` only, but XML forbids `]]>` in text (`]]&gt;` reads the same).
  return `<?xml version="1.0" encoding="UTF-8"?>\n${toXml(item).replaceAll(']]>', ']]&gt;')}\n`;
}

/** `located` from a dateline that names a place ("MUNICH, Germany", "ميونيخ، ألمانيا"): the first part, with each following part a broader place. */
function located(dateline: string | undefined): XmlElement | undefined {
  const parts = (dateline ?? '')
    .split(/[,،]/)
    .map((part) => part.trim())
    .filter((part) => /\p{L}/u.test(part));
  if (parts.length === 0) return undefined;
  const [place, ...broader] = parts;
  return x('located', {}, [x('name', {}, [place]), ...broader.map((part) => x('broader', {}, [x('name', {}, [part])]))]);
}

/** An `xs:dateTime` with its zone, from the article, never the clock. */
function dateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The sanitized body as an XHTML document: figures and accessible tables as the markup editions make them, on a copy (the shared tree is frozen). */
function xhtmlBody(article: Article, baseUrl: string | undefined): XmlElement {
  const body = structuredClone(article.hast) as Root;
  // Read on the wire, away from the site: a relative link points at the site's page.
  visit(body, 'element', (node) => {
    if (node.tagName === 'a' && typeof node.properties.href === 'string') node.properties.href = siteUrl(node.properties.href, baseUrl);
  });
  imageParagraphsAsFigures(body);
  accessibleTables(body);
  const { lang, title } = article.meta;
  const html = h('html', { xmlns: 'http://www.w3.org/1999/xhtml', lang, 'xml:lang': lang, dir: isRightToLeft(lang) ? 'rtl' : undefined }, [
    h('head', [h('title', title)]),
    h('body', body.children as ElementContent[]),
  ]);
  const tree = toXast(html);
  if (tree.type !== 'element') throw new Error('hast-util-to-xast made no element of the XHTML body');
  return tree;
}
