import { slug } from 'github-slugger';
import type { Element, ElementContent, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { visit } from 'unist-util-visit';

const headingTag = /^h[1-6]$/;

/**
 * Gives each heading without an id the one GitHub gives it (`## Usage` → `usage`, a second `usage-1`), unique
 * among the article's ids: a README's table of contents (`[Usage](#usage)`) linked to nothing in any edition. The
 * HTML, the EPUB and the PDF (a named destination) all carry it. A footnote reference in the heading is left out
 * (`## Vote[^1]` → `vote`, as djot's identifiers do): a link written from the heading's words finds it.
 */
export function headingIds(tree: Root): void {
  const used = new Set<string>();
  visit(tree, 'element', (node) => {
    if (typeof node.properties.id === 'string') used.add(node.properties.id);
  });
  visit(tree, 'element', (node) => {
    if (!headingTag.test(node.tagName) || typeof node.properties.id === 'string') return;
    const base = slug(toText(withoutNoteReferences(node)));
    if (base === '') return;
    let id = base;
    for (let count = 1; used.has(id); count++) id = `${base}-${count}`;
    used.add(id);
    node.properties.id = id;
  });
}

/** The element without its footnote references (`<sup><a data-footnote-ref>1</a></sup>`), at any depth. */
function withoutNoteReferences(node: Element): Element {
  const children = node.children.filter((child) => !isNoteReference(child));
  return { ...node, children: children.map((child) => (child.type === 'element' ? withoutNoteReferences(child) : child)) };
}

function isNoteReference(node: ElementContent): boolean {
  if (node.type !== 'element') return false;
  if ('dataFootnoteRef' in node.properties) return true;
  return node.tagName === 'sup' && node.children.length > 0 && node.children.every(isNoteReference);
}
