import type { Anchor, Run } from './layout.js';

/** pdfkit's structure API, which its type definitions lag behind. */
export interface StructElement {
  add(child: StructElement | object): StructElement;
  end(): void;
}

/** Sets a table cell's spans, which pdfkit's options do not: a row's cells and spans fill the table's columns (PDF/UA, Matterhorn 09-004). */
export function setCellSpans(element: object, colSpan: number, rowSpan: number): void {
  const data = (element as { dictionary: { data: Record<string, unknown> } }).dictionary.data;
  const spans = { ...(colSpan > 1 ? { ColSpan: colSpan } : {}), ...(rowSpan > 1 ? { RowSpan: rowSpan } : {}) };
  if (Object.keys(spans).length > 0) data.A = { ...((data.A as object | undefined) ?? {}), O: 'Table', ...spans };
}

/** Sets an element's ID, which pdfkit's options do not (PDF/UA asks one of every Note). */
export function setElementId(element: object, id: string): void {
  (element as { dictionary: { data: Record<string, unknown> } }).dictionary.data.ID = new String(id);
}

export type TaggedDocument = PDFKit.PDFDocument & {
  struct(type: string, options?: Record<string, unknown>): StructElement;
  addStructure(element: StructElement): unknown;
  markStructureContent(tag: string, options?: Record<string, unknown>): object;
  addNamedDestination(name: string, ...args: unknown[]): unknown;
  goTo(x: number, y: number, w: number, h: number, name: string, options?: Record<string, unknown>): unknown;
};

/** Scripts whose text gets a Lang of its own when the article is in another language. */
const scriptLanguages: readonly [RegExp, string][] = [
  [/\p{Script=Arabic}/u, 'ar'],
  [/\p{Script=Hebrew}/u, 'he'],
  [/\p{Script=Devanagari}/u, 'hi'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'ja'],
  [/\p{Script=Han}/u, 'zh'],
  [/\p{Script=Greek}/u, 'el'],
];

/** Latin, combining marks and general punctuation: none of the scripts above, and most runs. */
const latinOrPunctuation = /^[\t-\r\u0020-\u036f\u2000-\u206f]*$/;

/**
 * The language of a run, when it is surely not the article's: the language its
 * element gave, or that of its script (Cyrillic and Latin are left alone: too
 * many languages share them; Han in a Japanese article is Japanese kanji).
 */
export function runLanguage(text: string, articleLang: string, spanLang?: string): string | undefined {
  if (spanLang !== undefined) return primaryLanguage(spanLang) === primaryLanguage(articleLang) ? undefined : spanLang;
  if (latinOrPunctuation.test(text)) return undefined;
  const primary = primaryLanguage(articleLang);
  const found = scriptLanguages.find(([pattern]) => pattern.test(text))?.[1];
  return found && found !== primary && !(found === 'zh' && primary === 'ja') ? found : undefined;
}

/** Primary subtags by tag: asked twice for every run drawn, of the few tags of an article. */
const primaryLanguages = new Map<string, string | undefined>();

function primaryLanguage(tag: string): string | undefined {
  if (primaryLanguages.has(tag)) return primaryLanguages.get(tag);
  const primary = tag.split('-')[0]?.toLowerCase();
  if (primaryLanguages.size < 1000) primaryLanguages.set(tag, primary);
  return primary;
}

/**
 * Marks a block's content as it is drawn: the block's own text, a Link element
 * per `<a>` (one element however many lines it spans) and a Span with Lang for
 * text in another script. Opening a new section closes the previous one.
 */
export class BlockTagger {
  private readonly links = new Map<Anchor, StructElement>();
  private open: unknown;
  /** Strikes and link rules of the lines drawn so far: artifacts, drawn when the marked content closes, never inside it. */
  private decorations: (() => void)[] = [];

  constructor(
    private readonly doc: TaggedDocument,
    /** Absent for content drawn as an artifact (a repeated table header): nothing is tagged. */
    readonly element: StructElement | undefined,
    private readonly type: string,
    private readonly articleLang: string,
    /** Called before marked content opens or closes: the glyph writer ends its text object there. */
    private readonly beforeChange: () => void,
  ) {}

  /** Opens the marked content a run belongs to, unless it is already open; returns the Link element of a linked run. */
  enter(run: Run): StructElement | undefined {
    if (!this.element) return undefined;
    const lang = runLanguage(run.placeholderFor ?? run.text, this.articleLang, run.lang);
    // Reordered glyphs (Indic vowel signs) carry their text as ActualText, so extraction by position reads the source;
    // placeholder boxes carry the characters they stand for, so the text layer keeps every word.
    const actual = run.placeholderFor ?? (run.shaped.reordered ? run.text : undefined);
    // Right to left, a glyph carrying a letter and its mark (قُ) lists them in visual order, for pdftotext, which reorders
    // them by position: the run's Span element gives them in logical order, where pdftotext does not look.
    const logical = run.shaped.visualClusters && !run.link ? run.text : undefined;
    // Placeholder boxes are marked apart even in a link, so their ActualText covers them alone.
    const key = run.placeholderFor !== undefined ? run : (run.link ?? (actual || logical ? run : lang ? `lang:${lang}` : this.element));
    if (key === this.open) return run.link ? this.links.get(run.link) : undefined;
    this.beforeChange();
    this.close();
    this.open = key;
    const element = this.element;
    if (run.link) {
      let link = this.links.get(run.link);
      if (!link) {
        link = this.doc.struct('Link');
        element.add(link);
        this.links.set(run.link, link);
      }
      // Marked content carries ActualText only as a Span: placeholder boxes in a link are a Span inside it.
      if (run.placeholderFor !== undefined) this.span(link, lang, run.placeholderFor);
      else link.add(this.doc.markStructureContent('Link'));
      return link;
    }
    if (lang || actual || logical) {
      this.span(element, lang, actual, logical);
      return undefined;
    }
    element.add(this.doc.markStructureContent(this.type));
    return undefined;
  }

  /** A Span element around the run's marked content: `actual` is the marked content's ActualText, `logical` the element's only. */
  private span(parent: StructElement, lang: string | undefined, actual: string | undefined, logical?: string): void {
    const span = this.doc.struct('Span', { lang, actual: actual ?? logical });
    parent.add(span);
    span.add(this.doc.markStructureContent('Span', { lang, actual }));
    span.end();
  }

  /** Draws these (strikes, link rules, line-end hyphens) as an artifact once the marked content open now is closed. */
  decorate(decorations: readonly (() => void)[]): void {
    this.decorations.push(...decorations);
  }

  /** Closes the marked content (a block's lines share one sequence until a page or a Span ends it), then draws the decorations. */
  close(): void {
    this.beforeChange();
    if (this.open !== undefined) {
      this.doc.endMarkedContent();
      this.open = undefined;
    }
    if (this.decorations.length === 0) return;
    // Untagged content is drawn inside an artifact already; pdfkit would close that one to open this one.
    if (this.element) this.doc.markContent('Artifact', { type: 'Layout' });
    for (const decorate of this.decorations) decorate();
    // A line-end hyphen is a glyph: its text object ends inside the artifact.
    this.beforeChange();
    if (this.element) this.doc.endMarkedContent();
    this.decorations = [];
  }

  end(): void {
    this.close();
    for (const link of this.links.values()) link.end();
    this.element?.end();
  }
}
