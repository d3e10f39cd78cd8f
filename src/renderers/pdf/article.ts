import type { Element, ElementContent, RootContent } from 'hast';
import { toText } from 'hast-util-to-text';
import type { RenderContext } from '../../types.js';
import type { ConvertedArticle } from '../common/converted-images.js';
import { type Alignment, alignmentOf, blockElements, firstElementNamed, tableCaptionMarker, withoutCaptionMarker } from '../common/hast.js';
import { figureCaption } from '../common/markup.js';
import { colophon, correctionsElement, masthead } from '../common/masthead.js';
import { code, destination, destinationsFor, drawLogo, figure, textBlock } from './blocks.js';
import { font } from './fonts.js';
import { hyphenationPoints } from './hyphenate.js';
import { anchorOf } from './inline.js';
import type { Anchor, Span } from './layout.js';
import { PdfPages, type Settings, textWidth } from './pages.js';
import { leading, paragraph, span } from './paragraph.js';
import { shape } from './shape.js';
import { setTable } from './table.js';
import { type StructElement, setElementId } from './tagging.js';

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
export class ArticleSetter {
  private readonly page: PdfPages;
  /** A list item's label waiting for the item's first line, and the item's indent, from the column's start edge. */
  private pendingLabel: { label: Span; item: StructElement; body: StructElement; indent: number } | undefined;
  /** The open bookmark at each level: the headline's, then the last h2's, and so on. */
  private outline: OutlineItem[] = [];
  /** The alignment a block inherits from the raw HTML block around it (`<div align="center">`), as CSS's text-align is. */
  private align: Alignment | undefined;

  constructor(PDFDocument: typeof import('pdfkit'), article: ConvertedArticle, context: RenderContext, settings: Settings) {
    this.page = new PdfPages(PDFDocument, article, context, settings);
    // A list item's label is drawn beside its first line, whichever block sets that line.
    this.page.beforeFirstLine = () => this.drawPendingLabel();
  }

  async set(): Promise<Uint8Array> {
    await this.publisher();
    this.masthead();
    this.blocks(this.page.article.hast.children, this.page.root, 0);
    this.corrections();
    this.closing();
    return this.page.finish();
  }

  /** The headline, dek, byline and dateline, across the text block; then the body's columns start. */
  private masthead(): void {
    const { meta } = this.page.article;
    const { regular, colors } = this.page;
    const base = this.page.settings.baseSize;
    this.outline = [this.page.doc.outline.addItem(meta.title)];
    paragraph(this.page, [span(meta.title, { ...regular, bold: true, headline: true }, base * 2.1)], 'H1', this.page.root, {
      justify: false,
      spaceAfter: base * 0.6,
    });
    if (meta.description)
      paragraph(this.page, [span(meta.description, { ...regular, italic: this.page.italic }, base * 1.25)], 'P', this.page.root, {
        justify: false,
        spaceAfter: base * 0.6,
      });
    const { byline: by, credit, place, date, updated } = masthead(meta, this.page.labels);
    const byAndCredit = [by, credit].filter(Boolean).join(' · ');
    if (byAndCredit)
      paragraph(this.page, [span(byAndCredit, { ...regular, bold: true, headline: true }, base * 0.9)], 'P', this.page.root, {
        justify: false,
        spaceAfter: 0,
        color: colors.muted,
      });
    const dateline = [place?.line, date, updated?.line].filter(Boolean).join(' · ');
    if (dateline)
      paragraph(this.page, [span(dateline, { ...regular, headline: true }, base * 0.9)], 'P', this.page.root, {
        justify: false,
        spaceAfter: 0,
        color: colors.muted,
      });
    this.page.y += base * 0.8;
    this.page.rule();
    this.page.y += base;
    this.page.startColumns();
  }

  /** The theme's name above the headline, its logo beside it as an artifact (the config requires a name with a logo: the name says what it shows). */
  private async publisher(): Promise<void> {
    const { name, logo } = this.page.context.config.theme;
    if (!name) return;
    const page = this.page;
    const base = page.settings.baseSize;
    const size = base * 1.3;
    const top = page.y;
    const height = logo ? Math.min(base * 3, (logo.height * page.block.width * 0.4) / logo.width) : 0;
    const width = logo ? (logo.width * height) / logo.height : 0;
    if (logo) {
      page.doc.markContent('Artifact', { type: 'Layout' });
      await drawLogo(page, logo, page.rtl ? page.left + page.width - width : page.left, top, width, height);
      page.doc.endMarkedContent();
    }
    page.y = top + Math.max(0, (height - size * leading) / 2);
    paragraph(page, [span(name, { ...page.regular, bold: true, headline: true }, size)], 'P', page.root, {
      justify: false,
      indent: logo ? width + base : 0,
      spaceAfter: 0,
    });
    page.y = Math.max(page.y, top + height) + base;
  }

  /** The correction notices after the body and its notes, under a rule as the notes are: a section (Sect) with its heading (H2) and a paragraph (P) each. */
  private corrections(): void {
    const section = correctionsElement(this.page.article.meta, this.page.labels);
    if (!section) return;
    const base = this.page.settings.baseSize;
    this.page.y += base * 0.6;
    this.page.rule();
    this.page.y += base * 0.6;
    this.blocks([section], this.page.root, 0);
  }

  private closing(): void {
    const { meta } = this.page.article;
    const size = this.page.settings.baseSize * 0.9;
    const { tags, publisher } = colophon(meta, this.page.labels);
    const lines = [tags, publisher, meta.rights].filter((line): line is string => Boolean(line));
    if (lines.length === 0) return;
    this.page.y += this.page.settings.baseSize;
    if (this.page.y > this.page.bottom - size * 4) this.page.newPage();
    this.page.rule();
    this.page.y += this.page.settings.baseSize * 0.6;
    for (const value of lines)
      paragraph(this.page, [span(value, this.page.regular, size)], 'P', this.page.root, {
        justify: false,
        spaceAfter: size * 0.3,
        color: this.page.colors.muted,
      });
  }

  private blocks(children: readonly (RootContent | ElementContent)[], parent: StructElement, indent: number): void {
    let inline: ElementContent[] = [];
    const flush = () => {
      this.paragraph(inline, parent, indent, this.align);
      inline = [];
    };
    let previous: Element | undefined;
    for (const child of children) {
      if (child.type === 'element' && blockElements.has(child.tagName)) {
        flush();
        // A Pandoc caption under a table is set as its caption, without its marker, as the other editions set it.
        if (previous?.tagName === 'table' && child.tagName === 'p' && tableCaptionMarker.test(toText(child))) {
          const base = this.page.settings.baseSize;
          textBlock(
            this.page,
            withoutCaptionMarker(child),
            'Caption',
            parent,
            { indent, justify: false, color: this.page.colors.muted },
            { ...this.page.regular, italic: this.page.italic },
            base * 0.9,
          );
        } else this.block(child, parent, indent);
        previous = child;
      } else if (child.type === 'text' || child.type === 'element') {
        inline.push(child);
        if (child.type === 'element' || child.value.trim() !== '') previous = undefined;
      }
    }
    flush();
  }

  private block(node: Element, parent: StructElement, indent: number): void {
    const base = this.page.settings.baseSize;
    const tag = node.tagName;
    // A block's own id (`<h2 id="sources">`, `<div id="box">`): `#id` links land at its top; a heading's, once it has found its page.
    const id = typeof node.properties.id === 'string' ? node.properties.id : undefined;
    if (id && !/^h[1-6]$/.test(tag)) destination(this.page, id);
    if (tag === 'p') this.paragraph(node.children, parent, indent, alignmentOf(node) ?? this.align, true);
    else if (/^h[1-6]$/.test(tag)) this.heading(node, parent, indent);
    else if (tag === 'ul' || tag === 'ol') this.list(node, parent, indent);
    else if (tag === 'blockquote') {
      const quote = this.page.doc.struct('BlockQuote');
      parent.add(quote);
      this.drawPendingLabel();
      this.page.openQuote(indent + base * 0.6);
      this.blocks(node.children, quote, indent + base * 1.8);
      this.page.closeQuote();
      quote.end();
    } else if (tag === 'pre') code(this.page, node, parent, indent);
    // A definition list: its terms bold, their definitions indented under them, as the other editions set them.
    else if (tag === 'dt')
      textBlock(this.page, node.children, 'P', parent, { indent, justify: false, spaceAfter: base * 0.2 }, { ...this.page.regular, bold: true });
    else if (tag === 'dd') {
      const definition = this.page.doc.struct('Div');
      parent.add(definition);
      this.blocks(node.children, definition, indent + base * 1.8);
      definition.end();
    } else if (tag === 'hr') {
      this.drawPendingLabel();
      this.page.y += base * 0.5;
      if (this.page.y > this.page.bottom - base) this.page.newPage();
      this.page.rule();
      this.page.y += base;
    } else if (tag === 'table') {
      this.drawPendingLabel();
      // A raw HTML table's caption is set above it, where it is in the reading order.
      const caption = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'caption');
      if (caption)
        textBlock(
          this.page,
          caption.children,
          'Caption',
          parent,
          { indent, justify: false, color: this.page.colors.muted },
          { ...this.page.regular, italic: this.page.italic },
          base * 0.9,
        );
      setTable(this.page, node, parent, indent);
    } else if (tag === 'figure') {
      // One picture (linked or not, in a paragraph or not) and its caption is a figure; any other is set as its blocks.
      const caption = node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'figcaption');
      const content = node.children.flatMap((child) => (child === caption ? [] : child.type === 'element' && child.tagName === 'p' ? child.children : [child]));
      const [picture, ...more] = picturesAlone(content) ?? [];
      if (picture && more.length === 0) figure(this.page, picture.image, caption, parent, indent, picture.link);
      else this.blocks(node.children, parent, indent);
    } else if (tag === 'section' && 'dataFootnotes' in node.properties) {
      const notes = this.page.doc.struct('Sect');
      parent.add(notes);
      this.page.y += base * 0.6;
      this.page.rule();
      this.page.y += base * 0.6;
      this.blocks(node.children, notes, indent);
      notes.end();
    } else {
      const section = this.page.doc.struct(tag === 'section' || tag === 'details' ? 'Sect' : 'Div');
      parent.add(section);
      const inherited = this.align;
      this.align = alignmentOf(node) ?? inherited;
      this.blocks(node.children, section, indent);
      this.align = inherited;
      section.end();
    }
  }

  /**
   * A paragraph of pictures alone (linked or not) sets each as a figure; any other is text. One picture alone in a `p`, not linked,
   * is captioned by its title, else its alt text, as the other editions make it a figure (common/markup.ts, imageParagraphsAsFigures).
   */
  private paragraph(children: readonly ElementContent[], parent: StructElement, indent: number, align: Alignment | undefined, isP = false): void {
    const pictures = picturesAlone(children);
    const only = isP && pictures?.length === 1 ? pictures[0] : undefined;
    if (!pictures) textBlock(this.page, children, 'P', parent, { indent, align });
    else if (only && !only.link) figure(this.page, only.image, captionOf(only.image), parent, indent);
    else for (const { image, link } of pictures) figure(this.page, image, undefined, parent, indent, link);
  }

  private heading(node: Element, parent: StructElement, indent: number): void {
    const base = this.page.settings.baseSize;
    const rank = Number(node.tagName[1]);
    const size = base * (headingScale[rank - 1] ?? 1);
    // A heading never ends a page: keep it with three lines of what follows.
    if (this.page.y + size * leading * 2 + base * leading * 3 > this.page.bottom && this.page.y > this.page.top) this.page.newPage();
    if (typeof node.properties.id === 'string') destination(this.page, node.properties.id);
    this.page.y += base * 0.4;
    const title = toText(node).trim();
    // Bookmarks nest like the headings: an h3 under the h2 before it, all under the headline.
    if (title) {
      const parent = this.outline[Math.min(rank - 1, this.outline.length) - 1] ?? this.page.doc.outline;
      this.outline = [...this.outline.slice(0, Math.min(rank - 1, this.outline.length)), parent.addItem(title)];
    }
    const type = `H${Math.min(6, rank)}`;
    textBlock(
      this.page,
      node.children,
      type,
      parent,
      { indent, justify: false, spaceAfter: base * 0.4, align: alignmentOf(node) ?? this.align },
      { ...this.page.regular, bold: true, headline: true },
      size,
    );
  }

  private list(node: Element, parent: StructElement, indent: number): void {
    const base = this.page.settings.baseSize;
    this.drawPendingLabel();
    const list = this.page.doc.struct('L');
    parent.add(list);
    const ordered = node.tagName === 'ol';
    const start = typeof node.properties.start === 'number' ? node.properties.start : 1;
    const items = node.children.filter((item): item is Element => item.type === 'element' && item.tagName === 'li');
    // Numbers in the article's digits (۱. in Persian), as the folios are.
    const labels = items.map((item, index) => (ordered ? `${this.page.labels.number(start + index)}.` : bulletedLabel(item)));
    const widestLabel = labels.reduce((widest, label) => Math.max(widest, textWidth(label, this.page.regular, base)), 0);
    // The items' text starts past the widest label and a gap of 0.4 em (a little less than "99." has in 1.8 em, the least column).
    const markerWidth = Math.max(base * 1.8, widestLabel + base * 0.4);
    const footnotes = (node.properties.className as string[] | undefined)?.includes('footnotes') ?? false;
    for (const [index, item] of items.entries()) {
      const li = this.page.doc.struct('LI');
      list.add(li);
      const marker = labels[index] ?? '';
      const body = this.page.doc.struct('LBody');
      // The label is drawn beside the item's first line, so the first paragraph sets it.
      this.pendingLabel = { label: span(marker, this.page.regular, base), item: li, body, indent };
      if (typeof item.properties.id === 'string') destinationsFor(this.page, [item]);
      // A footnote is a Note in its item's body (an L holds LI only), named by its ID as PDF/UA asks.
      const id = typeof item.properties.id === 'string' ? item.properties.id : undefined;
      const note = footnotes || id?.includes('fn-') ? this.page.doc.struct('Note') : undefined;
      if (note) {
        setElementId(note, id ?? `note-${start + index}`);
        body.add(note);
      }
      this.blocks(item.children, note ?? body, indent + markerWidth);
      this.drawPendingLabel();
      note?.end();
      body.end();
      li.end();
    }
    list.end();
    this.page.y += base * 0.2;
  }

  /** Sets a list item's label (tagged Lbl) at the current line, then attaches the item's body after it. */
  private drawPendingLabel(): void {
    const pending = this.pendingLabel;
    if (!pending) return;
    this.pendingLabel = undefined;
    const label = this.page.doc.struct('Lbl');
    pending.item.add(label);
    label.add(this.page.doc.markStructureContent('Lbl'));
    const labelWidth = textWidth(pending.label.text, pending.label.style, pending.label.size);
    // In the column the line is set in: the item may have started in the one before (its x there drew the label over that column's text).
    const x = this.page.rtl ? this.page.left + this.page.width - pending.indent - labelWidth : this.page.left + pending.indent;
    this.page.plainText(pending.label.text, pending.label.style, pending.label.size, x, this.page.y + pending.label.size * 1.1);
    this.page.doc.endMarkedContent();
    label.end();
    pending.item.add(pending.body);
  }
}

/**
 * The pictures of a paragraph that holds nothing else (but spaces and line breaks), each alone or alone in a
 * link (a thumbnail that links to its full size, as content systems export it): each is set as a figure.
 */
function picturesAlone(children: readonly ElementContent[]): { image: Element; link: Anchor | undefined }[] | undefined {
  const pictures: { image: Element; link: Anchor | undefined }[] = [];
  for (const child of children) {
    if (isSpace(child) || (child.type === 'element' && child.tagName === 'br')) continue;
    if (child.type !== 'element') return undefined;
    const content = child.tagName === 'a' ? child.children.filter((inner) => !isSpace(inner)) : [child];
    const image = content[0];
    if (content.length !== 1 || image?.type !== 'element' || image.tagName !== 'img') return undefined;
    pictures.push({ image, link: child === image ? undefined : anchorOf(child) });
  }
  return pictures.length > 0 ? pictures : undefined;
}

/** A bulleted list item's label: a ticked or empty box for a task list's item, a bullet for any other. */
function bulletedLabel(item: Element): string {
  const checkbox = firstElementNamed(item, 'input');
  return checkbox ? (checkbox.properties.checked ? '☑' : '☐') : '•';
}

function isSpace(node: ElementContent): boolean {
  return node.type === 'text' && node.value.trim() === '';
}

/** A lone picture's caption, as the other editions set it; none without a title or alt text. */
function captionOf(image: Element): Element | undefined {
  const caption = figureCaption(image);
  return caption ? { type: 'element', tagName: 'figcaption', properties: {}, children: [{ type: 'text', value: caption }] } : undefined;
}
