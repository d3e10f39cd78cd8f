import type { Element, ElementContent, Parents, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { h } from 'hastscript';
import { SKIP, visit } from 'unist-util-visit';
import type { BesideFile, ImageAsset } from '../../types.js';
import { urlFromPage } from '../common/collection.js';
import { flowOnly, needsFlow, phrasingOnly } from '../common/content-model.js';
import type { Labels } from '../common/labels.js';
import type { ResizedCopy } from './resized.js';
import { columnWidth, insets, sideMargins } from './style.js';

/**
 * Local images as files beside the page, or else inside it (`embed` gives the address of their `data:` URI), with their
 * intrinsic size, so the page needs no other file and does not shift as it loads; with their smaller `copies`, if any, as a
 * `srcset` the browser chooses from by the width the picture takes on the reader's screen.
 */
export function embedImages(
  tree: Root | Element,
  images: ReadonlyMap<string, ImageAsset>,
  beside: ReadonlyMap<string, BesideFile> | undefined,
  embed: (mediaType: string, bytes: Uint8Array) => string,
  slug: string,
  copies: ReadonlyMap<string, readonly ResizedCopy[]> = new Map(),
): void {
  const inset = imageInsets(tree);
  visit(tree, 'element', (node) => {
    const image = node.tagName === 'img' && typeof node.properties.src === 'string' ? images.get(node.properties.src) : undefined;
    if (!image) return;
    const file = beside?.get(image.src);
    // A relative path with `/` only: the page and its image folder sit side by side, wherever they are copied.
    node.properties.src = file ? urlFromPage(slug, file.path) : embed(image.mediaType, image.bytes);
    // The author's size stands (a logo shown at 300 of its 1,200 pixels), the other side kept in proportion.
    const [width, height] = [pixels(node.properties.width), pixels(node.properties.height)];
    node.properties.width = width ?? (height === undefined ? image.width : Math.round((height * image.width) / image.height));
    node.properties.height = height ?? (width === undefined ? image.height : Math.round((width * image.height) / image.width));
    const smaller = copies.get(image.src) ?? [];
    if (!file || smaller.length === 0) return;
    node.properties.srcSet = [...smaller.map((copy) => `${urlFromPage(slug, copy.path)} ${copy.width}w`), `${node.properties.src} ${image.width}w`].join(', ');
    node.properties.sizes = shownWidth(width === undefined && height === undefined ? undefined : (node.properties.width as number), inset.get(node) ?? []);
  });
}

/**
 * The `sizes` of a picture: the width it takes on the page, by the page's stylesheet (at most 100%, in a column of
 * `columnWidth`, inside `sideMargins` on a narrow screen, less the `inset` of the quotes, lists and cells it is in), or at most
 * `authorWidth` pixels when its author gave it a size. A browser takes `ch` here in its default font, not the page's: near enough to choose a copy.
 */
function shownWidth(authorWidth: number | undefined, inset: readonly string[]): string {
  const less = inset.map((term) => ` - ${term}`).join('');
  const narrow = `calc(100vw - ${sideMargins}${less})`;
  if (authorWidth !== undefined)
    return `(min-width: calc(${authorWidth}px + ${sideMargins}${inset.map((term) => ` + ${term}`).join('')})) ${authorWidth}px, ${narrow}`;
  return `(min-width: calc(${columnWidth} + ${sideMargins})) ${less ? `calc(${columnWidth}${less})` : columnWidth}, ${narrow}`;
}

/** Each picture inside a quote, a list or a table cell, with what those take from the column's width (`insets`), outermost first. */
function imageInsets(tree: Root | Element): Map<Element, readonly string[]> {
  const found = new Map<Element, readonly string[]>();
  const walk = (parent: Root | Element, inset: readonly string[]) => {
    for (const child of parent.children) {
      if (child.type !== 'element') continue;
      if (child.tagName === 'img' && inset.length > 0) found.set(child, inset);
      walk(child, [...inset, ...insetOf(child)]);
    }
  };
  walk(tree, []);
  return found;
}

function insetOf(element: Element): readonly string[] {
  const { tagName, properties } = element;
  if (tagName === 'blockquote') return insets.blockquote;
  if (tagName === 'ul' || tagName === 'ol')
    return Array.isArray(properties.className) && properties.className.includes('contains-task-list') ? insets.taskList : insets.list;
  if (tagName === 'dd') return insets.list;
  if (tagName === 'td' || tagName === 'th') return insets.cell;
  return [];
}

/** A `width` or `height` attribute as HTML takes it, a whole number of pixels; undefined when absent or not one. */
function pixels(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(number) && number > 0 ? number : undefined;
}

/** The footnote section is a landmark named by its heading, which sighted readers see too. */
export function footnoteSection(tree: Root | Element): void {
  visit(tree, 'element', (node) => {
    if (node.tagName !== 'section' || !('dataFootnotes' in node.properties)) return;
    const heading = node.children.find((child): child is Element => child.type === 'element' && /^h[1-6]$/.test(child.tagName));
    if (heading && typeof heading.properties.id === 'string') {
      node.properties.ariaLabelledBy = [heading.properties.id];
      heading.properties.className = undefined;
    }
    return SKIP;
  });
}

/**
 * Unbalanced raw HTML leaves nesting the HTML parser builds but the content
 * model forbids (a `p` in a `p`, an `i` around a `div` after an unclosed `<i>`).
 * Such a phrasing element is unwrapped, innermost first: its text stays, in order.
 */
export function repairContentModel(parent: Parents): void {
  parent.children = parent.children.flatMap((child): ElementContent[] => {
    if (child.type !== 'element') return [child as ElementContent];
    repairContentModel(child);
    return phrasingOnly.has(child.tagName) && child.children.some(needsFlow) ? child.children : [child];
  });
}

/**
 * A code block is not wrapped: it scrolls sideways on a narrow screen, and takes keyboard focus, so it can be scrolled
 * without a mouse, and so needs a role and a name, as a table's box (`scrollingTables`): a region named "Code block 1" (the
 * `codeBlock` label), numbered in the article's order apart from the tables, as landmarks' names must differ.
 */
export function scrollingCodeBlocks(tree: Root | Element, labels: Labels): void {
  let count = 0;
  visit(tree, 'element', (node) => {
    if (node.tagName !== 'pre') return;
    Object.assign(node.properties, { tabIndex: 0, role: 'region', ariaLabel: labels.text('codeBlock', { number: labels.number(++count) }) });
    return SKIP;
  });
}

const blockTags = new Set([...flowOnly, 'li', 'dd', 'dt', 'figcaption', 'table']);

/**
 * A checkbox (a task-list item's, or one left from raw HTML) is labelled by the
 * text after it, up to the next block, so assistive technology names it.
 */
export function labelledCheckboxes(tree: Root | Element): void {
  visit(tree, (node) => {
    if (node.type !== 'root' && node.type !== 'element') return;
    const start = node.children.findIndex((child) => child.type === 'element' && child.tagName === 'input');
    if (start === -1 || (node.type === 'element' && node.tagName === 'label')) return;
    let end = start + 1;
    while (end < node.children.length) {
      const child = node.children[end];
      if (child?.type === 'element' && (blockTags.has(child.tagName) || child.tagName === 'input')) break;
      end++;
    }
    node.children.splice(start, end - start, h('label', node.children.slice(start, end) as ElementContent[]));
  });
}

/** A link that shows its own address is marked, so print does not set the address twice. */
export function markBareAddresses(tree: Root | Element): void {
  visit(tree, 'element', (node) => {
    if (node.tagName === 'a' && typeof node.properties.href === 'string' && toText(node).trim() === node.properties.href) node.properties.className = ['url'];
  });
}
