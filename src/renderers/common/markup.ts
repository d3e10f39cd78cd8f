import type { Element, ElementContent, Parents, Root, Text } from 'hast';
import { toText } from 'hast-util-to-text';
import { h } from 'hastscript';
import { SKIP, visit } from 'unist-util-visit';
import { tableCaptionMarker, withoutCaptionMarker } from './hast.js';
import type { Labels } from './labels.js';

// Changes both markup editions (HTML and EPUB) make to their own copy of the shared tree.
const isBlank = (node: ElementContent) => node.type === 'text' && node.value.trim() === '';

/** A picture alone in its paragraph is captioned by its title, else its alt text ('' for neither): in every edition. */
export function figureCaption(image: Element): string {
  const { title, alt } = image.properties;
  return typeof title === 'string' && title.trim() ? title.trim() : typeof alt === 'string' ? alt.trim() : '';
}

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
    const caption = figureCaption(image);
    if (!caption) return;
    const { alt } = image.properties;
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
    const heads = headRows(node);
    visit(node, 'element', (cell, _, row) => {
      if (cell.tagName !== 'th' || row?.type !== 'element') return;
      // An empty corner cell heads nothing: it is a data cell.
      if (toText(cell).trim() === '') cell.tagName = 'td';
      else if (!authorScopes.has(String(cell.properties.scope))) cell.properties.scope = heads.has(row) ? 'col' : 'row';
    });
    node.children = node.children.filter((part) => !(part.type === 'element' && part.tagName === 'thead' && toText(part).trim() === ''));
    const next = parent.children.slice(index + 1).find((sibling) => !(sibling.type === 'text' && sibling.value.trim() === ''));
    if (next?.type === 'element' && next.tagName === 'p' && tableCaptionMarker.test(toText(next))) {
      parent.children.splice(parent.children.indexOf(next), 1);
      parent.children[index] = h('figure', [node, h('figcaption', withoutCaptionMarker(next))]);
    }
    return SKIP;
  });
}

/**
 * A table wider than the screen, or than a reading system's page, scrolls sideways in a box of its own (`.table-scroll`)
 * rather than widen the page: scrolling the table itself would take its table display, which gives screen readers its
 * rows and columns. The box takes keyboard focus, so it can be scrolled without a mouse, and so needs a role and a name:
 * a region named "Table 1" (the `table` label), numbered in the article's order, as landmarks' names must differ.
 */
export function scrollingTables(tree: Root | Element, labels: Labels): void {
  let count = 0;
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName !== 'table' || !parent || index === undefined) return;
    const name = labels.text('table', { number: labels.number(++count) });
    parent.children[index] = h('div', { className: ['table-scroll'], tabIndex: 0, role: 'region', ariaLabel: name }, [node]);
    return SKIP;
  });
}

/** The scopes an author may give a header cell, kept as given. */
const authorScopes = new Set(['col', 'row', 'colgroup', 'rowgroup']);

/**
 * The rows that head a table's columns: those of its `thead`, else the rows at its top made only of `th` cells (a raw
 * table written without a `thead`, whose header row was announced as row headers while the PDF read it as columns').
 */
function headRows(table: Element): Set<Element> {
  const groups = table.children.filter((part): part is Element => part.type === 'element');
  const rowsOf = (group: Element) => group.children.filter((row): row is Element => row.type === 'element' && row.tagName === 'tr');
  const head = groups.find((group) => group.tagName === 'thead');
  if (head) return new Set(rowsOf(head));
  const rows = groups.flatMap((group) => (group.tagName === 'tr' ? [group] : group.tagName === 'tbody' ? rowsOf(group) : []));
  const top = new Set<Element>();
  for (const row of rows) {
    const cells = row.children.filter((cell): cell is Element => cell.type === 'element');
    if (cells.length === 0 || !cells.every((cell) => cell.tagName === 'th')) break;
    top.add(row);
  }
  // A table made only of header cells has no columns to head: its rows head themselves.
  return top.size === rows.length ? new Set() : top;
}

/** Elements whose text is left as written: code keeps its own order, and an element with `dir` already says its direction. */
const keepDirection = new Set(['pre', 'code', 'kbd', 'samp', 'script', 'style', 'bdi', 'bdo', 'time']);

/** Scripts written right to left; a letter of any other script is strongly left to right. */
const rightToLeftScript =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Yezidi}]/u;

/** A letter's direction (its strong bidi class); digits, marks, spaces and punctuation have none. */
export function strongDirection(character: string): 'ltr' | 'rtl' | undefined {
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

/**
 * The same runs in text that has no markup (a line the PDF, the DOCX and the text edition set whole): each between
 * Unicode's isolates, LRI or RLI and PDI (U+2066, U+2067, U+2069), which the bidi algorithm treats as `dir` does.
 */
export function isolatedText(text: string, pageDirection: 'ltr' | 'rtl'): string {
  const opposite = pageDirection === 'ltr' ? 'rtl' : 'ltr';
  const isolate = opposite === 'ltr' ? '\u2066' : '\u2067';
  return splitRuns({ type: 'text', value: text }, opposite)
    .map((part) =>
      part.type === 'element'
        ? `${isolate}${part.children.map((child) => (child.type === 'text' ? child.value : '')).join('')}\u2069`
        : 'value' in part
          ? part.value
          : '',
    )
    .join('');
}

function splitRuns(node: Text, opposite: 'ltr' | 'rtl'): ElementContent[] {
  // Most text of a left-to-right page has no right-to-left letter: one search instead of a test per character.
  if (opposite === 'rtl' && !rightToLeftScript.test(node.value)) return [node];
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
    // Digits after its letters are its own (F-16, Boeing 737, G20): Unicode's bidi algorithm gives a
    // number the direction of the letters before it, and a number left outside would be set apart.
    let end = index + 1;
    for (let probe = end; probe < characters.length; probe++) {
      const character = characters[probe] ?? '';
      const direction = strongDirection(character);
      if (direction === opposite || (direction === undefined && /\p{Nd}/u.test(character))) end = probe + 1;
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
