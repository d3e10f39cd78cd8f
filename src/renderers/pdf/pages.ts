import type { ResolvedTheme, ThemeColors } from '../../config/theme.js';
import type { RenderContext } from '../../types.js';
import type { ConvertedArticle } from '../common/converted-images.js';
import { articleLabels, type Labels } from '../common/labels.js';
import { hasItalics, isRightToLeft } from '../common/language.js';
import { graphemesOf } from '../common/segments.js';
import { fontChain, type TextStyle, themeFaces } from './fonts.js';
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

/** Text whose average character, spaces and capitals included, stands for the body's: the measure counts such characters. */
const sample = 'The quick brown fox jumps over the lazy dog.';

/** The space between two columns, in body sizes. */
const gutter = 2;

/**
 * The pages being set: the pdfkit document and its glyph writer, the frame
 * inside the margins, the cursor, the structure tree's root, and the page
 * furniture. Paragraphs, blocks and tables are set on it by their own modules.
 */
export class PdfPages {
  readonly doc: StreamedDocument<TaggedDocument & WritableDocument>;
  readonly writer: GlyphWriter;
  /** The top of the current column: the margin, or on the first page of two columns the masthead's foot. */
  top: number;
  readonly bottom: number;
  /** The current column's left edge and width; the masthead sets across the whole text block. */
  left: number;
  width: number;
  /** The text block: one column, or two and the gutter, centred between the margins. */
  readonly block: { readonly left: number; readonly width: number };
  readonly columnWidth: number;
  /** The column the cursor is in, 0 or 1. */
  private column = 0;
  /** The text's style with the theme's faces: every block's style starts from it. */
  readonly regular: TextStyle;
  readonly colors: ThemeColors;
  /** The fill colour set on this page's content, when one was. */
  private fillColor: string | undefined;
  /** The cursor: where the next line goes, from the top of the page. */
  y: number;
  readonly root: StructElement;
  readonly rtl: boolean;
  /** The dek, captions, running head and pictures' stand-ins in italics: not in Chinese, Arabic… (`hasItalics`). */
  readonly italic: boolean;
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
    readonly article: ConvertedArticle,
    readonly context: RenderContext,
    readonly settings: Settings,
  ) {
    const { meta } = article;
    this.rtl = isRightToLeft(meta.lang);
    this.italic = hasItalics(meta.lang);
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
    const { theme } = context.config;
    this.regular = { bold: false, italic: false, mono: false, faces: themeFaces(theme.fonts) };
    this.colors = theme.colors.light;
    this.top = settings.margins.top;
    this.bottom = this.doc.page.height - settings.margins.bottom;
    const { columnWidth, ...block } = textBlockOf(this.doc.page.width, settings, theme);
    this.columnWidth = columnWidth;
    this.block = block;
    this.left = this.block.left;
    this.width = this.block.width;
    this.y = this.top;
    this.root = this.doc.struct('Document');
    this.doc.addStructure(this.root);
    this.pageStarted();
  }

  /** From here on the body flows in columns: below the masthead, which is set across the text block. */
  startColumns(): void {
    this.top = this.y;
    this.left = this.block.left;
    this.width = this.columnWidth;
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

  /** The next column: the second beside the first, else the first of a new page (the page ending is written out). */
  newPage(): void {
    this.writer.flush();
    for (const quote of this.quotes) this.quoteRule(quote);
    const twoColumns = this.columnWidth < this.block.width;
    if (twoColumns && this.column === 0 && this.width === this.columnWidth) {
      this.column = 1;
      this.left = this.block.left + this.block.width - this.columnWidth;
      this.y = this.top;
      for (const quote of this.quotes) quote.top = this.y;
      return;
    }
    this.furniture();
    this.doc.addPage();
    this.pageNumber++;
    this.top = this.settings.margins.top;
    this.y = this.top;
    for (const quote of this.quotes) quote.top = this.y;
    // One column keeps its frame, which a table may have widened; two start again in the first.
    if (twoColumns) {
      this.column = 0;
      this.left = this.block.left;
    }
    this.pageStarted();
  }

  /**
   * Sets a block of `width` (a table) wider than the one column, up to the whole
   * space between the margins, centred on the column; in two columns, in the column.
   */
  widened(width: number, set: () => void): void {
    const between = { left: this.settings.margins.left, width: this.doc.page.width - this.settings.margins.left - this.settings.margins.right };
    if (this.columnWidth < this.block.width || width <= this.width) {
      set();
      return;
    }
    const column = { left: this.left, width: this.width };
    this.width = Math.min(width, between.width);
    this.left = Math.min(Math.max(between.left, column.left + (column.width - this.width) / 2), between.left + between.width - this.width);
    set();
    this.left = column.left;
    this.width = column.width;
  }

  /** The block quotes being set, each with its rule's x from the column's start and where the rule starts in this column. */
  private readonly quotes: { x: number; top: number }[] = [];

  /** Starts a block quote's rule here, `x` from the column's start (its right edge in a right-to-left article). */
  openQuote(x: number): void {
    this.quotes.push({ x, top: this.y });
  }

  /** Draws the rule of the innermost quote, from where it started in this column to the last line. */
  closeQuote(): void {
    const quote = this.quotes.pop();
    if (quote) this.quoteRule(quote);
  }

  /** A quote's rule in this column, down to its last line: a quote across pages or columns has one in each. */
  private quoteRule({ x, top }: { x: number; top: number }): void {
    if (this.y <= top) return;
    const at = this.rtl ? this.left + this.width - x : this.left + x;
    this.doc.markContent('Artifact', { type: 'Layout' });
    this.doc
      .moveTo(at, top)
      .lineTo(at, this.y - this.settings.baseSize * 0.6)
      .lineWidth(1.5)
      .strokeColor(this.colors.muted)
      .stroke();
    this.doc.endMarkedContent();
  }

  /** A new page's content: its background, when the theme's is not white, and no fill colour set yet. */
  private pageStarted(): void {
    this.fillColor = undefined;
    if (isWhiteish(this.colors.background)) return;
    this.doc.markContent('Artifact', { type: 'Background' } as never);
    this.doc.rect(0, 0, this.doc.page.width, this.doc.page.height).fill(this.colors.background);
    this.doc.endMarkedContent();
  }

  /** Sets the colour of the text drawn next (the glyph writer's text so far keeps its own). */
  fill(color: string): void {
    if (this.fillColor === color) return;
    this.writer.flush();
    this.doc.fillColor(color);
    this.fillColor = color;
  }

  stroke(x: number, y: number, width: number, thickness: number, color = this.colors.text): void {
    this.doc
      .moveTo(x, y)
      .lineTo(x + width, y)
      .lineWidth(thickness)
      .strokeColor(color)
      .stroke();
  }

  /** A horizontal rule across the column, in the accent colour, as an artifact. */
  rule(): void {
    this.doc.markContent('Artifact', { type: 'Layout' });
    this.stroke(this.left, this.y, this.width, 0.5, this.colors.accent);
    this.doc.endMarkedContent();
  }

  /** One line of unbroken text (furniture, code, list labels), in the text colour unless said; `onMissing` hears of each character no font has. */
  plainText(
    text: string,
    style: TextStyle,
    size: number,
    x: number,
    baseline: number,
    {
      onMissing = () => {},
      color = this.colors.text,
      rtl = this.rtl,
      from = 'left',
    }: {
      onMissing?: MissingGlyph;
      color?: string;
      /** Code is left to right in any article. */
      rtl?: boolean;
      /** Which end of the text `x` is, or its middle. */
      from?: 'left' | 'right' | 'middle';
    } = {},
  ): number {
    const lines = setParagraph([{ text, style, size }], {
      width: 10_000,
      justify: false,
      lang: this.article.meta.lang,
      rtl,
      onMissing,
    });
    const line = lines[0];
    if (!line) return 0;
    this.fill(color);
    const left = from === 'left' ? x : from === 'right' ? x - line.width : x - line.width / 2;
    for (const { run, x: offset } of placeRuns(line, 0)) this.writer.draw(run.font, run.size, run.shaped, left + offset, baseline - run.rise);
    this.writer.flush();
    return line.width;
  }

  /**
   * Page furniture on every page after the first, as the theme asks, drawn as the page ends: running head and
   * folio, in the muted colour, marked as artifacts. "N" of "n / N" is drawn at the end, in a form (`folios`).
   */
  private furniture(): void {
    const page = this.pageNumber;
    if (page === 1) return;
    const { runningHead, folio, name } = this.context.config.theme;
    const size = this.settings.baseSize * 0.8;
    const head = runningHead === 'publisher' ? (name ?? '') : runningHead === 'title' ? this.article.meta.title : '';
    // Cut between grapheme clusters: a cut inside an emoji or a surrogate pair drew a box.
    const graphemes = [...graphemesOf(head)];
    const shortHead = graphemes.length > 70 ? `${graphemes.slice(0, 67).join('').trimEnd()}…` : head;
    const muted = { color: this.colors.muted };
    this.doc.markContent('Artifact', { type: 'Pagination' });
    // At the start of the line: the right margin in a right-to-left article.
    const headX = this.rtl ? this.block.left + this.block.width : this.block.left;
    if (shortHead)
      this.plainText(shortHead, { ...this.regular, italic: this.italic }, size, headX, this.settings.margins.top - size * 1.6, {
        ...muted,
        from: this.rtl ? 'right' : 'left',
      });
    // Centred by the width it is set at: Persian digits are set in the Arabic face, and measured in the body's the folio was 1.4 pt off.
    const drawFolio = (text: string) =>
      this.plainText(text, this.regular, size, this.block.left + this.block.width / 2, this.bottom + size * 2.6, { ...muted, from: 'middle' });
    if (folio === 'page') drawFolio(this.labels.number(page));
    if (folio === 'page-of-pages') {
      this.folios.place((pages) => {
        // A form has a graphics state of its own: its colour is set afresh.
        this.fillColor = undefined;
        drawFolio(this.labels.text('folio', { page: this.labels.number(page), pages: this.labels.number(pages) }));
      });
    }
    this.doc.endMarkedContent();
  }
}

/**
 * The text block of a page `pageWidth` wide: one column, or two and the gutter, centred between the margins. A column
 * is `measure` characters of the theme's body face, each as wide as the average character of `sample` (its width / its
 * 44 characters) at the body size; two columns and their gutter, or one, no wider than the space between the margins.
 */
export function textBlockOf(
  pageWidth: number,
  { margins, baseSize }: Settings,
  theme: Pick<ResolvedTheme, 'fonts' | 'measure' | 'columns'>,
): { readonly left: number; readonly width: number; readonly columnWidth: number } {
  const regular = { bold: false, italic: false, mono: false, faces: themeFaces(theme.fonts) };
  const averageCharacter = textWidth(sample, regular, baseSize) / [...sample].length;
  const available = pageWidth - margins.left - margins.right;
  const columnWidth = Math.min(theme.measure * averageCharacter, (available - (theme.columns - 1) * gutter * baseSize) / theme.columns);
  const width = theme.columns === 2 ? columnWidth * 2 + gutter * baseSize : columnWidth;
  return { left: margins.left + (available - width) / 2, width, columnWidth };
}

/** The width of one line of `text` in the first face of the style's chain. */
export function textWidth(text: string, style: TextStyle, size: number): number {
  const face = fontChain(style)[0] ?? 'serif-regular';
  return shape(face, text, false).width * size;
}

/** A background light enough to be the paper's: every channel at least 0xf0. */
function isWhiteish(color: string): boolean {
  return [1, 3, 5].every((at) => Number.parseInt(color.slice(at, at + 2), 16) >= 0xf0);
}
