/**
 * An article as Typst markup, for the reference points that compare Editions'
 * PDF with Typst's (`npm run bench`, `npm run pdfua-references`): every
 * construct of the article's Markdown that Typst has an equivalent for —
 * headings, emphasis, strong and struck text, lists, quotes, code, tables,
 * links, images, footnotes, line breaks and rules — from the parsed mdast.
 * Raw HTML has no Typst equivalent and is left out.
 */
import { basename } from 'node:path';
import type { FootnoteDefinition, Nodes, Parents, RootContent, Table } from 'mdast';
import type { Article } from '../src/types.js';

/** Text as Typst markup: every character that could start markup escaped. */
export const typstText = (text: string) => text.replace(/[\\#*_`$<>@=\-+/[\]~'"]/g, (character) => `\\${character}`);

/** A Typst string literal. */
const typstString = (text: string) => `"${text.replace(/["\\]/g, (character) => `\\${character}`)}"`;

/**
 * The article as a Typst document: its metadata, title, and body. Local images
 * are referred to by file name: compile with the article's folder as the root
 * and its images copied there (`imageFiles`).
 */
export function typstMarkup(article: Article): string {
  const notes = new Map<string, FootnoteDefinition>();
  const collect = (node: Nodes) => {
    if (node.type === 'footnoteDefinition') notes.set(node.identifier, node);
    if ('children' in node) for (const child of node.children) collect(child);
  };
  collect(article.mdast);

  const inline = (parent: Parents): string => parent.children.map((child) => node(child as RootContent)).join('');
  const blocks = (parent: Parents, separator = '\n\n'): string =>
    parent.children
      .map((child) => node(child as RootContent))
      .filter(Boolean)
      .join(separator);
  const node = (item: RootContent): string => {
    switch (item.type) {
      case 'heading':
        return `${'='.repeat(item.depth)} ${inline(item)}`;
      case 'paragraph':
        return inline(item);
      case 'text':
        return typstText(item.value);
      case 'emphasis':
        return `#emph[${inline(item)}]`;
      case 'strong':
        return `#strong[${inline(item)}]`;
      case 'delete':
        return `#strike[${inline(item)}]`;
      case 'inlineCode':
        return `#raw(${typstString(item.value)})`;
      case 'code':
        return `#raw(block: true${item.lang ? `, lang: ${typstString(item.lang)}` : ''}, ${typstString(item.value)})`;
      case 'break':
        return '#linebreak()';
      case 'thematicBreak':
        return '#line(length: 100%)';
      case 'link':
        // Typst refuses an empty address: the text alone.
        return item.url ? `#link(${typstString(item.url)})[${inline(item)}]` : inline(item);
      case 'image': {
        const image = article.images.get(item.url);
        return image ? `#image(${typstString(basename(image.path))}, alt: ${typstString(item.alt ?? '')})` : typstText(item.alt ?? '');
      }
      case 'blockquote':
        return `#quote(block: true)[${blocks(item)}]`;
      case 'list': {
        const items = item.children.map((entry) => `[${blocks(entry)}]`).join(', ');
        return item.ordered ? `#enum(start: ${item.start ?? 1}, ${items})` : `#list(${items})`;
      }
      case 'table':
        return table(item);
      case 'footnoteReference': {
        const note = notes.get(item.identifier);
        return note ? `#footnote[${blocks(note, ' ')}]` : '';
      }
      default:
        // footnoteDefinition (set where it is referred to), html, yaml, definition: nothing in Typst.
        return '';
    }
  };
  const table = (item: Table): string => {
    const columns = Math.max(...item.children.map((row) => row.children.length));
    const align = (item.align ?? []).map((side) => side ?? 'left');
    const cells = (row: Table['children'][number]) => row.children.map((cell) => `[${inline(cell)}]`).join(', ');
    const [head, ...body] = item.children;
    return [
      `#table(columns: ${columns}`,
      align.length > 0 ? `align: (${align.join(', ')},)` : '',
      head ? `table.header(${cells(head)})` : '',
      ...body.map(cells),
    ]
      .filter(Boolean)
      .join(', ')
      .concat(')');
  };

  const { meta } = article;
  return [
    `#set document(title: ${typstString(meta.title)}, author: (${meta.authors.map(typstString).join(', ')}${meta.authors.length === 1 ? ',' : ''}))`,
    `#set text(lang: ${typstString(meta.lang.split('-')[0] ?? 'en')})`,
    `#title[${typstText(meta.title)}]`,
    blocks(article.mdast),
  ].join('\n\n');
}

/** The local images a Typst document of the article refers to, by file name. */
export function imageFiles(article: Article): { name: string; bytes: Uint8Array }[] {
  return [...article.images.values()].map((image) => ({ name: basename(image.path), bytes: image.bytes }));
}
