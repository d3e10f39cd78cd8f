import type { Element, ElementContent, Root } from 'hast';
import { toXast } from 'hast-util-to-xast';
import { h } from 'hastscript';
import { toXml } from 'xast-util-to-xml';
import type { Labels } from '../common/labels.js';
import { isRightToLeft } from '../common/language.js';
import { spokenText } from './content.js';

/** A heading of the article, for the navigation documents. */
export interface NavEntry {
  readonly id: string;
  readonly label: string;
  readonly rank: number;
}

/** Serializes a content document as XHTML (XML syntax, XHTML and OPS namespaces, `xml:lang`, direction). */
export function xhtmlDocument(title: string, lang: string, body: ElementContent[], options: { bodyType?: string } = {}): string {
  const tree: Root = {
    type: 'root',
    children: [
      h(
        'html',
        {
          xmlns: 'http://www.w3.org/1999/xhtml',
          'xmlns:epub': 'http://www.idpf.org/2007/ops',
          lang,
          'xml:lang': lang,
          dir: isRightToLeft(lang) ? 'rtl' : undefined,
        },
        [
          h('head', [h('meta', { charSet: 'utf-8' }), h('title', title), h('link', { rel: 'stylesheet', type: 'text/css', href: 'style.css' })]),
          h('body', options.bodyType ? { 'epub:type': options.bodyType } : {}, body),
        ],
      ),
    ],
  };
  // Void elements close themselves, others get an end tag, so reading systems that parse XHTML as HTML see the same tree.
  // xast-util-to-xml escapes `<` and `&` only, but XML forbids `]]>` in text (`]]&gt;` reads the same, in attributes too).
  const markup = toXml(toXast(tree)).replace(voidElementPair, '<$1$2 />').replaceAll(']]>', ']]&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n${markup}\n`;
}

const voidElementPair = /<(area|br|col|embed|hr|img|input|link|meta|source|wbr)\b([^>]*)><\/\1>/g;

/** Hands out ids not yet taken in a document. */
export function idMaker(taken: Set<string>): (base: string) => string {
  return (base) => {
    let id = base;
    for (let suffix = 2; taken.has(id); suffix++) id = `${base}-${suffix}`;
    taken.add(id);
    return id;
  };
}

/**
 * Arranges the adapted article as EPUB content: a section per heading (each
 * heading keeps its id or gets one, for the navigation), and the GFM
 * footnotes as pop-up notes: `footnote` asides with back links, in an
 * `endnotes` section.
 */
export function epubBody(
  children: readonly ElementContent[],
  adapt: (node: ElementContent) => ElementContent[],
  newId: (base: string) => string,
  labels: Labels,
): { content: ElementContent[]; headings: NavEntry[] } {
  const headings: NavEntry[] = [];
  const body: ElementContent[] = [];
  const notes: ElementContent[] = [];
  let notesTitle = labels.text('footnotes');
  for (const node of children) {
    if (node.type === 'element' && node.tagName === 'section' && 'dataFootnotes' in node.properties) {
      const heading = node.children.find((child) => headingRank(child) > 0);
      if (heading) notesTitle = navLabel(heading) || notesTitle;
      notes.push(...footnoteAsides(node, adapt, labels));
    } else body.push(...adapt(node));
  }
  const content = sectionize(body, headings, newId);
  if (notes.length > 0) {
    const titleId = newId('notes-title');
    content.push(h('section', { 'epub:type': 'endnotes', role: 'doc-endnotes', ariaLabelledBy: titleId }, [h('h2', { id: titleId }, notesTitle), ...notes]));
  }
  return { content, headings };
}

const headingRank = (node: ElementContent): number => (node.type === 'element' && /^h[1-6]$/.test(node.tagName) ? Number(node.tagName[1]) : 0);

/** Nests the nodes in a section per heading; sections carry no name, so repeated headings make no duplicate landmarks. */
function sectionize(nodes: ElementContent[], headings: NavEntry[], newId: (base: string) => string): ElementContent[] {
  const root: ElementContent[] = [];
  const open: { rank: number; children: ElementContent[] }[] = [{ rank: 0, children: root }];
  for (const node of nodes) {
    const rank = headingRank(node);
    if (rank === 0 || node.type !== 'element') {
      // Headings inside lists, quotes or tables get no section of their own, but an entry in the navigation.
      if (node.type === 'element') for (const nested of nestedHeadings(node)) addEntry(nested, headings, newId);
      open.at(-1)?.children.push(node);
      continue;
    }
    while ((open.at(-1)?.rank ?? 0) >= rank) open.pop();
    const id = addEntry(node, headings, newId);
    const section = h('section', [{ ...node, properties: { ...node.properties, id } }]);
    open.at(-1)?.children.push(section);
    open.push({ rank, children: section.children });
  }
  return root;
}

/** Gives a heading an id if it has none, and a navigation entry if it has text (an empty link would be invalid); returns the id. */
function addEntry(node: Element, headings: NavEntry[], newId: (base: string) => string): string {
  const id = typeof node.properties.id === 'string' ? node.properties.id : newId(`heading-${headings.length + 1}`);
  node.properties.id = id;
  const label = navLabel(node);
  if (label) headings.push({ id, label, rank: headingRank(node) });
  return id;
}

/** The headings inside an element, in document order. */
function nestedHeadings(node: Element): Element[] {
  return node.children.flatMap((child) => (child.type !== 'element' ? [] : headingRank(child) > 0 ? [child] : nestedHeadings(child)));
}

/** A heading as a navigation label: its text without footnote references. */
function navLabel(node: ElementContent): string {
  const withoutNoteRefs = (child: ElementContent): ElementContent =>
    child.type === 'element' ? { ...child, children: child.children.filter((grandchild) => !isNoteRef(grandchild)).map(withoutNoteRefs) } : child;
  return spokenText(withoutNoteRefs(node)).replace(/\s+/g, ' ').trim();
}

function isNoteRef(node: ElementContent): boolean {
  return node.type === 'element' && (node.properties['epub:type'] === 'noteref' || 'dataFootnoteRef' in node.properties);
}

function footnoteAsides(section: Element, adapt: (node: ElementContent) => ElementContent[], labels: Labels): ElementContent[] {
  const list = section.children.find((child): child is Element => child.type === 'element' && child.tagName === 'ol');
  const items = list?.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'li') ?? [];
  return items.map((item, index) =>
    h('aside', { id: item.properties.id, 'epub:type': 'footnote', role: 'doc-footnote' }, [
      // In the article's digits, as its reference is (۱ in Persian).
      h('p.note-number', labels.number(index + 1)),
      ...item.children.flatMap(adapt),
    ]),
  );
}
