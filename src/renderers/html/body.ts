import type { Element, ElementContent, Parents, Root, Text } from 'hast';
import { toText } from 'hast-util-to-text';
import { h } from 'hastscript';
import { SKIP, visit } from 'unist-util-visit';
import type { ImageAsset } from '../../types.js';
import { tableCaptionMarker } from '../shared.js';

/** Local images as `data:` URIs with their intrinsic size, so the page needs no other file and does not shift as it loads. */
export function embedImages(tree: Root | Element, images: ReadonlyMap<string, ImageAsset>): void {
  visit(tree, 'element', (node) => {
    const image = node.tagName === 'img' && typeof node.properties.src === 'string' ? images.get(node.properties.src) : undefined;
    if (!image) return;
    node.properties.src = `data:${image.mediaType};base64,${Buffer.from(image.bytes).toString('base64')}`;
    node.properties.width = image.width;
    node.properties.height = image.height;
  });
}

const isBlank = (node: ElementContent) => node.type === 'text' && node.value.trim() === '';

/**
 * A paragraph holding only an image with a title or alt text becomes a figure
 * captioned by the title, else the alt. A caption that repeats the alt is hidden
 * from screen readers, which already read the alt (as Pandoc does).
 */
export function imageParagraphsAsFigures(tree: Root | Element): void {
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName !== 'p' || !parent || index === undefined) return;
    const content = node.children.filter((child) => !isBlank(child));
    const image = content[0];
    if (content.length !== 1 || image?.type !== 'element' || image.tagName !== 'img') return;
    const { title, alt } = image.properties;
    const caption = typeof title === 'string' && title.trim() ? title.trim() : typeof alt === 'string' ? alt.trim() : '';
    if (!caption) return;
    const figure = h('figure', [
      { ...image, properties: { ...image.properties, title: undefined } },
      h('figcaption', { ariaHidden: caption === alt ? 'true' : undefined }, caption),
    ]);
    parent.children[index] = figure;
    return SKIP;
  });
}

/**
 * Header cells get `scope`; a header row with no text (a headerless Markdown
 * table) is dropped, as empty headers mislead screen readers. A Pandoc caption
 * paragraph after the table makes the table a figure with that caption after
 * it: the HTML standard's advice for a captioned table in a figure, and the
 * caption stays where the writer put it in the reading order.
 */
export function accessibleTables(tree: Root | Element): void {
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName !== 'table' || !parent || index === undefined) return;
    visit(node, 'element', (cell, _, row) => {
      if (cell.tagName !== 'th' || row?.type !== 'element') return;
      // An empty corner cell heads nothing: it is a data cell.
      if (toText(cell).trim() === '') cell.tagName = 'td';
      else cell.properties.scope = isInHead(node, row) ? 'col' : 'row';
    });
    node.children = node.children.filter((part) => !(part.type === 'element' && part.tagName === 'thead' && toText(part).trim() === ''));
    const next = parent.children.slice(index + 1).find((sibling) => !(sibling.type === 'text' && sibling.value.trim() === ''));
    if (next?.type === 'element' && next.tagName === 'p' && tableCaptionMarker.test(toText(next))) {
      const [first, ...rest] = next.children;
      const lead = first?.type === 'text' ? [{ ...first, value: first.value.replace(tableCaptionMarker, '') }] : first ? [first] : [];
      parent.children.splice(parent.children.indexOf(next), 1);
      parent.children[index] = h('figure', [node, h('figcaption', [...lead, ...rest])]);
    }
    return SKIP;
  });
}

function isInHead(table: Element, row: Element): boolean {
  const head = table.children.find((part): part is Element => part.type === 'element' && part.tagName === 'thead');
  return head?.children.includes(row) ?? false;
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

/** Elements whose text is left as written: code keeps its own order, and an element with `dir` already says its direction. */
const keepDirection = new Set(['pre', 'code', 'kbd', 'samp', 'script', 'style', 'bdi', 'bdo', 'time']);

/** Scripts written right to left; a letter of any other script is strongly left to right. */
const rightToLeftScript =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Yezidi}]/u;

/** A letter's direction (its strong bidi class); digits, marks, spaces and punctuation have none. */
function strongDirection(character: string): 'ltr' | 'rtl' | undefined {
  if (!/\p{L}/u.test(character)) return undefined;
  return rightToLeftScript.test(character) ? 'rtl' : 'ltr';
}

/**
 * Runs of text against the page's direction (Arabic or Hebrew in an English
 * page, Latin in an Arabic one) are wrapped in `<span dir>`: HTML isolates an
 * element with `dir`, so the punctuation and numbers around the run keep
 * their place. `dir="auto"` on paragraphs would only pick one direction per
 * paragraph from its first letter and leave mixed runs to guesswork.
 */
export function isolateOppositeRuns(tree: Root | Element, pageDirection: 'ltr' | 'rtl'): void {
  const opposite = pageDirection === 'ltr' ? 'rtl' : 'ltr';
  const visitText = (parent: Parents) => {
    parent.children = parent.children.flatMap((child): ElementContent[] => {
      if (child.type === 'element') {
        if (!keepDirection.has(child.tagName) && child.properties.dir === undefined) visitText(child);
        return [child];
      }
      return child.type === 'text' ? splitRuns(child, opposite) : [child as ElementContent];
    });
  };
  visitText(tree);
}

function splitRuns(node: Text, opposite: 'ltr' | 'rtl'): ElementContent[] {
  const characters = [...node.value];
  const out: ElementContent[] = [];
  let plainStart = 0;
  let index = 0;
  while (index < characters.length) {
    if (strongDirection(characters[index] ?? '') !== opposite) {
      index++;
      continue;
    }
    // A run goes on through neutrals for as long as the next strong letter is also against the page.
    let end = index + 1;
    for (let probe = end; probe < characters.length; probe++) {
      const direction = strongDirection(characters[probe] ?? '');
      if (direction === opposite) end = probe + 1;
      else if (direction !== undefined) break;
    }
    // Combining marks after the last letter belong to it.
    while (end < characters.length && /\p{M}/u.test(characters[end] ?? '')) end++;
    if (index > plainStart) out.push({ type: 'text', value: characters.slice(plainStart, index).join('') });
    out.push(h('span', { dir: opposite }, characters.slice(index, end).join('')));
    plainStart = end;
    index = end;
  }
  if (plainStart === 0) return [node];
  if (plainStart < characters.length) out.push({ type: 'text', value: characters.slice(plainStart).join('') });
  return out;
}

/** Elements that may hold phrasing content only. */
const phrasingOnly = new Set([
  'p',
  'b',
  'i',
  'em',
  'strong',
  'span',
  'small',
  's',
  'u',
  'mark',
  'code',
  'kbd',
  'samp',
  'var',
  'sub',
  'sup',
  'q',
  'cite',
  'dfn',
  'abbr',
  'bdi',
  'bdo',
  'del',
  'ins',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'caption',
  'th',
  'dt',
]);
/** Flow content that can never sit inside `phrasingOnly` elements. */
const flowOnly = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'details',
  'div',
  'dl',
  'fieldset',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
]);

/**
 * Unbalanced raw HTML leaves nesting the HTML parser builds but the content
 * model forbids (a `p` in a `p`, an `i` around a `div` after an unclosed `<i>`).
 * Such a phrasing element is unwrapped, innermost first: its text stays, in order.
 */
export function repairContentModel(parent: Parents): void {
  parent.children = parent.children.flatMap((child): ElementContent[] => {
    if (child.type !== 'element') return [child as ElementContent];
    repairContentModel(child);
    const holdsFlow = child.children.some((grandchild) => grandchild.type === 'element' && flowOnly.has(grandchild.tagName));
    return phrasingOnly.has(child.tagName) && holdsFlow ? child.children : [child];
  });
}

/** A code block scrolls sideways on narrow screens rather than wrap: it takes keyboard focus so it can be scrolled without a mouse. */
export function focusableCodeBlocks(tree: Root | Element): void {
  visit(tree, 'element', (node) => {
    if (node.tagName !== 'pre') return;
    node.properties.tabIndex = 0;
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
