import type { Article, RenderContext } from '../../types.js';
import { articleLabels, type Labels } from '../common/labels.js';
import { isRightToLeft } from '../common/language.js';
import { fontChain, type TextStyle } from './fonts.js';
import { type MissingGlyph, type Span, setParagraph } from './layout.js';
import { infoOf, xmpOf } from './metadata.js';
import { DeferredForms, type StreamedDocument, streamedDocumentClass } from './output.js';
import { placeRuns } from './place.js';
import { shape } from './shape.js';
import type { StructElement, TaggedDocument } from './tagging.js';
import { GlyphWriter, type WritableDocument } from './writer.js';

export interface Settings {
  readonly pageSize: 'A4' | 'LETTER' | readonly [number, number];
  readonly margins: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
  readonly baseSize: number;
}

export const regular: TextStyle = { bold: false, italic: false, mono: false };

/**
 * The pages being set: the pdfkit document and its glyph writer, the frame
 * inside the margins, the cursor, the structure tree's root, and the page
 * furniture. Paragraphs, blocks and tables are set on it by their own modules.
 */
export class PdfPages {
  readonly doc: StreamedDocument<TaggedDocument & WritableDocument>;
  readonly writer: GlyphWriter;
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly width: number;
  /** The cursor: where the next line goes, from the top of the page. */
  y: number;
  readonly root: StructElement;
  readonly rtl: boolean;
  /** The words the edition sets, in the article's language. */
  readonly labels: Labels;
  /** Ids that already have a named destination (`#id` links land there). */
  readonly destinations = new Set<string>();
  /** Called before a block's first line is drawn: lists set their label beside it. */
  beforeFirstLine: () => void = () => {};
  /** Pages begun so far: the number of the page being set. */
  private pageNumber = 1;
  /** The folios, drawn once the page count is known. */
  private readonly folios: DeferredForms<number>;

  constructor(
    PDFDocument: typeof import('pdfkit'),
    readonly article: Article,
    readonly context: RenderContext,
    readonly settings: Settings,
  ) {
    const { meta } = article;
    this.rtl = isRightToLeft(meta.lang);
    this.labels = articleLabels(article, context);
    this.doc = new (streamedDocumentClass(PDFDocument))({
      size: settings.pageSize as string,
      margins: settings.margins,
      // Each page is written when the next one starts: "N" of the folios is drawn at the end, in form XObjects (`folios`).
      bufferPages: false,
      autoFirstPage: true,
      pdfVersion: '1.7',
      tagged: true,
      lang: meta.lang,
      displayTitle: true,
      subset: 'PDF/UA',
      // No default font: pdfkit would otherwise load Helvetica for nothing.
      font: null,
      info: infoOf(meta),
    } as unknown as PDFKit.PDFDocumentOptions) as StreamedDocument<TaggedDocument & WritableDocument>;
    this.writer = new GlyphWriter(this.doc);
    this.folios = new DeferredForms(this.doc);
    // pdfkit writes the Info values into XMP unescaped: this edition writes that part of the XMP itself.
    (this.doc as unknown as { _addInfo: () => void })._addInfo = () => {};
    this.doc.appendXML(xmpOf(meta));
    this.top = settings.margins.top;
    this.left = settings.margins.left;
    this.bottom = this.doc.page.height - settings.margins.bottom;
    this.width = this.doc.page.width - settings.margins.left - settings.margins.right;
    this.y = this.top;
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
  }

  finish(): Uint8Array {
    this.root.end();
    this.furniture();
    this.folios.drawAll(this.pageNumber);
    this.writer.completeSubsets();
    this.doc.end();
    return this.doc.bytes();
  }

  /** A character no font has: a placed warning, since the page shows a placeholder box. */
  readonly warnMissing = (character: string, place: Span['place'], offset: number) => {
    const code = [...character].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
    this.context.warn(`No font has ${code} ("${character}"); the PDF shows a placeholder box. Add a font that covers it`, {
      place: place ? { line: place.line, column: place.column + offset } : undefined,
      ruleId: 'pdf-missing-glyph',
    });
  };

  /** Ends the page (pdfkit writes it out) and starts the next. */
  newPage(): void {
    this.writer.flush();
    this.furniture();
    this.doc.addPage();
    this.pageNumber++;
    this.y = this.top;
  }

  stroke(x: number, y: number, width: number, thickness: number): void {
    this.doc
      .moveTo(x, y)
      .lineTo(x + width, y)
      .lineWidth(thickness)
      .strokeColor('#333333')
      .stroke();
  }

  /** A horizontal rule across the measure, as an artifact. */
  rule(): void {
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
  /** One line of unbroken text (furniture, code); `onMissing` hears of each character no font has. */
  plainText(text: string, style: TextStyle, size: number, x: number, baseline: number, onMissing: MissingGlyph = () => {}): number {
    const lines = setParagraph([{ text, style, size }], {
      width: 10_000,
      justify: false,
      lang: this.article.meta.lang,
      rtl: this.rtl,
      onMissing,
    });
    const line = lines[0];
    if (!line) return 0;
    for (const { run, x: offset } of placeRuns(line, 0)) this.writer.draw(run.font, run.size, run.shaped, x + offset, baseline - run.rise);
    this.writer.flush();
    return line.width;
  }

  textWidth(text: string, style: TextStyle, size: number): number {
    const face = fontChain(style)[0] ?? 'serif-regular';
    return shape(face, text, false).width * size;
  }

  /** Page furniture on every page after the first, drawn as the page ends: running head and "n / N", marked as artifacts. */
  private furniture(): void {
    const page = this.pageNumber;
    if (page === 1) return;
    const size = this.settings.baseSize * 0.8;
    const title = this.article.meta.title;
    const shortTitle = title.length > 70 ? `${title.slice(0, 67).trimEnd()}…` : title;
    this.doc.markContent('Artifact', { type: 'Pagination' });
    this.plainText(shortTitle, { ...regular, italic: true }, size, this.left, this.top - size * 1.6);
    this.folios.place((pages) => {
      const folio = this.labels.text('folio', { page: this.labels.number(page), pages: this.labels.number(pages) });
      this.plainText(folio, regular, size, this.left + (this.width - this.textWidth(folio, regular, size)) / 2, this.bottom + size * 2.6);
    });
    this.doc.endMarkedContent();
  }
}
