import type { Element, ElementContent, Properties } from 'hast';
import { needsFlow, phrasingOnly, transparent } from '../common/content-model.js';

/**
 * The sanitized shared tree is what an HTML parser makes of the source, so it
 * may break XHTML content models (a `p` inside a `p`, a `div` inside an `em`
 * from unbalanced raw HTML) and carry attributes or elements that HTML5
 * obsoletes; epubcheck rejects both. This pass makes new nodes that conform,
 * keeping every word.
 */
export function xhtmlConformer(ids: ReadonlySet<string>): (node: ElementContent) => ElementContent[] {
  const conform = (node: ElementContent): ElementContent[] => {
    if (node.type !== 'element') return [node];
    return conformElement({ ...node, properties: allowedProperties(node, ids), children: node.children.flatMap(conform) });
  };
  return conform;
}

function conformElement(node: Element): ElementContent[] {
  const { children } = node;
  const element: Element = { ...node, tagName: obsoleteElements[node.tagName] ?? node.tagName };
  if (element.tagName === 'ul' || element.tagName === 'ol') return [{ ...element, children: wrapStrays(children, ['li'], 'li') }];
  if (element.tagName === 'dl') return [{ ...element, children: wrapStrays(children, ['dt', 'dd', 'div'], 'dd') }];
  if (!phrasingOnly.has(element.tagName) || !children.some(needsFlow)) return [element];
  // A heading stays a heading: its blocks give up their boxes, keeping their words.
  if (/^h[1-6]$/.test(element.tagName)) return [{ ...element, children: children.flatMap(asPhrasing) }];
  // Anything else that only holds phrasing but holds blocks becomes a block itself.
  return [{ ...element, tagName: 'div', properties: element.tagName === 'p' ? element.properties : { ...element.properties, className: [element.tagName] } }];
}

/** Elements HTML5 obsoletes, by their replacement. */
const obsoleteElements: Record<string, string> = { strike: 's', tt: 'code' };

function asPhrasing(node: ElementContent): ElementContent[] {
  if (!needsFlow(node) || node.type !== 'element') return [node];
  const children = node.children.flatMap(asPhrasing);
  return transparent.has(node.tagName) ? [{ ...node, children }] : [{ type: 'text', value: ' ' }, ...children, { type: 'text', value: ' ' }];
}

/** Children a list may not hold directly go into an item of their own; whitespace stays as it is. */
function wrapStrays(children: ElementContent[], allowed: string[], wrapper: string): ElementContent[] {
  return children.map((child) => {
    if (child.type === 'text' ? child.value.trim() === '' : child.type !== 'element' || allowed.includes(child.tagName)) return child;
    return { type: 'element', tagName: wrapper, properties: {}, children: [child] };
  });
}

export function isElement(node: ElementContent, tagName: string): node is Element {
  return node.type === 'element' && node.tagName === tagName;
}

/** Attributes every element may carry (as hast property names). */
const globalProperties = new Set([
  'id',
  'className',
  'title',
  'lang',
  'dir',
  'style',
  'role',
  'ariaLabel',
  'ariaLabelledBy',
  'ariaDescribedBy',
  'ariaHidden',
  // A table's box that scrolls takes keyboard focus (`scrollingTables`).
  'tabIndex',
  'epub:type',
]);

/** Attributes valid in XHTML5 per element; the sanitizer lets through obsolete ones too (`align`, `border`, `name` …). */
const elementProperties: Record<string, readonly string[]> = {
  a: ['href', 'hrefLang'],
  img: ['src', 'alt', 'width', 'height'],
  ol: ['start', 'reversed', 'type'],
  li: ['value'],
  td: ['colSpan', 'rowSpan'],
  th: ['colSpan', 'rowSpan', 'scope'],
  blockquote: ['cite'],
  q: ['cite'],
  del: ['cite', 'dateTime'],
  ins: ['cite', 'dateTime'],
  time: ['dateTime'],
  details: ['open'],
  input: ['type', 'checked', 'disabled'],
};

const integer = /^-?\d+$/;
const dateOrTime = /^\d{4,}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Values XHTML5 accepts, for the attributes whose values the sanitizer does not check. */
const validValues: Record<string, (value: string) => boolean> = {
  id: isValidId,
  dir: (value) => ['ltr', 'rtl', 'auto'].includes(value),
  // A picture's caption that repeats its alt text is hidden from screen readers, which read the alt text already.
  ariaHidden: (value) => ['true', 'false'].includes(value),
  lang: (value) => /^([a-z]{1,8}(-[a-z0-9]{1,8})*)?$/i.test(value),
  start: (value) => integer.test(value),
  tabIndex: (value) => integer.test(value),
  value: (value) => integer.test(value),
  type: (value) => ['1', 'a', 'A', 'i', 'I', 'checkbox'].includes(value),
  colSpan: (value) => integer.test(value) && Number(value) >= 1,
  rowSpan: (value) => integer.test(value) && Number(value) >= 0,
  width: (value) => /^\d+$/.test(value),
  height: (value) => /^\d+$/.test(value),
  scope: (value) => ['col', 'colgroup', 'row', 'rowgroup'].includes(value),
  dateTime: (value) => dateOrTime.test(value),
};

/** An id XHTML accepts: not empty, no white space. */
export function isValidId(value: string): boolean {
  return /^\S+$/.test(value);
}

function allowedProperties(node: Element, ids: ReadonlySet<string>): Properties {
  const allowed = elementProperties[node.tagName] ?? [];
  return Object.fromEntries(
    Object.entries(node.properties).filter(([name, value]) => {
      if (!globalProperties.has(name) && !allowed.includes(name)) return false;
      // References must name ids of the document; aria properties from raw HTML may not.
      if (name === 'ariaLabelledBy' || name === 'ariaDescribedBy') return Array.isArray(value) && value.length > 0 && value.every((id) => ids.has(String(id)));
      const valid = validValues[name];
      return !valid || valid(Array.isArray(value) ? value.join(' ') : String(value));
    }),
  );
}
