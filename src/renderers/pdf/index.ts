import type { Element, ElementContent, RootContent } from 'hast';
import type { Article, RenderContext, Renderer } from '../../types.js';
import { articleDate, byline, datelineOpener, readableDate } from '../shared.js';
import { type FontKey, fonts, type TextStyle } from './fonts.js';
import { breakLines, type Line, measure, piecesOf, type Span } from './layout.js';

export interface PdfOptions {
  /** Paper size: 'A4' (default), 'LETTER', or [width, height] in points. */
  readonly pageSize?: 'A4' | 'LETTER' | readonly [number, number];
  /** Margins in points. */
  readonly margins?: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
  /** Body text size in points. Default 10.5. */
  readonly baseSize?: number;
}

type Settings = Required<PdfOptions>;

const defaults: Settings = { pageSize: 'A4', margins: { top: 64, right: 64, bottom: 64, left: 64 }, baseSize: 10.5 };

/** A tagged, accessible PDF (PDF/UA-1) set with embedded, subset fonts. */
export function pdf(options: PdfOptions = {}): Renderer {
  const settings: Settings = Object.freeze({ ...defaults, ...options });
  if (!(settings.baseSize >= 6 && settings.baseSize <= 24)) throw new RangeError(`pdf({ baseSize }) must be between 6 and 24 points; got ${settings.baseSize}`);
  return Object.freeze({
    name: 'pdf',
    extension: '.pdf',
    async render(article: Article, context: RenderContext): Promise<Uint8Array> {
      // pdfkit is loaded on first use only: a publish without PDFs does not pay for it.
      const { default: PDFDocument } = await import('pdfkit');
      return new PdfSetter(PDFDocument, article, context, settings).set();
    },
  });
}

/** pdfkit's structure API, which its type definitions lag behind. */
interface StructElement {
  add(child: StructElement | object): StructElement;
  end(): void;
}
type TaggedDocument = PDFKit.PDFDocument & {
  struct(type: string, options?: Record<string, unknown>): StructElement;
  addStructure(element: StructElement): unknown;
  markStructureContent(tag: string, options?: Record<string, unknown>): object;
};

const regular: TextStyle = { bold: false, italic: false, mono: false };
const leading = 1.45;

class PdfSetter {
  private readonly doc: TaggedDocument;
  private readonly chunks: Uint8Array[] = [];
  private readonly top: number;
  private readonly bottom: number;
  private readonly left: number;
  private readonly width: number;
  private y: number;
  private readonly root: StructElement;

  constructor(
    PDFDocument: typeof import('pdfkit'),
    private readonly article: Article,
    private readonly context: RenderContext,
    private readonly settings: Settings,
  ) {
    const { meta } = article;
    this.doc = new PDFDocument({
      size: settings.pageSize as string,
      margins: settings.margins,
      bufferPages: true,
      autoFirstPage: true,
      pdfVersion: '1.7',
      tagged: true,
      lang: meta.lang,
      displayTitle: true,
      subset: 'PDF/UA',
      // pdfkit fails on absent values: keep only the entries the article has.
      info: Object.fromEntries(
        Object.entries({
          Title: meta.title,
          Author: meta.authors.join(', '),
          Subject: meta.description,
          Keywords: meta.tags.join(', '),
          Creator: 'Editions',
          Producer: 'Editions (pdfkit)',
          CreationDate: articleDate(meta.date),
          ModDate: articleDate(meta.updated ?? meta.date),
        }).filter(([, value]) => value !== undefined && value !== ''),
      ),
    } as unknown as PDFKit.PDFDocumentOptions) as TaggedDocument;
    for (const [key, font] of fonts()) this.doc.registerFont(key, font as unknown as ArrayBuffer);
    this.doc.on('data', (chunk: Uint8Array) => this.chunks.push(chunk));
    this.top = settings.margins.top;
    this.left = settings.margins.left;
    this.bottom = this.doc.page.height - settings.margins.bottom;
    this.width = this.doc.page.width - settings.margins.left - settings.margins.right;
    this.y = this.top;
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
  }

  async set(): Promise<Uint8Array> {
    const finished = new Promise<void>((resolve, reject) => {
      this.doc.on('end', resolve);
      this.doc.on('error', reject);
    });
    this.masthead();
    this.blocks(this.article.hast.children, this.root, 0);
    this.closing();
    this.root.end();
    this.furniture();
    this.doc.end();
    await finished;
    return Buffer.concat(this.chunks);
  }

  private masthead(): void {
    const { meta } = this.article;
    const base = this.settings.baseSize;
    this.doc.outline.addItem(meta.title);
    this.paragraph([this.span(meta.title, { ...regular, bold: true }, base * 2.1)], 'H1', this.root, { align: 'left', spaceAfter: base * 0.6 });
    if (meta.description)
      this.paragraph([this.span(meta.description, { ...regular, italic: true }, base * 1.25)], 'P', this.root, { align: 'left', spaceAfter: base * 0.6 });
    const by = byline(meta);
    if (by) this.paragraph([this.span(by, { ...regular, bold: true }, base * 0.9)], 'P', this.root, { align: 'left', spaceAfter: 0 });
    const date = readableDate(meta.date, meta.lang);
    const dateline = [datelineOpener(meta)?.replace(/ — $/, ''), date].filter(Boolean).join(' · ');
    if (dateline) this.paragraph([this.span(dateline, regular, base * 0.9)], 'P', this.root, { align: 'left', spaceAfter: 0 });
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
    this.rule();
    this.y += this.settings.baseSize * 0.6;
    for (const value of lines) this.paragraph([this.span(value, regular, size)], 'P', this.root, { align: 'left', spaceAfter: size * 0.3 });
  }

  private span(text: string, style: TextStyle, size: number, extra: Partial<Span> = {}): Span {
    return { text, style, size, ...extra };
  }

  /** Page furniture on every page after the first: running head and "n / N", marked as artifacts. */
  private furniture(): void {
    const range = this.doc.bufferedPageRange();
    const size = this.settings.baseSize * 0.8;
    const shortTitle = this.article.meta.title.length > 70 ? `${this.article.meta.title.slice(0, 67).trimEnd()}…` : this.article.meta.title;
    for (let index = range.start + 1; index < range.start + range.count; index++) {
      this.doc.switchToPage(index);
      this.doc.markContent('Artifact', { type: 'Pagination' });
      this.drawText('serif-italic', shortTitle, this.left, this.top - size * 2.6, size);
      const folio = `${index + 1} / ${range.count}`;
      this.drawText('serif-regular', folio, this.left + (this.width - measure('serif-regular', folio, size)) / 2, this.bottom + size * 1.6, size);
      this.doc.endMarkedContent();
    }
  }

  private drawText(font: FontKey, text: string, x: number, y: number, size: number, options: { link?: string; strike?: boolean } = {}): void {
    this.doc.font(font).fontSize(size).text(text, x, y, { lineBreak: false, link: options.link, strike: options.strike });
  }

  private rule(): void {
    this.doc.markContent('Artifact', { type: 'Layout' });
    this.doc
      .moveTo(this.left, this.y)
      .lineTo(this.left + this.width, this.y)
      .lineWidth(0.5)
      .strokeColor('#888888')
      .stroke();
    this.doc.endMarkedContent();
  }

  private newPage(): void {
    this.doc.addPage();
    this.y = this.top;
  }

  private warnMissing = (character: string, place: Span['place'], offset: number) => {
    const code = [...character].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
    this.context.warn(`No font has ${code} ("${character}"); the PDF shows a placeholder box. Add a font that covers it`, {
      place: place ? { line: place.line, column: place.column + offset } : undefined,
      ruleId: 'pdf-missing-glyph',
    });
  };

  /** Sets styled text as a tagged paragraph-like block, keeping widows and orphans off page edges. */
  private paragraph(
    spans: Span[],
    type: string,
    parent: StructElement,
    options: { indent?: number; align?: 'justify' | 'left'; spaceAfter?: number } = {},
  ): void {
    const indent = options.indent ?? 0;
    const width = this.width - indent;
    const lines = splitHardBreaks(spans).flatMap((segment) => breakLines(piecesOf(segment, this.warnMissing), width));
    if (lines.length === 0) return;
    const element = this.doc.struct(type);
    parent.add(element);
    const heights = lines.map((line) => Math.max(line.size, this.settings.baseSize * 0.5) * leading);
    const first = heights[0] ?? 0;
    // Orphans: never leave a single first line at the foot of a page.
    if (this.y + first + (lines.length > 1 ? (heights[1] ?? 0) : 0) > this.bottom && this.y > this.top) this.newPage();
    this.drawPendingLabel();
    element.add(this.doc.markStructureContent(type));
    lines.forEach((line, index) => {
      const height = heights[index] ?? 0;
      // Widows: the last line never stands alone at the top of a page.
      const widow = lines.length >= 3 && index === lines.length - 2 && this.y + height + (heights[index + 1] ?? 0) > this.bottom;
      if (this.y + height > this.bottom || widow) this.newPage();
      this.drawLine(line, this.left + indent, this.y, options.align ?? 'justify', width);
      this.y += height;
    });
    this.doc.endMarkedContent();
    element.end();
    this.y += options.spaceAfter ?? this.settings.baseSize * 0.6;
  }

  /** Places each word at its computed x, keeping its trailing space in the text layer. */
  private drawLine(line: Line, x: number, y: number, align: 'justify' | 'left', width: number): void {
    const gaps = line.pieces.slice(0, -1).filter((piece) => piece.space > 0).length;
    const stretch = align === 'justify' && !line.last && gaps > 0 ? (width - line.width) / gaps : 0;
    const baseline = y + line.size * 1.1;
    let cursor = x;
    line.pieces.forEach((piece, index) => {
      for (const run of piece.runs) {
        const face = fonts().get(run.font);
        const ascent = face ? face.ascent / face.unitsPerEm : 0.9;
        this.drawText(run.font, run.text, cursor, baseline - run.rise - ascent * run.size, run.size, { link: run.link, strike: run.strike });
        cursor += run.width;
      }
      if (index < line.pieces.length - 1 && piece.space > 0) cursor += stretch;
    });
  }

  private blocks(children: readonly (RootContent | ElementContent)[], parent: StructElement, indent: number): void {
    let inline: ElementContent[] = [];
    const flush = () => {
      const spans = this.spans(inline, regular, this.settings.baseSize);
      if (spans.some((span) => span.text.trim() !== '')) this.paragraph(trimSpans(spans), 'P', parent, { indent });
      inline = [];
    };
    for (const child of children) {
      if (child.type === 'element' && blockTags.has(child.tagName)) {
        flush();
        this.block(child, parent, indent);
      } else if (child.type === 'text' || child.type === 'element') inline.push(child);
    }
    flush();
  }

  private block(node: Element, parent: StructElement, indent: number): void {
    const base = this.settings.baseSize;
    const tag = node.tagName;
    if (tag === 'p') {
      this.paragraph(trimSpans(this.spans(node.children, regular, base)), 'P', parent, { indent });
    } else if (/^h[1-6]$/.test(tag)) {
      const rank = Number(tag[1]);
      const size = base * (headingScale[rank - 1] ?? 1);
      const spans = trimSpans(this.spans(node.children, { ...regular, bold: true }, size));
      // A heading never ends a page: keep it with three lines of what follows.
      if (this.y + size * leading * 2 + base * leading * 3 > this.bottom && this.y > this.top) this.newPage();
      this.y += base * 0.4;
      this.doc.outline.addItem(spans.map((span) => span.text).join(''));
      this.paragraph(spans, `H${rank}`, parent, { indent, align: 'left', spaceAfter: base * 0.4 });
    } else if (tag === 'ul' || tag === 'ol') {
      this.list(node, parent, indent);
    } else if (tag === 'blockquote') {
      const quote = this.doc.struct('BlockQuote');
      parent.add(quote);
      this.blocks(node.children, quote, indent + base * 1.8);
      quote.end();
    } else if (tag === 'pre') {
      this.code(node, parent, indent);
    } else if (tag === 'hr') {
      this.drawPendingLabel();
      this.y += base * 0.5;
      if (this.y > this.bottom - base) this.newPage();
      this.rule();
      this.y += base;
    } else if (tag === 'table') {
      this.table(node, parent, indent);
    } else if (tag === 'section' || tag === 'div' || tag === 'figure' || tag === 'details') {
      const type = tag === 'figure' ? 'Figure' : 'Sect';
      const section = this.doc.struct(type);
      parent.add(section);
      this.blocks(node.children, section, indent);
      section.end();
    } else {
      this.blocks(node.children, parent, indent);
    }
  }

  private list(node: Element, parent: StructElement, indent: number): void {
    const base = this.settings.baseSize;
    this.drawPendingLabel();
    const list = this.doc.struct('L');
    parent.add(list);
    let number = typeof node.properties.start === 'number' ? node.properties.start : 1;
    const markerWidth = base * 1.8;
    for (const item of node.children) {
      if (item.type !== 'element' || item.tagName !== 'li') continue;
      const li = this.doc.struct('LI');
      list.add(li);
      const checkbox = findCheckbox(item);
      const marker = node.tagName === 'ol' ? `${number++}.` : checkbox ? (checkbox.properties.checked ? '☑' : '☐') : '•';
      const body = this.doc.struct('LBody');
      // The label is drawn beside the item's first line, so the first paragraph sets it.
      this.pendingLabel = { label: this.span(marker, regular, base), item: li, body, x: this.left + indent };
      this.blocks(item.children, body, indent + markerWidth);
      this.drawPendingLabel();
      body.end();
      li.end();
    }
    list.end();
    this.y += base * 0.2;
  }

  private pendingLabel: { label: Span; item: StructElement; body: StructElement; x: number } | undefined;

  /** Sets a list item's label (tagged Lbl) at the current line, then attaches the item's body after it. */
  private drawPendingLabel(): void {
    const pending = this.pendingLabel;
    if (!pending) return;
    this.pendingLabel = undefined;
    const label = this.doc.struct('Lbl');
    pending.item.add(label);
    label.add(this.doc.markStructureContent('Lbl'));
    const line = breakLines(piecesOf([pending.label], this.warnMissing), this.width)[0];
    if (line) this.drawLine(line, pending.x, this.y, 'left', this.width);
    this.doc.endMarkedContent();
    label.end();
    pending.item.add(pending.body);
  }

  private code(node: Element, parent: StructElement, indent: number): void {
    const size = this.settings.baseSize * 0.85;
    const style: TextStyle = { ...regular, mono: true };
    const source = textOf(node).replace(/\n$/, '');
    this.drawPendingLabel();
    const element = this.doc.struct('Code');
    parent.add(element);
    const lines = source
      .split('\n')
      .flatMap((line) => breakLines(piecesOf([this.span(line === '' ? ' ' : line, style, size)], this.warnMissing), this.width - indent - size));
    element.add(this.doc.markStructureContent('Code'));
    for (const line of lines) {
      if (this.y + size * 1.3 > this.bottom) this.newPage();
      this.drawLine(line, this.left + indent + size, this.y, 'left', this.width);
      this.y += size * 1.3;
    }
    this.doc.endMarkedContent();
    element.end();
    this.y += this.settings.baseSize * 0.6;
  }

  private table(node: Element, parent: StructElement, indent: number): void {
    const base = this.settings.baseSize;
    const size = base * 0.9;
    const rows = collect(node, 'tr').map((row) =>
      row.children.filter((cell): cell is Element => cell.type === 'element' && (cell.tagName === 'th' || cell.tagName === 'td')),
    );
    const columns = Math.max(0, ...rows.map((row) => row.length));
    if (columns === 0) return;
    const padding = size * 0.4;
    const natural = Array.from(
      { length: columns },
      (_, column) =>
        Math.max(
          size,
          ...rows.map((row) =>
            row[column]
              ? trimSpans(this.spans(row[column].children, regular, size)).reduce((sum, span) => sum + measure('serif-regular', span.text, size), 0)
              : 0,
          ),
        ) +
        padding * 2,
    );
    const available = this.width - indent;
    const total = natural.reduce((sum, value) => sum + value, 0);
    const widths = total <= available ? natural : natural.map((value) => Math.max(size * 3, (value / total) * available));
    const scale = widths.reduce((sum, value) => sum + value, 0) > available ? available / widths.reduce((sum, value) => sum + value, 0) : 1;
    const columnWidths = widths.map((value) => value * scale);
    this.drawPendingLabel();
    const table = this.doc.struct('Table');
    parent.add(table);
    const header = rows[0]?.every((cell) => cell.tagName === 'th') ? rows[0] : undefined;
    const layoutRow = (row: Element[]) =>
      row.map((cell, column) =>
        breakLines(
          piecesOf(trimSpans(this.spans(cell.children, { ...regular, bold: cell.tagName === 'th' }, size)), this.warnMissing),
          (columnWidths[column] ?? 0) - padding * 2,
        ),
      );
    const drawRow = (row: Element[], lines: Line[][], tr: StructElement | undefined) => {
      let x = this.left + indent;
      row.forEach((cell, column) => {
        const cellElement = tr ? this.doc.struct(cell.tagName === 'th' ? 'TH' : 'TD', cell.tagName === 'th' ? { scope: 'Column' } : {}) : undefined;
        if (tr && cellElement) {
          tr.add(cellElement);
          cellElement.add(this.doc.markStructureContent(cell.tagName === 'th' ? 'TH' : 'TD'));
        }
        let y = this.y + padding;
        for (const line of lines[column] ?? []) {
          this.drawLine(line, x + padding, y, 'left', (columnWidths[column] ?? 0) - padding * 2);
          y += size * leading;
        }
        if (cellElement) {
          this.doc.endMarkedContent();
          cellElement.end();
        }
        x += columnWidths[column] ?? 0;
      });
    };
    const rowHeight = (lines: Line[][]) => Math.max(1, ...lines.map((cell) => cell.length)) * size * leading + padding * 2;
    for (const row of rows) {
      const lines = layoutRow(row);
      const height = rowHeight(lines);
      if (this.y + height > this.bottom && this.y > this.top) {
        this.newPage();
        // The header row is repeated on each page the table crosses, as page furniture.
        if (header && row !== header) {
          this.doc.markContent('Artifact', { type: 'Pagination' });
          const headerLines = layoutRow(header);
          drawRow(header, headerLines, undefined);
          this.doc.endMarkedContent();
          this.y += rowHeight(headerLines);
        }
      }
      const tr = this.doc.struct('TR');
      table.add(tr);
      drawRow(row, lines, tr);
      tr.end();
      this.y += height;
    }
    table.end();
    this.y += base * 0.6;
  }

  /** Collects styled spans from inline content. */
  private spans(children: readonly ElementContent[], style: TextStyle, size: number, extra: Partial<Span> = {}): Span[] {
    const out: Span[] = [];
    for (const child of children) {
      if (child.type === 'text') {
        const place = child.position ? { line: child.position.start.line, column: child.position.start.column } : undefined;
        out.push({ text: child.value.replace(/[ \t\r\n]+/g, ' '), style, size, place, ...extra });
        continue;
      }
      if (child.type !== 'element') continue;
      const tag = child.tagName;
      if (tag === 'br') out.push({ text: '\n', style, size });
      else if (tag === 'strong' || tag === 'b') out.push(...this.spans(child.children, { ...style, bold: true }, size, extra));
      else if (tag === 'em' || tag === 'i') out.push(...this.spans(child.children, { ...style, italic: true }, size, extra));
      else if (tag === 'code' || tag === 'kbd' || tag === 'samp') out.push(...this.spans(child.children, { ...style, mono: true }, size * 0.9, extra));
      else if (tag === 'del' || tag === 's') out.push(...this.spans(child.children, style, size, { ...extra, strike: true }));
      else if (tag === 'sup') out.push(...this.spans(child.children, style, size * 0.7, { ...extra, rise: size * 0.35 }));
      else if (tag === 'sub') out.push(...this.spans(child.children, style, size * 0.7, { ...extra, rise: -size * 0.15 }));
      else if (tag === 'a' && 'dataFootnoteBackref' in child.properties) continue;
      else if (tag === 'a') {
        const href = typeof child.properties.href === 'string' && /^(https?|mailto):/i.test(child.properties.href) ? child.properties.href : undefined;
        out.push(...this.spans(child.children, style, size, href ? { ...extra, link: href } : extra));
      } else if (tag === 'img') {
        const alt = typeof child.properties.alt === 'string' ? child.properties.alt : '';
        out.push({ text: `[Image${alt ? `: ${alt}` : ''}]`, style: { ...style, italic: true }, size, ...extra });
      } else if (tag === 'input') continue;
      else out.push(...this.spans(child.children, style, size, extra));
    }
    return out;
  }
}

const headingScale = [2, 1.6, 1.3, 1.15, 1.05, 1];

const blockTags = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'blockquote',
  'pre',
  'hr',
  'table',
  'section',
  'div',
  'figure',
  'details',
  'dl',
]);

/** Splits spans at hard line breaks; each segment is broken into lines on its own. */
function splitHardBreaks(spans: Span[]): Span[][] {
  const segments: Span[][] = [[]];
  for (const span of spans) {
    if (span.text === '\n') segments.push([]);
    else segments.at(-1)?.push(span);
  }
  return segments.filter((segment) => segment.some((span) => span.text.trim() !== ''));
}

/** Drops leading and trailing white space of a block's text. */
function trimSpans(spans: Span[]): Span[] {
  const out = spans.filter((span) => span.text !== '');
  while (out[0] && out[0].text.trim() === '' && out[0].text !== '\n') out.shift();
  while (out.at(-1) && out.at(-1)?.text.trim() === '' && out.at(-1)?.text !== '\n') out.pop();
  if (out[0]) out[0] = { ...out[0], text: out[0].text.trimStart() };
  const last = out.at(-1);
  if (last) out[out.length - 1] = { ...last, text: last.text.trimEnd() };
  return out;
}

function findCheckbox(item: Element): Element | undefined {
  for (const child of item.children) {
    if (child.type !== 'element') continue;
    if (child.tagName === 'input') return child;
    if (child.tagName === 'p') return findCheckbox(child);
  }
  return undefined;
}

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type !== 'element') return '';
  return node.children.map(textOf).join('');
}

function collect(node: Element, tagName: string): Element[] {
  const found: Element[] = [];
  const visit = (current: Element) => {
    for (const child of current.children) {
      if (child.type !== 'element') continue;
      if (child.tagName === tagName) found.push(child);
      else visit(child);
    }
  };
  visit(node);
  return found;
}
