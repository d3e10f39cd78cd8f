import type { ElementContent } from 'hast';

/*
 * HTML's content models, as far as both markup editions (HTML, EPUB) repair
 * what unbalanced raw HTML leaves: the parser builds nesting the model forbids.
 */

/** Elements whose content model is phrasing content only (`th` and `caption` hold flow: a Markdown paragraph in a raw HTML cell is valid). */
export const phrasingOnly = new Set([
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'summary', 'span', 'b', 'i', 'em', 'strong', 'code', 'kbd', 'samp', 'var', 's', 'sub', 'sup'],
  ...['q', 'small', 'abbr', 'cite', 'dfn', 'mark', 'u', 'label', 'rt', 'rp', 'time', 'data', 'bdi', 'bdo'],
]);

/** Elements that can only stand where flow content is allowed. */
export const flowOnly = new Set([
  ...['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav'],
  ...['ol', 'p', 'pre', 'section', 'table', 'ul', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
]);

/** Elements whose content model is their parent's. */
export const transparent = new Set(['a', 'ins', 'del']);

/** Whether a node can only stand where flow content is allowed: a flow element, or a transparent one holding one. */
export function needsFlow(node: ElementContent): boolean {
  if (node.type !== 'element') return false;
  return flowOnly.has(node.tagName) || (transparent.has(node.tagName) && node.children.some(needsFlow));
}
