import type { Article, RenderContext } from '../../types.js';
import { isRightToLeft } from '../common/masthead.js';
import { fontChain, type TextStyle } from './fonts.js';
import { type Anchor, type Line, type Span, setParagraph } from './layout.js';
import { infoOf, xmpOf } from './metadata.js';
import { placeRuns } from './place.js';
import { shape } from './shape.js';
import { BlockTagger, type StructElement, type TaggedDocument } from './tagging.js';
import { GlyphWriter, type WritableDocument } from './writer.js';

export interface Settings {
  readonly pageSize: 'A4' | 'LETTER' | readonly [number, number];
  readonly margins: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
  readonly baseSize: number;
}

export const regular: TextStyle = { bold: false, italic: false, mono: false };
export const leading = 1.45;

export interface BlockOptions {
  readonly indent?: number;
  readonly justify?: boolean;
  readonly spaceAfter?: number;
  /** Struct attributes of the block (e.g. Lang). */
  readonly attributes?: Record<string, unknown>;
}

/** The page machinery: the pdfkit document, the glyph writer, the cursor, paragraphs and furniture. */
export class PageSetter {
  protected readonly doc: TaggedDocument & WritableDocument;
  protected readonly writer: GlyphWriter;
  private readonly chunks: Uint8Array[] = [];
  protected readonly top: number;
  protected readonly bottom: number;
  protected readonly left: number;
  protected readonly width: number;
  protected y: number;
  protected readonly root: StructElement;
  protected readonly rtl: boolean;

  constructor(
    PDFDocument: typeof import('pdfkit'),
    protected readonly article: Article,
    protected readonly context: RenderContext,
    protected readonly settings: Settings,
  ) {
    const { meta } = article;
    this.rtl = isRightToLeft(meta.lang);
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
      // No default font: pdfkit would otherwise load Helvetica for nothing.
      font: null,
      info: infoOf(meta),
    } as unknown as PDFKit.PDFDocumentOptions) as TaggedDocument & WritableDocument;
    this.writer = new GlyphWriter(this.doc);
    // pdfkit writes the Info values into XMP unescaped: this edition writes that part of the XMP itself.
    (this.doc as unknown as { _addInfo: () => void })._addInfo = () => {};
    this.doc.appendXML(xmpOf(meta));
    this.doc.on('data', (chunk: Uint8Array) => this.chunks.push(chunk));
    this.top = settings.margins.top;
    this.left = settings.margins.left;
    this.bottom = this.doc.page.height - settings.margins.bottom;
    this.width = this.doc.page.width - settings.margins.left - settings.margins.right;
    this.y = this.top;
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
  }

  protected async finish(): Promise<Uint8Array> {
    const finished = new Promise<void>((resolve, reject) => {
      this.doc.on('end', resolve);
      this.doc.on('error', reject);
    });
    this.root.end();
    this.furniture();
    this.doc.end();
    await finished;
    return Buffer.concat(this.chunks);
  }

  protected span(text: string, style: TextStyle, size: number, extra: Partial<Span> = {}): Span {
    return { text, style, size, ...extra };
  }

  protected newPage(): void {
    this.writer.flush();
    this.doc.addPage();
    this.y = this.top;
  }

  protected lines(spans: readonly Span[], width: number, justify: boolean): Line[] {
    return splitHardBreaks(spans).flatMap((segment) =>
      setParagraph(segment, { width, justify, lang: this.article.meta.lang, rtl: this.rtl, onMissing: this.warnMissing }),
    );
  }

  private readonly warnMissing = (character: string, place: Span['place'], offset: number) => {
    const code = [...character].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
    this.context.warn(`No font has ${code} ("${character}"); the PDF shows a placeholder box. Add a font that covers it`, {
      place: place ? { line: place.line, column: place.column + offset } : undefined,
      ruleId: 'pdf-missing-glyph',
    });
  };

  /** Called before a block's first line is drawn: lists set their label beside it. */
  protected beforeFirstLine(): void {}

  /** Sets styled text as a tagged block, keeping widows and orphans off page edges. */
  protected paragraph(spans: readonly Span[], type: string, parent: StructElement, options: BlockOptions = {}): void {
    const indent = options.indent ?? 0;
    const width = this.width - indent;
    const justify = options.justify ?? true;
    const lines = this.lines(spans, width, justify);
    if (lines.length === 0) return;
    const element = this.doc.struct(type, options.attributes ?? {});
    parent.add(element);
    const tagger = new BlockTagger(this.doc, element, type, this.article.meta.lang, () => this.writer.flush());
    const heights = lines.map((line) => Math.max(line.size, this.settings.baseSize * 0.5) * leading);
    // Orphans: never leave a single first line at the foot of a page; nor two lines the second of which ends on a hyphen.
    const orphan = this.y + (heights[0] ?? 0) + (lines.length > 1 ? (heights[1] ?? 0) : 0) > this.bottom;
    if ((orphan || this.hyphenEndsPage(lines, heights, 1, this.y + (heights[0] ?? 0))) && this.y > this.top) this.newPage();
    this.beforeFirstLine();
    lines.forEach((line, index) => {
      const height = heights[index] ?? 0;
      const next = heights[index + 1] ?? 0;
      // Widows: the last line never stands alone at the top of a page.
      const widow = lines.length >= 3 && index === lines.length - 2 && this.y + height + next > this.bottom;
      if (this.y + height > this.bottom || widow || (index >= 2 && this.hyphenEndsPage(lines, heights, index))) {
        tagger.close();
        this.newPage();
      }
      // Right-to-left articles indent from the right.
      this.drawLine(line, this.rtl ? this.left : this.left + indent, this.y, width, justify && !line.last, tagger);
      this.y += height;
    });
    tagger.end();
    this.y += options.spaceAfter ?? this.settings.baseSize * 0.6;
  }

  /** Whether the lines that would end this page from `index` on are all hyphenated: then they go over, so no page ends on a hyphen. */
  private hyphenEndsPage(lines: readonly Line[], heights: readonly number[], index: number, top = this.y): boolean {
    let y = top;
    let last = index - 1;
    while (last + 1 < lines.length && y + (heights[last + 1] ?? 0) <= this.bottom) y += heights[++last] ?? 0;
    if (last < index || last === lines.length - 1) return false;
    return lines.slice(index, last + 1).every((line) => line.hyphenated);
  }

  /** Draws a line's runs at their bidi-ordered places, tagging each, with links and strikes. */
  protected drawLine(line: Line, x: number, y: number, width: number, justify: boolean, tagger: BlockTagger): void {
    let gaps = 0;
    for (let index = 0; index < line.pieces.length - 1; index++) if ((line.pieces[index]?.space ?? 0) > 0) gaps++;
    const gap = justify && gaps > 0 ? (width - line.width) / gaps : 0;
    const baseline = y + line.size * 1.1;
    // Right-to-left articles set ragged lines flush right.
    const start = this.rtl && !justify ? x + width - line.width : x;
    const decorations: (() => void)[] = [];
    // One annotation per link and line, spanning all its runs there.
    const links = new Map<Anchor, { element: StructElement; left: number; right: number; size: number; text: string }>();
    for (const { run, x: offset } of placeRuns(line, gap)) {
      const link = tagger.enter(run);
      const runX = start + offset;
      const runWidth = run.shaped.width * run.size;
      this.writer.draw(run.font, run.size, run.shaped, runX, baseline - run.rise);
      if (run.strike) decorations.push(() => this.stroke(runX, baseline - run.size * 0.3, runWidth, run.size * 0.06));
      if (run.link && link) {
        const known = links.get(run.link);
        links.set(run.link, {
          element: link,
          text: `${known?.text ?? ''}${run.text}`,
          left: Math.min(known?.left ?? runX, runX),
          right: Math.max(known?.right ?? 0, runX + runWidth),
          size: Math.max(known?.size ?? 0, run.size),
        });
        decorations.push(() => this.stroke(runX, baseline + run.size * 0.12, runWidth, run.size * 0.04));
      }
    }
    this.writer.flush();
    tagger.close();
    for (const [anchor, { element, left, right, size, text }] of links) {
      // PDF/UA wants a description on each link annotation: its words, and where it goes.
      const options = { structParent: element, Contents: new String(`${text.trim()} (${anchor.href})`) };
      if (anchor.href.startsWith('#')) this.doc.goTo(left, baseline - size, right - left, size * 1.25, anchor.href.slice(1), options);
      else this.doc.link(left, baseline - size, right - left, size * 1.25, anchor.href, options as never);
    }
    if (decorations.length === 0) return;
    this.doc.markContent('Artifact', { type: 'Layout' });
    for (const decorate of decorations) decorate();
    this.doc.endMarkedContent();
  }

  private stroke(x: number, y: number, width: number, thickness: number): void {
    this.doc
      .moveTo(x, y)
      .lineTo(x + width, y)
      .lineWidth(thickness)
      .strokeColor('#333333')
      .stroke();
  }

  /** A horizontal rule across the measure, as an artifact. */
  protected rule(): void {
    this.doc.markContent('Artifact', { type: 'Layout' });
    this.doc
      .moveTo(this.left, this.y)
      .lineTo(this.left + this.width, this.y)
      .lineWidth(0.5)
      .strokeColor('#888888')
      .stroke();
    this.doc.endMarkedContent();
  }

  /** Untagged one-line text (page furniture), in the text face with fallbacks. */
  protected plainText(text: string, style: TextStyle, size: number, x: number, baseline: number): number {
    const lines = setParagraph([this.span(text, style, size)], {
      width: 10_000,
      justify: false,
      lang: this.article.meta.lang,
      rtl: this.rtl,
      onMissing: () => {},
    });
    const line = lines[0];
    if (!line) return 0;
    for (const { run, x: offset } of placeRuns(line, 0)) this.writer.draw(run.font, run.size, run.shaped, x + offset, baseline - run.rise);
    this.writer.flush();
    return line.width;
  }

  protected textWidth(text: string, style: TextStyle, size: number): number {
    const face = fontChain(style)[0] ?? 'serif-regular';
    return shape(face, text, false).width * size;
  }

  /** Page furniture on every page after the first: running head and "n / N", marked as artifacts. */
  private furniture(): void {
    const range = this.doc.bufferedPageRange();
    const size = this.settings.baseSize * 0.8;
    const title = this.article.meta.title;
    const shortTitle = title.length > 70 ? `${title.slice(0, 67).trimEnd()}…` : title;
    for (let index = range.start + 1; index < range.start + range.count; index++) {
      this.doc.switchToPage(index);
      this.doc.markContent('Artifact', { type: 'Pagination' });
      this.plainText(shortTitle, { ...regular, italic: true }, size, this.left, this.top - size * 1.6);
      const folio = `${index + 1} / ${range.count}`;
      this.plainText(folio, regular, size, this.left + (this.width - this.textWidth(folio, regular, size)) / 2, this.bottom + size * 2.6);
      this.doc.endMarkedContent();
    }
  }
}

/** Splits spans at hard line breaks; each segment is broken into lines on its own. */
function splitHardBreaks(spans: readonly Span[]): Span[][] {
  const segments: Span[][] = [[]];
  for (const span of spans) {
    if (span.text === '\n') segments.push([]);
    else segments.at(-1)?.push(segments.at(-1)?.length === 0 ? { ...span, text: span.text.trimStart() } : span);
  }
  return segments.filter((segment) => segment.some((span) => span.text.trim() !== ''));
}
