import { posix } from 'node:path';
import type { ElementContent, Root } from 'hast';
import { toXast } from 'hast-util-to-xast';
import { h } from 'hastscript';
import { visit } from 'unist-util-visit';
import type { Element as XmlElement } from 'xast';
import { toXml } from 'xast-util-to-xml';
import type { Article, BesideFile, EditionWithFiles, ImageAsset } from '../../types.js';
import { absoluteUrl, mediaTypeOf, pageFolderUrl, relativeUrl, siteUrl } from '../common/collection.js';
import { contentFileName } from '../common/data-urls.js';
import { articleDate } from '../common/dates.js';
import { articleIdentifier, nameIdentifier } from '../common/identifier.js';
import type { Labels } from '../common/labels.js';
import { isRightToLeft, safeLocale } from '../common/language.js';
import { accessibleTables, imageParagraphsAsFigures } from '../common/markup.js';
import { correctionNotices } from '../common/masthead.js';
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
 * A package item gathers the text item and its picture items into one story
 * (see `packageItem`), beside them: `<slug>.images/package.newsml.xml`.
 */
export function newsItem(article: Article, provider: string | undefined, labels: Labels, baseUrl?: string): EditionWithFiles {
  const { meta } = article;
  const { created, modified } = itemTimes(article);
  // Absolute under the site's address when the config has one; else relative to the item's own file (a picture item and the package sit in the pictures' folder).
  const addressFrom = (folder: string) => (path: string) => (baseUrl ? absoluteUrl(path, baseUrl) : relativeUrl(posix.relative(folder, path)));
  const address = addressFrom(posix.dirname(article.slug));
  const folder = `${article.slug}.images`;
  const pictures = wirePictures(article);
  const corrections = correctionNotes(article, labels);
  const storyMeta = x('contentMeta', {}, [
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
  ]);
  const item = x('newsItem', itemAttributes(article, articleIdentifier(article)), [
    ...itemMeta(article, provider, 'ninat:text', [
      ...corrections,
      ...[...pictures.values()].map((picture) =>
        x('link', { rel: 'irel:seeAlso', href: address(picture.item), residref: picture.guid, contenttype: mediaTypeOf(picture.item) }),
      ),
    ]),
    storyMeta,
    x('contentSet', {}, [x('inlineXML', { contenttype: 'application/xhtml+xml' }, [xhtmlBody(article, baseUrl, pictures, address)])]),
  ]);
  const text = wireItem(`${article.slug}.newsml.xml`, item);
  const pictureItems = [...pictures.values()].map((picture) => ({
    picture,
    ...wireItem(picture.item, pictureItem(article, provider, picture, addressFrom(folder))),
  }));
  const story = wireItem(`${folder}/package.newsml.xml`, packageItem(article, provider, storyMeta, [text, ...pictureItems], addressFrom(folder), corrections));
  const beside: BesideFile[] = [
    ...pictureItems.flatMap(({ picture, path, bytes }) => [
      { path: picture.file, bytes: picture.image.bytes },
      { path, bytes },
    ]),
    // It refers to the text item, the edition: written after it, so that a client that takes the package finds every item whole.
    { path: story.path, bytes: story.bytes, refersToEdition: true },
  ];
  return { edition: text.bytes, beside };
}

/** An item as a package refers to it: its file in the output folder, its tree (whose properties the reference repeats) and its bytes. */
interface WireItem {
  readonly path: string;
  readonly tree: XmlElement;
  readonly bytes: Uint8Array;
}

/** An item to write at `path`, serialized. */
function wireItem(path: string, tree: XmlElement): WireItem {
  return { path, tree, bytes: Buffer.from(xmlDocument(tree)) };
}

/**
 * The story as one unit for the wire: a `packageItem` whose one group, the root, refers to the text item and then to
 * each picture item in the order the body shows them, each `itemRef` with the item's guid (`residref`), version,
 * address, media type and size in bytes, and the item's own class, provider, version time, status, headline and
 * description as hints, so that a client lists the story and its pictures before it opens an item.
 *
 * Why a package, beside the items, and not a `newsMessage`: the IPTC's guidelines keep links (`irel:seeAlso`, which
 * the items keep too) for optional resources, "not a lightweight method of packaging news", and make the package item
 * the way to say that items are one story (Quick Start: Packages; TT's wire and APA's NewsML-G2 library send a text
 * with its pictures so). A `newsMessage` is the transmission's envelope: its header must carry the time it was `sent`,
 * which an edition made the same on every rebuild cannot know; the system that sends the items may wrap them in one.
 *
 * Every article has one, a text alone too (`ninat:text`, else `ninat:composite`): the story keeps one identity for its
 * whole life, so that an update that drops the last picture sends a later version of the package without it, where a
 * package made only for pictures would stay at the client, still showing them; and a client reads every story one way.
 *
 * Its guid is a name-based UUID of the article's, its version the text item's: the same package on every rebuild, a
 * later version with every update. Its content metadata is the text item's, from the front matter: no generated word.
 * The root group's role is `group:main`, the IPTC's own examples' code for the main content: the IPTC publishes no
 * vocabulary of group roles, and a client finds the root group by `groupSet/@root` whatever its role.
 */
function packageItem(
  article: Article,
  provider: string | undefined,
  storyMeta: XmlElement,
  items: readonly WireItem[],
  address: (path: string) => string,
  corrections: readonly XmlElement[],
): XmlElement {
  return x('packageItem', itemAttributes(article, nameIdentifier(`${articleIdentifier(article)}/package`)), [
    ...itemMeta(article, provider, items.length > 1 ? 'ninat:composite' : 'ninat:text', corrections),
    storyMeta,
    x('groupSet', { root: 'main' }, [x('group', { id: 'main', role: 'group:main' }, items.map(itemReference(address)))]),
  ]);
}

/** What an `itemRef` repeats of its item, as the guidelines' hints: immediate children of `itemMeta` and `contentMeta`, copied, so they are the item's own. */
const hintProperties = new Set(['itemClass', 'provider', 'versionCreated', 'pubStatus', 'headline', 'description']);

/** An item's `itemRef`, at the address `address` gives its file. */
const itemReference =
  (address: (path: string) => string) =>
  ({ path, tree, bytes }: WireItem): XmlElement => {
    const hints = tree.children.flatMap((wrapper) =>
      wrapper.type === 'element' && (wrapper.name === 'itemMeta' || wrapper.name === 'contentMeta')
        ? wrapper.children.filter((property) => property.type === 'element' && hintProperties.has(property.name))
        : [],
    );
    const { guid, version } = tree.attributes;
    return x(
      'itemRef',
      { residref: guid ?? undefined, version: version ?? undefined, href: address(path), contenttype: mediaTypeOf(path), size: String(bytes.byteLength) },
      hints,
    );
  };

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

/**
 * The article's correction notices as the wire sends them, in the item's metadata: an `edNote` each, dated and in the
 * article's language as its editions print them ("February 3, 2013: …"), then the `sig:correction` signal (IPTC Signal
 * NewsCodes: the item corrects an earlier version), which a client acts on without reading the notes. None without
 * corrections. The text item and the package carry them, not the picture items, whose pictures the notes do not correct.
 */
function correctionNotes(article: Article, labels: Labels): XmlElement[] {
  const corrections = correctionNotices(article.meta, labels);
  if (!corrections) return [];
  return [...corrections.notices.map(({ line }) => x('edNote', {}, [line])), x('signal', { qcode: 'sig:correction' })];
}

/** The catalog, the rights and the item metadata, the text item's and its pictures' alike but for their class and what follows (`more`: correction notes, links). */
function itemMeta(article: Article, provider: string | undefined, itemClass: string, more: readonly XmlElement[]): (XmlElement | undefined)[] {
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
      ...more,
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
    if (node.tagName === 'a' && typeof node.properties.href === 'string')
      node.properties.href = siteUrl(node.properties.href, pageFolderUrl(article.slug, baseUrl));
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
