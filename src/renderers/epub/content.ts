import type { Element, ElementContent, Properties } from 'hast';
import { addressAsWritten, altText } from '../../read/images.js';
import type { ImageAsset, SourcePlace } from '../../types.js';
import { type Unconverted, unconvertedWarning } from '../common/converted-images.js';
import type { Labels } from '../common/labels.js';
import { isElement } from './conform.js';

/** EPUB 3.2 core image types (what epubcheck 4.2.6 accepts without a fallback), by file extension. */
const coreImageExtensions: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/svg+xml': 'svg' };

/** An image file of the book. */
export interface BookImage {
  /** Path inside the book, from its content: `images/<hash>.<ext>`. */
  readonly href: string;
  readonly asset: ImageAsset;
}

/** The book's path for an image, or undefined when EPUB 3.2 cannot carry its type. */
export function bookImageHref(asset: ImageAsset): string | undefined {
  const extension = coreImageExtensions[asset.mediaType];
  return extension ? `images/${asset.hash}.${extension}` : undefined;
}

export interface ContentOptions {
  /** Local images read by the pipeline, by `src`. */
  readonly images: ReadonlyMap<string, ImageAsset>;
  /** Why each picture `withConvertedImages` left as it is was not converted, by `src`. */
  readonly unconverted: ReadonlyMap<string, Unconverted>;
  /** Ids in the article document: a fragment link to any other id would dangle. */
  readonly ids: ReadonlySet<string>;
  /** The article's words: an image's stand-in. */
  readonly labels: Labels;
  warn(reason: string, place: SourcePlace | undefined, ruleId: string): void;
}

/** What the content refers to, for the package document. */
export interface ContentAssets {
  /** Embedded images, by path in the book. */
  readonly images: Map<string, BookImage>;
  /** Embedded images shown without alt text. */
  imagesWithoutAlt: number;
}

/**
 * Adapts nodes of the article tree to EPUB content documents, building new
 * nodes: links only to the web or inside the article, images from the book
 * with their alt text, labelled task checkboxes, footnote references as
 * `noteref`s.
 */
export function contentAdapter(options: ContentOptions): { adapt(node: ElementContent): ElementContent[]; assets: ContentAssets } {
  const assets: ContentAssets = { images: new Map(), imagesWithoutAlt: 0 };

  const adapt = (node: ElementContent): ElementContent[] => {
    if (node.type !== 'element') return [node];
    switch (node.tagName) {
      case 'a':
        return link(node);
      case 'img':
        return [image(node)];
      case 'li':
        return [taskItem(node)];
      case 'input':
        return input(node);
      default:
        return [withChildren(node)];
    }
  };

  const withChildren = (node: Element, properties: Properties = node.properties): Element => ({
    ...node,
    properties,
    children: node.children.flatMap(adapt),
  });

  const link = (node: Element): ElementContent[] => {
    const href = node.properties.href;
    if ('dataFootnoteRef' in node.properties) {
      const { dataFootnoteRef: _ref, ariaDescribedBy: _label, ...properties } = node.properties;
      return [withChildren(node, { ...properties, 'epub:type': 'noteref', role: 'doc-noteref' })];
    }
    if ('dataFootnoteBackref' in node.properties) {
      const { dataFootnoteBackref: _backref, className: _class, ...properties } = node.properties;
      return [withChildren(node, { ...properties, role: 'doc-backlink' })];
    }
    if (typeof href !== 'string') return [withChildren(node)];
    // An empty link (the HTML parser leaves them around misnested blocks) has no name to read out.
    if (!hasContent(node)) return [];
    const target = linkTarget(href, options.ids);
    if (target !== undefined) return [withChildren(node, { ...node.properties, href: target })];
    options.warn(
      `Link to "${addressAsWritten(href)}" cannot be followed in the EPUB (it points outside the book and is not a valid web address); its text stands without the link. Link to an absolute https:// address`,
      node.position?.start,
      'epub-link',
    );
    return node.children.flatMap(adapt);
  };

  const image = (node: Element): ElementContent => {
    const src = node.properties.src;
    const asset = typeof src === 'string' ? options.images.get(src) : undefined;
    const href = asset && bookImageHref(asset);
    if (!asset || !href) {
      const unconverted = asset && options.unconverted.get(asset.src);
      if (unconverted) {
        const { reason, ruleId } = unconvertedWarning('epub', asset, unconverted);
        options.warn(reason, node.position?.start, ruleId);
      } else if (asset)
        options.warn(
          `Image "${asset.src}" is ${asset.mediaType}, which EPUB 3.2 cannot embed; its alt text stands in. Convert it to PNG or JPEG`,
          node.position?.start,
          'epub-image-type',
        );
      return altText(node, options.labels);
    }
    assets.images.set(href, { href, asset });
    const alt = typeof node.properties.alt === 'string' ? node.properties.alt.trim() : '';
    if (!alt) {
      assets.imagesWithoutAlt++;
      options.warn(
        `Image "${asset.src}" has no alt text, so the EPUB claims no WCAG conformance; describe the image in its alt text`,
        node.position?.start,
        'epub-image-alt',
      );
    }
    // An empty alt keeps the document valid; the package then claims no alternative text.
    return { ...node, properties: { ...node.properties, src: href, alt } };
  };

  /** The label of the task item being adapted: its checkbox is labelled by the item's own text. */
  let taskLabel: string | undefined;
  const taskItem = (node: Element): Element => {
    if (!String(node.properties.className ?? '').includes('task-list-item')) return withChildren(node);
    const outer = taskLabel;
    const ownText = node.children.filter((child) => !isElement(child, 'ul') && !isElement(child, 'ol')).map(spokenText);
    taskLabel = ownText.join('').replace(/\s+/g, ' ').trim();
    const item = withChildren(node);
    taskLabel = outer;
    return item;
  };
  /** Form controls outside task items are what raw HTML left of a form: nothing to read. */
  const input = (node: Element): ElementContent[] => (taskLabel ? [{ ...node, properties: { ...node.properties, ariaLabel: taskLabel } }] : []);

  return { adapt, assets };
}

/**
 * Where a link may point in the book: an absolute address the web can parse
 * (normalized, with an ASCII host as epubcheck demands) or a fragment naming
 * an id in the article. Anything else (a path on some site, a file beside the
 * article) would be a missing resource in the book: undefined.
 */
export function linkTarget(href: string, ids: ReadonlySet<string>): string | undefined {
  if (href.startsWith('#')) {
    let id: string;
    try {
      id = decodeURIComponent(href.slice(1));
    } catch {
      return undefined;
    }
    return ids.has(id) ? href : undefined;
  }
  if (!/^[a-z][a-z0-9+.-]*:/i.test(href)) return undefined;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  const hostless = url.host === '' && !/^(https?|ftp|wss?):$/.test(url.protocol);
  const asciiHost = /^([a-z0-9_-]+\.)*[a-z0-9_-]+\.?(:\d+)?$|^\[[0-9a-f:.]+\](:\d+)?$/i.test(url.host);
  return hostless || asciiHost ? url.href : undefined;
}

function hasContent(node: ElementContent): boolean {
  if (node.type === 'text') return node.value.trim() !== '';
  if (node.type !== 'element') return false;
  return node.tagName === 'img' || node.children.some(hasContent);
}

/** Text of a node as read aloud: text, and the alt text of images (which hast-util-to-text leaves out). */
export function spokenText(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element') return '';
  if (node.tagName === 'img') return typeof node.properties.alt === 'string' ? node.properties.alt : '';
  return node.children.map(spokenText).join('');
}
