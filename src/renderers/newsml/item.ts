import { posix } from 'node:path';
import type { ElementContent, Root } from 'hast';
import { toXast } from 'hast-util-to-xast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { Element as XmlElement } from 'xast';
import { toXml } from 'xast-util-to-xml';
import type { Article, BesideFile, EditionWithFiles, ImageAsset } from '../../types.js';
import { absoluteUrl, mediaTypeOf, relativeUrl, siteUrl } from '../common/collection.js';
import { contentFileName } from '../common/data-urls.js';
import { articleDate } from '../common/dates.js';
import { articleIdentifier, nameIdentifier } from '../common/identifier.js';
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

/** A local picture of the article as the wire gets it: its file and its picture item beside the text item, and how each is addressed. */
interface WirePicture {
  readonly image: ImageAsset;
  /** Its caption: the picture's title, else its alt text. */
  readonly caption: string;
  readonly alt: string;
  readonly guid: string;
  readonly file: string;
  readonly item: string;
}

/**
 * One NewsML-G2 2.35 `newsItem` (Power conformance) for the article: item
 * metadata, content metadata from the front matter, and the body as XHTML in
 * `inlineXML`. Its `guid` is the article's identifier (as the EPUB's) and its
 * `version` follows `updated`, so a republish of an unchanged article is the
 * same item, and an update a later version of it. Each local picture it shows
 * goes beside it, in `<slug>.images/` (named by its content, as the HTML page's
 * pictures beside it), with a picture item of its own that the text item links
 * to: a wire client takes pictures as items, with their caption, type and size,
 * and the body's `img` points at the file instead of the article's own path.
 */
export function newsItem(article: Article, provider: string | undefined, baseUrl?: string): EditionWithFiles {
  const { meta } = article;
  const { created, modified } = itemTimes(article);
  // Absolute under the site's address when the config has one; else relative to the item's own file (a picture item sits in the pictures' folder).
  const addressFrom = (folder: string) => (path: string) => (baseUrl ? absoluteUrl(path, baseUrl) : relativeUrl(posix.relative(folder, path)));
  const address = addressFrom('.');
  const pictures = wirePictures(article);
  const item = x('newsItem', itemAttributes(article, articleIdentifier(article)), [
    ...itemMeta(article, provider, 'ninat:text', [
      ...[...pictures.values()].map((picture) =>
        x('link', { rel: 'irel:seeAlso', href: address(picture.item), residref: picture.guid, contenttype: mediaTypeOf(picture.item) }),
      ),
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
    x('contentSet', {}, [x('inlineXML', { contenttype: 'application/xhtml+xml' }, [xhtmlBody(article, baseUrl, pictures, address)])]),
  ]);
  const beside: BesideFile[] = [...pictures.values()].flatMap((picture) => [
    { path: picture.file, bytes: picture.image.bytes },
    { path: picture.item, bytes: Buffer.from(xmlDocument(pictureItem(article, provider, picture, addressFrom(`${article.slug}.images`)))) },
  ]);
  return { edition: xmlDocument(item), beside };
}

/** The item's XML declaration and its elements. */
function xmlDocument(item: XmlElement): string {
  // xast-util-to-xml escapes `<` and `&` only, but XML forbids `]]>` in text (`]]&gt;` reads the same).
  return `<?xml version="1.0" encoding="UTF-8"?>\n${toXml(item).replaceAll(']]>', ']]&gt;')}\n`;
}

/** When the article was first created (none for an undated one: the item's `firstCreated` is optional) and last modified. */
function itemTimes(article: Article): { readonly created?: Date; readonly modified: Date } {
  const { date, updated } = article.meta;
  return { created: date ? articleDate(date) : undefined, modified: articleDate(updated ?? date) };
}

/** The root's attributes: a picture item takes its article's version, so a corrected article sends its pictures again as later versions too. */
function itemAttributes(article: Article, guid: string): Record<string, string> {
  const { created, modified } = itemTimes(article);
  // An undated article's version is 1.
  const version = created ? 1 + Math.max(0, Math.floor((modified.getTime() - created.getTime()) / second)) : 1;
  return {
    xmlns: newsmlNamespace,
    guid,
    version: String(version),
    standard: 'NewsML-G2',
    standardversion: '2.35',
    conformance: 'power',
    'xml:lang': article.meta.lang,
  };
}

/** The catalog, the rights and the item metadata, the text item's and its pictures' alike but for their class and links. */
function itemMeta(article: Article, provider: string | undefined, itemClass: string, links: readonly XmlElement[]): (XmlElement | undefined)[] {
  const { meta } = article;
  const { created, modified } = itemTimes(article);
  return [
    x('catalogRef', { href: iptcCatalog }),
    meta.rights ? x('rightsInfo', {}, [x('copyrightNotice', {}, [meta.rights])]) : undefined,
    x('itemMeta', {}, [
      x('itemClass', { qcode: itemClass }),
      x('provider', { literal: provider ?? meta.publisher ?? meta.credit ?? 'Editions' }),
      x('versionCreated', {}, [dateTime(modified)]),
      created && x('firstCreated', {}, [dateTime(created)]),
      x('pubStatus', { qcode: 'stat:usable' }),
      ...links,
    ]),
  ];
}

/**
 * A picture's item: `ninat:picture`, its caption as `description`, its alt text as `headline`, the article's language,
 * dates, slug and credit, and the file as `remoteContent` with its type, size in bytes and size shown in pixels (a JPEG's
 * EXIF orientation applied, as the pages show it). Its guid is a name-based UUID of the article's and the picture's bytes:
 * the same picture item on every rebuild, a new one for new bytes.
 */
function pictureItem(article: Article, provider: string | undefined, picture: WirePicture, address: (path: string) => string): XmlElement {
  const { meta } = article;
  const { created, modified } = itemTimes(article);
  const { image } = picture;
  return x('newsItem', itemAttributes(article, picture.guid), [
    ...itemMeta(article, provider, 'ninat:picture', [
      x('link', {
        rel: 'irel:seeAlso',
        href: address(`${article.slug}.newsml.xml`),
        residref: articleIdentifier(article),
        contenttype: mediaTypeOf('.newsml.xml'),
      }),
    ]),
    x('contentMeta', {}, [
      created && x('contentCreated', {}, [dateTime(created)]),
      x('contentModified', {}, [dateTime(modified)]),
      x('language', { tag: meta.lang }),
      x('slugline', {}, [article.slug]),
      picture.alt ? x('headline', {}, [picture.alt]) : undefined,
      meta.credit ? x('creditline', {}, [meta.credit]) : undefined,
      picture.caption ? x('description', { role: 'drol:caption' }, [picture.caption]) : undefined,
    ]),
    x('contentSet', {}, [
      x('remoteContent', {
        href: address(picture.file),
        rendition: 'rnd:highRes',
        contenttype: image.mediaType,
        size: String(image.bytes.byteLength),
        width: String(image.width),
        height: String(image.height),
      }),
    ]),
  ]);
}

/** The article's local pictures its body shows, by `src`, in the order they first appear. */
function wirePictures(article: Article): Map<string, WirePicture> {
  const pictures = new Map<string, WirePicture>();
  const articleGuid = articleIdentifier(article);
  visit(article.hast, 'element', (node) => {
    const src = node.tagName === 'img' ? node.properties.src : undefined;
    const image = typeof src === 'string' ? article.images.get(src) : undefined;
    if (!image || pictures.has(image.src)) return;
    const alt = typeof node.properties.alt === 'string' ? node.properties.alt.trim() : '';
    const title = typeof node.properties.title === 'string' ? node.properties.title.trim() : '';
    const name = contentFileName(image.hash, image.mediaType);
    pictures.set(image.src, {
      image,
      alt,
      caption: title || alt,
      guid: nameIdentifier(`${articleGuid}/pictures/${image.hash}`),
      file: `${article.slug}.images/${name}`,
      item: `${article.slug}.images/${name.slice(0, name.indexOf('.'))}.newsml.xml`,
    });
  });
  return pictures;
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
function xhtmlBody(article: Article, baseUrl: string | undefined, pictures: ReadonlyMap<string, WirePicture>, address: (path: string) => string): XmlElement {
  const body = structuredClone(article.hast) as Root;
  // Read on the wire, away from the site: a relative link points at the site's page, a picture at its file beside the item.
  visit(body, 'element', (node) => {
    if (node.tagName === 'a' && typeof node.properties.href === 'string') node.properties.href = siteUrl(node.properties.href, baseUrl);
    const picture = node.tagName === 'img' ? pictures.get(String(node.properties.src)) : undefined;
    if (picture) Object.assign(node.properties, { src: address(picture.file), width: picture.image.width, height: picture.image.height });
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
