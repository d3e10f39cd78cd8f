import type { Element, ElementContent, Root } from 'hast';
import { toXast } from 'hast-util-to-xast';
import { h } from 'hastscript';
import { toXml } from 'xast-util-to-xml';

/** A heading of the article, for the navigation document. */
export interface NavEntry {
  readonly id: string;
  readonly label: string;
  readonly rank: number;
}

/** Serializes a content document as XHTML (XML syntax, XHTML and OPS namespaces, `xml:lang`). */
export function xhtmlDocument(title: string, lang: string, body: ElementContent[], options: { bodyType?: string; stylesheet?: boolean } = {}): string {
  const tree: Root = {
    type: 'root',
    children: [
      h('html', { xmlns: 'http://www.w3.org/1999/xhtml', 'xmlns:epub': 'http://www.idpf.org/2007/ops', lang, 'xml:lang': lang }, [
        h('head', [
          h('meta', { charSet: 'utf-8' }),
          h('title', title),
          options.stylesheet === false ? undefined : h('link', { rel: 'stylesheet', type: 'text/css', href: 'style.css' }),
        ]),
        h('body', options.bodyType ? { 'epub:type': options.bodyType } : {}, body),
      ]),
    ],
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n${toXml(toXast(tree))}\n`;
}

/**
 * Turns the shared article tree into EPUB content: a section per heading (with
 * ids for the navigation), and GFM footnotes as pop-up notes (`noteref` links,
 * `footnote` asides with back links). Builds new nodes; the shared tree is read only.
 */
export function epubBody(children: readonly ElementContent[]): { content: ElementContent[]; headings: NavEntry[] } {
  const headings: NavEntry[] = [];
  const body: ElementContent[] = [];
  const notes: ElementContent[] = [];
  let notesTitle = 'Notes';
  for (const node of children) {
    if (node.type === 'element' && node.tagName === 'section' && 'dataFootnotes' in node.properties) {
      const heading = node.children.find((child) => headingRank(child) > 0);
      if (heading) notesTitle = plainText(heading).trim();
      notes.push(...footnoteAsides(node));
    } else body.push(withNoteRefs(node));
  }
  const content = sectionize(body, headings);
  if (notes.length > 0) {
    content.push(
      h('section', { 'epub:type': 'endnotes', role: 'doc-endnotes', ariaLabelledBy: 'notes-title' }, [h('h2', { id: 'notes-title' }, notesTitle), ...notes]),
    );
  }
  return { content, headings };
}

const headingRank = (node: ElementContent): number => (node.type === 'element' && /^h[1-6]$/.test(node.tagName) ? Number(node.tagName[1]) : 0);

function sectionize(nodes: ElementContent[], headings: NavEntry[]): ElementContent[] {
  const root: ElementContent[] = [];
  const open: { rank: number; children: ElementContent[] }[] = [{ rank: 0, children: root }];
  for (const node of nodes) {
    const rank = headingRank(node);
    if (rank === 0 || node.type !== 'element') {
      open.at(-1)?.children.push(node);
      continue;
    }
    while ((open.at(-1)?.rank ?? 0) >= rank) open.pop();
    const id = `heading-${headings.length + 1}`;
    headings.push({ id, label: plainText(node).replace(/\s+/g, ' ').trim(), rank });
    const section = h('section', { ariaLabelledBy: id }, [{ ...node, properties: { ...node.properties, id } }]);
    open.at(-1)?.children.push(section);
    open.push({ rank, children: section.children });
  }
  return root;
}

/** Text of a node without its footnote references, for navigation labels. */
function plainText(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element' || 'dataFootnoteRef' in node.properties) return '';
  return node.children.map(plainText).join('');
}

function withNoteRefs(node: ElementContent): ElementContent {
  if (node.type !== 'element') return node;
  if (node.tagName === 'a' && 'dataFootnoteRef' in node.properties) {
    const { dataFootnoteRef: _ref, ariaDescribedBy: _label, ...properties } = node.properties;
    return { ...node, properties: { ...properties, 'epub:type': 'noteref', role: 'doc-noteref' } };
  }
  return { ...node, children: node.children.map(withNoteRefs) };
}

function footnoteAsides(section: Element): ElementContent[] {
  const list = section.children.find((child): child is Element => child.type === 'element' && child.tagName === 'ol');
  const items = list?.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'li') ?? [];
  return items.map((item, index) =>
    h('aside', { id: item.properties.id, 'epub:type': 'footnote', role: 'doc-footnote' }, [
      h('p.note-number', String(index + 1)),
      ...item.children.map(withBackLinks),
    ]),
  );
}

function withBackLinks(node: ElementContent): ElementContent {
  if (node.type !== 'element') return node;
  if (node.tagName === 'a' && 'dataFootnoteBackref' in node.properties) {
    const { dataFootnoteBackref: _backref, className: _class, ...properties } = node.properties;
    return { ...node, properties: { ...properties, role: 'doc-backlink' } };
  }
  return { ...node, children: node.children.map(withBackLinks) };
}
