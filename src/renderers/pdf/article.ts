import type { Element, ElementContent, RootContent } from 'hast';
import { blockElements, byline, datelineOpener, readableDate } from '../common/masthead.js';
import { font } from './fonts.js';
import { hyphenationPoints } from './hyphenate.js';
import { textOf } from './inline.js';
import type { Span } from './layout.js';
import { findElement, MediaSetter } from './media.js';
import { leading, regular } from './page.js';
import { shape } from './shape.js';
import { setTable, type TableHost } from './table.js';
import type { StructElement } from './tagging.js';

interface OutlineItem {
  addItem(title: string): OutlineItem;
}

const headingScale = [2, 1.6, 1.3, 1.15, 1.05, 1];

/**
 * Parses the text faces and the default hyphenation patterns, and runs their
 * code once: the first PDF of a process spends most of its time there.
 */
export function warmUp(): void {
  for (const key of ['serif-regular', 'serif-bold', 'serif-italic'] as const) {
    font(key);
    shape(key, 'Warm-up, “type” — 2013.', false);
  }
  hyphenationPoints('hyphenation', 'en');
}

/** Sets an article: masthead, body blocks, closing notes. */
export class ArticleSetter extends MediaSetter {
  private pendingLabel: { label: Span; item: StructElement; body: StructElement; x: number } | undefined;
  /** The open bookmark at each level: the headline's, then the last h2's, and so on. */
  private outline: OutlineItem[] = [];

  async set(): Promise<Uint8Array> {
    this.masthead();
    this.blocks(this.article.hast.children, this.root, 0);
    this.closing();
    return this.finish();
  }

  private masthead(): void {
    const { meta } = this.article;
    const base = this.settings.baseSize;
    this.outline = [this.doc.outline.addItem(meta.title)];
    this.paragraph([this.span(meta.title, { ...regular, bold: true }, base * 2.1)], 'H1', this.root, { justify: false, spaceAfter: base * 0.6 });
    if (meta.description)
      this.paragraph([this.span(meta.description, { ...regular, italic: true }, base * 1.25)], 'P', this.root, { justify: false, spaceAfter: base * 0.6 });
    const by = byline(meta);
    if (by) this.paragraph([this.span(by, { ...regular, bold: true }, base * 0.9)], 'P', this.root, { justify: false, spaceAfter: 0 });
    const date = datesInWords(meta.date, meta.lang);
    const dateline = [datelineOpener(meta)?.replace(/ — $/, ''), date].filter(Boolean).join(' · ');
    if (dateline) this.paragraph([this.span(dateline, regular, base * 0.9)], 'P', this.root, { justify: false, spaceAfter: 0 });
    this.y += base * 0.8;
    this.rule();
    this.y += base;
  }

  private closing(): void {
    const { meta } = this.article;
    const size = this.settings.baseSize * 0.9;
    const lines = [
      meta.tags.length > 0 ? `Tags: ${meta.tags.join(', ')}` : '',
      meta.publisher ? `Published by ${meta.publisher}` : '',
      meta.rights ?? '',
    ].filter(Boolean);
    if (lines.length === 0) return;
    this.y += this.settings.baseSize;
    if (this.y > this.bottom - size * 4) this.newPage();
    this.rule();
    this.y += this.settings.baseSize * 0.6;
    for (const value of lines) this.paragraph([this.span(value, regular, size)], 'P', this.root, { justify: false, spaceAfter: size * 0.3 });
  }

  protected override beforeFirstLine(): void {
    this.drawPendingLabel();
  }

  private blocks(children: readonly (RootContent | ElementContent)[], parent: StructElement, indent: number): void {
    let inline: ElementContent[] = [];
    const flush = () => {
      this.textBlock(inline, 'P', parent, { indent });
      inline = [];
    };
    for (const child of children) {
      if (child.type === 'element' && blockElements.has(child.tagName)) {
        flush();
        this.block(child, parent, indent);
      } else if (child.type === 'text' || child.type === 'element') inline.push(child);
    }
    flush();
  }

  private block(node: Element, parent: StructElement, indent: number): void {
    const base = this.settings.baseSize;
    const tag = node.tagName;
    const image = tag === 'p' ? soleImage(node) : undefined;
    if (image) this.figure(image, undefined, parent, indent);
    else if (tag === 'p') this.textBlock(node.children, 'P', parent, { indent });
    else if (/^h[1-6]$/.test(tag)) this.heading(node, parent, indent);
    else if (tag === 'ul' || tag === 'ol') this.list(node, parent, indent);
    else if (tag === 'blockquote') {
      const quote = this.doc.struct('BlockQuote');
      parent.add(quote);
      this.drawPendingLabel();
      const top = this.y;
      this.blocks(node.children, quote, indent + base * 1.8);
      this.quoteBar(top, indent + base * 0.6);
      quote.end();
    } else if (tag === 'pre') this.code(node, parent, indent);
    else if (tag === 'hr') {
      this.drawPendingLabel();
      this.y += base * 0.5;
      if (this.y > this.bottom - base) this.newPage();
      this.rule();
      this.y += base;
    } else if (tag === 'table') {
      this.drawPendingLabel();
      // A raw HTML table's caption is set above it, where it is in the reading order.
      const caption = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'caption');
      if (caption) this.textBlock(caption.children, 'Caption', parent, { indent, justify: false }, { ...regular, italic: true }, base * 0.9);
      setTable(this.tableHost(), node, parent, indent);
    } else if (tag === 'figure') {
      const img = findElement(node, 'img');
      const caption = findElement(node, 'figcaption');
      if (img) this.figure(img, caption, parent, indent);
      else this.blocks(node.children, parent, indent);
    } else if (tag === 'section' && 'dataFootnotes' in node.properties) {
      const notes = this.doc.struct('Sect');
      parent.add(notes);
      this.y += base * 0.6;
      this.rule();
      this.y += base * 0.6;
      this.blocks(node.children, notes, indent);
      notes.end();
    } else {
      const section = this.doc.struct(tag === 'section' || tag === 'details' ? 'Sect' : 'Div');
      parent.add(section);
      this.blocks(node.children, section, indent);
      section.end();
    }
  }

  private heading(node: Element, parent: StructElement, indent: number): void {
    const base = this.settings.baseSize;
    const rank = Number(node.tagName[1]);
    const size = base * (headingScale[rank - 1] ?? 1);
    // A heading never ends a page: keep it with three lines of what follows.
    if (this.y + size * leading * 2 + base * leading * 3 > this.bottom && this.y > this.top) this.newPage();
    this.y += base * 0.4;
    const title = textOf(node).trim();
    // Bookmarks nest like the headings: an h3 under the h2 before it, all under the headline.
    if (title) {
      const parent = this.outline[Math.min(rank - 1, this.outline.length) - 1] ?? this.doc.outline;
      this.outline = [...this.outline.slice(0, Math.min(rank - 1, this.outline.length)), parent.addItem(title)];
    }
    const type = `H${Math.min(6, rank)}`;
    // Footnote sections label themselves "Footnotes": a Note-bearing heading reads the same.
    this.textBlock(node.children, type, parent, { indent, justify: false, spaceAfter: base * 0.4 }, { ...regular, bold: true }, size);
  }

  private list(node: Element, parent: StructElement, indent: number): void {
    const base = this.settings.baseSize;
    this.drawPendingLabel();
    const list = this.doc.struct('L');
    parent.add(list);
    let number = typeof node.properties.start === 'number' ? node.properties.start : 1;
    const markerWidth = base * 1.8;
    const footnotes = (node.properties.className as string[] | undefined)?.includes('footnotes') ?? false;
    for (const item of node.children) {
      if (item.type !== 'element' || item.tagName !== 'li') continue;
      const li = this.doc.struct(footnotes || (typeof item.properties.id === 'string' && item.properties.id.includes('fn-')) ? 'Note' : 'LI');
      list.add(li);
      const checkbox = findElement(item, 'input');
      const marker = node.tagName === 'ol' ? `${number++}.` : checkbox ? (checkbox.properties.checked ? '☑' : '☐') : '•';
      const body = this.doc.struct('LBody');
      // The label is drawn beside the item's first line, so the first paragraph sets it.
      this.pendingLabel = { label: this.span(marker, regular, base), item: li, body, x: this.left + indent };
      if (typeof item.properties.id === 'string') this.destinationsFor([item]);
      this.blocks(item.children, body, indent + markerWidth);
      this.drawPendingLabel();
      body.end();
      li.end();
    }
    list.end();
    this.y += base * 0.2;
  }

  /** Sets a list item's label (tagged Lbl) at the current line, then attaches the item's body after it. */
  private drawPendingLabel(): void {
    const pending = this.pendingLabel;
    if (!pending) return;
    this.pendingLabel = undefined;
    const label = this.doc.struct('Lbl');
    pending.item.add(label);
    label.add(this.doc.markStructureContent('Lbl'));
    const labelWidth = this.textWidth(pending.label.text, pending.label.style, pending.label.size);
    const x = this.rtl ? this.left + this.width - (pending.x - this.left) - labelWidth : pending.x;
    this.plainText(pending.label.text, pending.label.style, pending.label.size, x, this.y + pending.label.size * 1.1);
    this.doc.endMarkedContent();
    label.end();
    pending.item.add(pending.body);
  }

  /** What the table setter needs from this page. */
  private tableHost(): TableHost {
    return {
      doc: this.doc,
      lines: (spans: readonly Span[], width: number) => this.lines(spans, width, false),
      drawLine: this.drawLine.bind(this),
      newPage: () => this.newPage(),
      flush: () => this.writer.flush(),
      textWidth: this.textWidth.bind(this),
      getY: () => this.y,
      setY: (y: number) => {
        this.y = y;
      },
      top: this.top,
      bottom: this.bottom,
      left: this.left,
      width: this.width,
      baseSize: this.settings.baseSize,
      lang: this.article.meta.lang,
      rtl: this.rtl,
    };
  }
}

const readableDates = new Map<string, string | undefined>();

/** `readableDate` builds an Intl formatter per call (milliseconds): remember its answers. */
function datesInWords(date: string | undefined, lang: string): string | undefined {
  const key = `${date}|${lang}`;
  if (!readableDates.has(key)) readableDates.set(key, readableDate(date, lang));
  return readableDates.get(key);
}

/** The image of a paragraph that holds nothing else: set as a figure. */
function soleImage(node: Element): Element | undefined {
  const content = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
  const only = content[0];
  return content.length === 1 && only?.type === 'element' && only.tagName === 'img' ? only : undefined;
}
