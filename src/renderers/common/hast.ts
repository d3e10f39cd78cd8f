import type { Element, ElementContent } from 'hast';

/** Pandoc's table caption: a paragraph right after a table that starts with `:` or `Table:`. */
export const tableCaptionMarker = /^\s*(?:Table)?:\s+/;

/** A caption paragraph's content without its marker. */
export function withoutCaptionMarker(paragraph: Element): ElementContent[] {
  const [first, ...rest] = paragraph.children;
  const lead = first?.type === 'text' ? [{ ...first, value: first.value.replace(tableCaptionMarker, '') }] : first ? [first] : [];
  return [...lead, ...rest];
}

/** Elements that stand as blocks of their own: text and PDF editions set the inline runs between them as paragraphs. */
export const blockElements = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'blockquote',
  'pre',
  'hr',
  'table',
  'section',
  'div',
  'figure',
  'figcaption',
  'aside',
  'address',
  'details',
  'summary',
  'dl',
  'dt',
  'dd',
  'li',
]);

/** The outermost elements of that name inside a node, in document order (a match is not searched inside). */
export function elementsNamed(node: Element, tagName: string): Element[] {
  const found: Element[] = [];
  const stack: ElementContent[] = [...node.children].reverse();
  while (stack.length > 0) {
    const next = stack.pop();
    if (next?.type !== 'element') continue;
    if (next.tagName === tagName) found.push(next);
    else stack.push(...[...next.children].reverse());
  }
  return found;
}

/** The first element of that name inside a node, at any depth. */
export function firstElementNamed(node: Element, tagName: string): Element | undefined {
  return elementsNamed(node, tagName)[0];
}

export type Alignment = 'left' | 'right' | 'center';

/** A cell's or row's alignment as the article tree carries it (`style="text-align: right"`, from the Markdown or the HTML's `align`); undefined when unset. */
export function alignmentOf(element: Element | undefined): Alignment | undefined {
  return /text-align:\s*(left|right|center)/i.exec(String(element?.properties.style ?? ''))?.[1]?.toLowerCase() as Alignment | undefined;
}
