import type { Element, ElementContent, RootContent } from 'hast';
import { toText } from 'hast-util-to-text';
import type { ResolvedTheme } from '../../config/theme.js';
import { imageStandIn } from '../../read/images.js';
import { placeCells } from '../../read/table-grid.js';
import type { Article, RenderContext } from '../../types.js';
import { pageFolderUrl, siteUrl } from '../common/collection.js';
import { alignmentOf, blockElements, elementsNamed, tableCaptionMarker } from '../common/hast.js';
import { articleLabels, type Labels } from '../common/labels.js';
import { isRightToLeft } from '../common/language.js';
import { strongDirection } from '../common/markup.js';
import { colophon, correctionsElement, masthead } from '../common/masthead.js';
import { displayWidth } from '../common/width.js';
import { setTable } from './table.js';
import { hang, wrapText } from './wrap.js';

/** Links and footnotes found while setting the body, listed under it, and the words the edition sets. */
interface Collected {
  readonly labels: Labels;
  readonly links: string[];
  readonly notes: { label: string; lines: string[] }[];
  /** The footnote section's heading, as the article tree names it. */
  notesTitle: string;
  /** The address of the page's folder on the site (`pageFolderUrl`): a relative link is listed as an address there. */
  readonly baseUrl: string | undefined;
}

/** The whole edition: UTF-8 text with LF line endings, no trailing spaces, a final newline. */
export function textEdition(article: Article, width: number, context: RenderContext): string {
  const rightToLeft = isRightToLeft(article.meta.lang);
  const lines = edition(article, width, articleLabels(article, context), context.config.theme, pageFolderUrl(article.slug, context.config.baseUrl))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
    .split('\n')
    .map((line) => finished(line, rightToLeft));
  return `${lines.join('\n')}\n`;
}

/** A line as the edition prints it: a line of code without its mark, any other in the article's direction. */
function finished(line: string, rightToLeft: boolean): string {
  if (line.includes(codeMark) && !line.endsWith(codeMark)) return line.replace(codeMark, '');
  // A blank line of code (a quote's `>` or nothing) has no direction of its own: it takes the article's.
  const set = line.replace(codeMark, '').trimEnd();
  return rightToLeft ? rightToLeftLine(set) : set;
}

/**
 * Set before each line of code until the edition's lines are final, wherever a quote's or a list's prefix puts the
 * line: code keeps its own direction in a right-to-left article, and its blank lines are not made one with the runs
 * of blank lines between blocks. NUL, which the reader never lets into an article's text (it is a control character, set as a space).
 */
const codeMark = '\u0000';

/**
 * A reader takes a line's direction from its first letter: in a right-to-left article, a line that starts with a
 * Latin word or has no letter (a heading's underline, a table's rule, a link's number) starts with a right-to-left
 * mark, so it runs right to left like the rest. Every line is read so, however it is indented (a nested item, a
 * note's or an item's next line): the mark comes first, before the indent, quote marker, bullet or number, which
 * Unicode's bidi algorithm passes over to the first strong letter (rule P2). Code is marked where it is set.
 */
function rightToLeftLine(line: string): string {
  if (line === '') return line;
  const first = [...line].map(strongDirection).find((direction) => direction !== undefined);
  return first === 'rtl' ? line : `\u200f${line}`;
}

function edition(article: Article, width: number, labels: Labels, theme: ResolvedTheme, baseUrl: string | undefined): string[] {
  const { meta } = article;
  const collected: Collected = { labels, links: [], notes: [], notesTitle: labels.text('footnotes'), baseUrl };
  // The house's masthead: its name over a rule of its rule character, across the measure; the same rule closes the article.
  const houseRule = theme.name === undefined ? [] : [theme.rule.repeat(width), ''];
  const titleLines = wrapText(meta.title, width);
  const out: string[] = [
    ...(theme.name === undefined ? [] : wrapText(theme.name, width)),
    ...houseRule,
    ...titleLines,
    '='.repeat(Math.max(...titleLines.map((line) => displayWidth(line)))),
    '',
  ];
  if (meta.description) out.push(...wrapText(meta.description, width), '');
  const { byline: by, credit, place, date, updated } = masthead(meta, labels);
  const byAndCredit = [by, credit].filter(Boolean).join(' · ');
  if (byAndCredit) out.push(...wrapText(byAndCredit, width));
  const dates = [date, updated?.line].filter(Boolean).join(' · ');
  if (dates) out.push(...wrapText(dates, width));
  out.push('');

  const body = article.hast.children as ElementContent[];
  // The wire's dateline opens the first paragraph of words: "MUNICH, Germany (AFP) — ", "北京（法新社）　" (the label
  // `datelineLead`); a lead picture's paragraph, which has none, set it before its stand-in or dropped it for its caption.
  const firstParagraph = body.findIndex((node) => node.type === 'element' && node.tagName === 'p' && toText(node).trim() !== '');
  const opener = place && labels.text('datelineLead', { dateline: place.line });
  if (opener && firstParagraph === -1) out.push(opener.trimEnd(), '');
  out.push(...blocks(body, width, collected, (node) => (node === body[firstParagraph] && opener ? opener : '')), '');

  if (collected.notes.length > 0) {
    out.push(collected.notesTitle, '-'.repeat(displayWidth(collected.notesTitle)), '');
    for (const note of collected.notes) out.push(...hang(`[^${note.label}] `, note.lines, width));
    out.push('');
  }
  const corrections = correctionsElement(meta, labels);
  if (corrections) out.push(...blocks([corrections], width, collected), '');
  if (collected.links.length > 0) {
    const heading = labels.text('links');
    out.push(heading, '-'.repeat(displayWidth(heading)), '');
    collected.links.forEach((href, index) => {
      out.push(...hang(`[${labels.number(index + 1)}] `, [href], width));
    });
    out.push('');
  }
  out.push(...houseRule);
  const { tags, publisher } = colophon(meta, labels);
  if (tags) out.push(...wrapText(tags, width));
  if (publisher) out.push(...wrapText(publisher, width));
  if (meta.rights) out.push(...wrapText(meta.rights, width));
  return out;
}

/** The element before `index` among `siblings`, skipping whitespace. */
function previousElement(siblings: readonly (RootContent | ElementContent)[], index: number): Element | undefined {
  for (let at = index - 1; at >= 0; at--) {
    const sibling = siblings[at];
    if (sibling?.type === 'element') return sibling;
    if (sibling?.type === 'text' && sibling.value.trim() !== '') return undefined;
  }
  return undefined;
}

/** Lines of one block-level node; `prefix` is set before its first word. */
function block(node: Element, width: number, collected: Collected, prefix = '', previous?: Element): string[] {
  const tag = node.tagName;
  if (tag === 'p') {
    const caption = titleCaption(node);
    if (caption) return [...wrapText(paragraph(node.children, collected), width), '', ...wrapText(caption, width)];
    const value = paragraph(node.children, collected);
    // A table's caption is set under it as "Table: …", like the HTML edition's figure caption.
    if (previous?.tagName === 'table' && tableCaptionMarker.test(value))
      return wrapText(collected.labels.text('tableCaption', { caption: value.replace(tableCaptionMarker, '') }), width);
    return wrapText(prefix + value, width);
  }
  if (/^h[1-6]$/.test(tag)) {
    const lines = wrapText(paragraph(node.children, collected), width);
    const underline = headingUnderlines[Number(tag[1]) - 1] ?? '-';
    return [...lines, underline.repeat(Math.max(1, ...lines.map((line) => displayWidth(line))))];
  }
  if (tag === 'ul' || tag === 'ol') return list(node, width, collected);
  if (tag === 'blockquote') return blocks(node.children, width - 2, collected).map((line) => (line ? `> ${line}` : '>'));
  if (tag === 'pre') return codeBlock(node);
  if (tag === 'hr') return [`${' '.repeat(Math.max(0, Math.floor((width - 5) / 2)))}* * *`];
  if (tag === 'table') return table(node, width, collected);
  if (tag === 'section' && 'dataFootnotes' in node.properties) {
    collectNotes(node, width, collected);
    return [];
  }
  if (tag === 'img') return wrapText(imageStandIn(node, collected.labels), width);
  return blocks(node.children, width, collected);
}

/** The title of a picture alone in its paragraph, which the other editions set as its caption. */
function titleCaption(node: Element): string | undefined {
  const content = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
  const image = content[0];
  if (content.length !== 1 || image?.type !== 'element' || image.tagName !== 'img') return undefined;
  const title = typeof image.properties.title === 'string' ? image.properties.title.trim() : '';
  return title || undefined;
}

/** A heading's level shows in its underline, in reStructuredText's order; the headline takes `=` as level 1. */
const headingUnderlines = ['=', '-', '~', '^', '"', "'"];

/**
 * Block children separated by blank lines; inline runs between them become paragraphs (a raw `<center>` the
 * sanitizer unwrapped leaves its words and their markup loose, one paragraph). `prefixOf` gives a block's prefix.
 */
function blocks(children: ElementContent[], width: number, collected: Collected, prefixOf: (node: Element) => string = () => ''): string[] {
  const out: string[] = [];
  let run: ElementContent[] = [];
  const flush = () => {
    const value = paragraph(run, collected);
    if (value) out.push(...wrapText(value, width), '');
    run = [];
  };
  children.forEach((child, index) => {
    if (child.type === 'element' && isBlock(child)) {
      flush();
      const lines = block(child, width, collected, prefixOf(child), previousElement(children, index));
      if (lines.length > 0) out.push(...lines, '');
    } else run.push(child);
  });
  flush();
  while (out.at(-1) === '') out.pop();
  return out;
}

function isBlock(node: Element): boolean {
  return blockElements.has(node.tagName);
}

function list(node: Element, width: number, collected: Collected): string[] {
  const ordered = node.tagName === 'ol';
  const { labels } = collected;
  let number = typeof node.properties.start === 'number' ? node.properties.start : 1;
  const items = node.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'li');
  // Numbers in the article's digits (۱۲ in Persian), right-aligned by their display width.
  const numberWidth = ordered ? displayWidth(labels.number(number + items.length - 1)) : 0;
  const numbered = (figures: string) => `${' '.repeat(Math.max(0, numberWidth - displayWidth(figures)))}${figures}. `;
  const out: string[] = [];
  for (const item of items) {
    const marker = ordered ? numbered(labels.number(number++)) : '- ';
    const checkbox = taskBox(item);
    const lines = blocks(item.children, width - marker.length - checkbox.length, collected);
    // A tight item (no paragraphs) keeps its nested lists close; a loose one is set off by blank lines.
    const loose = item.children.some((child) => child.type === 'element' && child.tagName === 'p');
    if (loose && out.length > 0) out.push('');
    out.push(...hang(marker + checkbox, loose ? lines : lines.filter((line) => line !== ''), width));
  }
  return out;
}

/** "[x] " or "[ ] " for a task-list item, read from its checkbox. */
function taskBox(item: Element): string {
  const input =
    item.children.find((child): child is Element => child.type === 'element' && child.tagName === 'input') ??
    item.children
      .flatMap((child) => (child.type === 'element' && child.tagName === 'p' ? child.children : []))
      .find((child): child is Element => child.type === 'element' && child.tagName === 'input');
  if (!input) return '';
  return input.properties.checked ? '[x] ' : '[ ] ';
}

function codeBlock(node: Element): string[] {
  const code = toText(node).replace(/\n$/, '');
  return code.split('\n').map((line) => `${codeMark}${line ? `    ${line}`.trimEnd() : ''}`);
}

function table(node: Element, width: number, collected: Collected): string[] {
  // A raw HTML table's caption is set above it, where it is in the reading order.
  const caption = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'caption');
  const captionLines = caption ? [...wrapText(collected.labels.text('tableCaption', { caption: paragraph(caption.children, collected) }), width), ''] : [];
  const cells = placeCells(node).cells.map(({ cell, rows, columns }) => ({
    rows,
    columns,
    text: collapse(inline(cell.children, collected)).trim(),
    header: cell.tagName === 'th',
    // Left unless the cell says otherwise.
    align: alignmentOf(cell) ?? 'left',
  }));
  return [...captionLines, ...setTable(cells, width)];
}

function collectNotes(section: Element, width: number, collected: Collected): void {
  const heading = section.children.find((child): child is Element => child.type === 'element' && /^h[1-6]$/.test(child.tagName));
  if (heading) collected.notesTitle = toText(heading).trim();
  for (const item of elementsNamed(section, 'li')) {
    const label = collected.labels.number(collected.notes.length + 1);
    collected.notes.push({ label, lines: blocks(item.children, width - label.length - 5, collected) });
  }
}

/** Inline content as paragraph text: trimmed, and a hard break starts its line without the source's indent. */
function paragraph(children: ElementContent[], collected: Collected): string {
  return inline(children, collected)
    .replace(/ *\n */g, '\n')
    .trim();
}

/** Inline content as one string; soft line breaks become spaces, hard breaks newlines. */
function inline(children: ElementContent[], collected: Collected): string {
  let out = '';
  for (const child of children) {
    if (child.type === 'text') out += collapse(child.value);
    else if (child.type !== 'element') continue;
    else if (child.tagName === 'br') out += '\n';
    else if (child.tagName === 'img') out += imageStandIn(child, collected.labels);
    else if (child.tagName === 'input') continue;
    else if (child.tagName === 'a' && 'dataFootnoteBackref' in child.properties) continue;
    else if (child.tagName === 'a' && 'dataFootnoteRef' in child.properties) out += `[^${toText(child)}]`;
    else if (child.tagName === 'a') out += link(child, collected);
    else if (isBlock(child)) out += ` ${blocks([child], 10_000, collected).join(' ').replaceAll(codeMark, '')} `;
    else if (child.tagName === 'sup' || child.tagName === 'sub') out += scripted(inline(child.children, collected), scriptForms[child.tagName]);
    else if (struckElements.has(child.tagName)) out += struck(inline(child.children, collected));
    else out += inline(child.children, collected);
  }
  return out;
}

/** Pairs each character of `plain` with the one at its place in `forms`. */
function formsOf(plain: string, forms: string): ReadonlyMap<string, string> {
  const shaped = [...forms];
  return new Map([...plain].map((character, index) => [character, shaped[index] as string]));
}

/** The characters Unicode has a superscript or subscript form of, with that form; a hyphen in a raised number is its minus. */
const scriptForms = {
  sup: formsOf('0123456789+-−=()ni', '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ'),
  sub: formsOf('0123456789+-−=()', '₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎'),
};

/** Raised or lowered text in its Unicode forms when every character has one (mc², H₂O); else as it is, which plain text cannot raise. */
function scripted(value: string, forms: ReadonlyMap<string, string>): string {
  const characters = [...value];
  return characters.every((character) => forms.has(character)) ? characters.map((character) => forms.get(character)).join('') : value;
}

/** Struck text: a correction's old figure must not read as current text. */
const struckElements = new Set(['del', 's', 'strike']);

/** Struck words between Markdown's `~~`, which wire readers know; spaces around them stay outside, as Markdown needs. */
function struck(value: string): string {
  return value.replace(/^(\s*)(\S.*?)(\s*)$/s, '$1~~$2~~$3');
}

function link(node: Element, collected: Collected): string {
  const label = inline(node.children, collected);
  const href = typeof node.properties.href === 'string' ? node.properties.href : undefined;
  if (!href || href.startsWith('#') || href === label.trim() || `mailto:${label.trim()}` === href) return label;
  const address = siteUrl(href, collected.baseUrl);
  let index = collected.links.indexOf(address);
  if (index === -1) index = collected.links.push(address) - 1;
  return `${label} [${collected.labels.number(index + 1)}]`;
}

function collapse(value: string): string {
  return value.replace(/[ \t\r\n]+/g, ' ');
}
