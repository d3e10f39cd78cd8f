import type { Alignment } from '../common/hast.js';
import type { TextStyle } from './fonts.js';
import { type Anchor, type Line, type Piece, type Run, type Span, setParagraph } from './layout.js';
import type { PdfPages } from './pages.js';
import { placeRuns } from './place.js';
import { shape } from './shape.js';
import { BlockTagger, type StructElement } from './tagging.js';

/** Line height, as a multiple of the text size. */
export const leading = 1.45;

export interface BlockOptions {
  readonly indent?: number;
  readonly justify?: boolean;
  readonly spaceAfter?: number;
  /** Struct attributes of the block (e.g. Lang). */
  readonly attributes?: Record<string, unknown>;
  /** The text's colour: the theme's text colour unless said (muted for captions and the dateline). */
  readonly color?: string;
  /** Set flush left, flush right or centred (raw HTML's `align`, as CSS), instead of justified. */
  readonly align?: Alignment;
}

export function span(text: string, style: TextStyle, size: number, extra: Partial<Span> = {}): Span {
  return { text, style, size, ...extra };
}

/** The spans broken into lines of `width`, hard breaks kept. */
export function breakLines(page: PdfPages, spans: readonly Span[], width: number, justify: boolean): Line[] {
  return splitHardBreaks(spans).flatMap((segment) =>
    setParagraph(segment, { width, justify, lang: page.article.meta.lang, rtl: page.rtl, onMissing: page.warnMissing }),
  );
}

/** The lines a block of styled text is set in, as `paragraph` breaks them: a block that must stay beside another measures them first. */
export function blockLines(page: PdfPages, spans: readonly Span[], options: BlockOptions = {}): Line[] {
  return breakLines(page, spans, page.width - (options.indent ?? 0), !options.align && (options.justify ?? true));
}

/** The height lines take on the page. */
export function linesHeight(page: PdfPages, lines: readonly Line[]): number {
  return lines.reduce((sum, line) => sum + lineHeight(page, line), 0);
}

function lineHeight(page: PdfPages, line: Line): number {
  return Math.max(line.size, page.settings.baseSize * 0.5) * leading;
}

/** Sets styled text (or the lines `blockLines` broke it into) as a tagged block, keeping widows and orphans off page edges. */
export function paragraph(
  page: PdfPages,
  text: readonly Span[] | { readonly lines: readonly Line[] },
  type: string,
  parent: StructElement,
  options: BlockOptions = {},
): void {
  const indent = options.indent ?? 0;
  const width = page.width - indent;
  const { align } = options;
  const justify = !align && (options.justify ?? true);
  const lines = 'lines' in text ? text.lines : blockLines(page, text, options);
  if (lines.length === 0) return;
  const element = page.doc.struct(type, options.attributes ?? {});
  parent.add(element);
  const tagger = new BlockTagger(page.doc, element, type, page.article.meta.lang, () => page.writer.flush());
  const heights = lines.map((line) => lineHeight(page, line));
  // Orphans: never leave a single first line at the foot of a page, nor one the widow rule leaves there (a paragraph of
  // three lines, two of which fit, whose last two go over); nor two lines the second of which ends on a hyphen.
  const orphan =
    page.y + (heights[0] ?? 0) + (lines.length > 1 ? (heights[1] ?? 0) : 0) > page.bottom || pageBreaks(lines, heights, page.y, page.top, page.bottom).has(1);
  if ((orphan || hyphenEndsPage(page, lines, heights, 1, page.y + (heights[0] ?? 0))) && page.y > page.top) page.newPage();
  page.beforeFirstLine();
  const breaks = pageBreaks(lines, heights, page.y, page.top, page.bottom);
  lines.forEach((line, index) => {
    if (breaks.has(index)) {
      tagger.close();
      page.newPage();
    }
    // Right-to-left articles indent from the right.
    const x = page.rtl ? page.left : page.left + indent;
    if (align) {
      const slack = width - line.width;
      drawLine(page, line, x + (align === 'right' ? slack : align === 'center' ? slack / 2 : 0), page.y, line.width, false, tagger, options.color);
    } else {
      // A last line is not stretched; but one the breaker set tight, its spaces shrunk as any line's may be, is drawn so:
      // at its natural width it ran past the measure ("defined." 10 pt into the margin).
      drawLine(page, line, x, page.y, width, justify && (!line.last || line.width > width), tagger, options.color);
    }
    page.y += heights[index] ?? 0;
  });
  tagger.end();
  page.y += options.spaceAfter ?? page.settings.baseSize * 0.6;
}

/** Whether the lines that would end this page from `index` on are all hyphenated: then they go over, so no page ends on a hyphen. */
function hyphenEndsPage(page: PdfPages, lines: readonly Line[], heights: readonly number[], index: number, top: number): boolean {
  let y = top;
  let last = index - 1;
  while (last + 1 < lines.length && y + (heights[last + 1] ?? 0) <= page.bottom) y += heights[++last] ?? 0;
  if (last < index || last === lines.length - 1) return false;
  return lines.slice(index, last + 1).every((line) => line.hyphenated);
}

/**
 * The lines a new page starts at, for lines set from `y` down: at the foot of each page, no widow (the last line
 * alone at the next page's top), and no hyphen: the hyphenated lines before a break go over too, while two stay.
 * A page that ended on a hyphen made pdftotext read the running head inside the broken word.
 */
export function pageBreaks(lines: readonly Line[], heights: readonly number[], y: number, top: number, bottom: number): Set<number> {
  const breaks = new Set<number>();
  let first = 0;
  for (let index = 0; index < lines.length; index++) {
    const height = heights[index] ?? 0;
    const widow = lines.length >= 3 && index === lines.length - 2 && y + height + (heights[index + 1] ?? 0) > bottom;
    if (index > first && (y + height > bottom || widow)) {
      let at = index;
      while (at - first > 2 && lines[at - 1]?.hyphenated) at--;
      breaks.add(at);
      first = at;
      index = at - 1;
      y = top;
      continue;
    }
    y += height;
  }
  return breaks;
}

/** Draws a line's runs at their bidi-ordered places, tagging each, with links and strikes. */
export function drawLine(
  page: PdfPages,
  line: Line,
  x: number,
  y: number,
  width: number,
  justify: boolean,
  tagger: BlockTagger,
  color = page.colors.text,
): void {
  let gaps = 0;
  // Only spaces shrink: Chinese and Japanese characters spread apart, but never closer than they are set.
  const spreading = width > line.width;
  for (let index = 0; index < line.pieces.length - 1; index++) {
    const piece = line.pieces[index] as Piece;
    if (piece.space > 0 || (spreading && piece.interCharacter)) gaps++;
  }
  const gap = justify && gaps > 0 ? (width - line.width) / gaps : 0;
  const baseline = y + line.size * 1.1;
  // Right-to-left articles set ragged lines flush right.
  const start = page.rtl && !justify ? x + width - line.width : x;
  const decorations: (() => void)[] = [];
  // One annotation per link and line, spanning all its runs there (made for the lines that have a link).
  let links: Map<Anchor, { element: StructElement; left: number; right: number; size: number; text: string }> | undefined;
  const placed = placeRuns(line, gap);
  // Highlights go under the glyphs, so they are drawn first, as an artifact of their own.
  // Made only for a line that has one: drawLine runs for every line of every PDF.
  let highlights: (() => void)[] | undefined;
  for (const { run, x: offset } of placed) {
    if (!run.mark) continue;
    highlights ??= [];
    highlights.push(strokeLater(page, start + offset, baseline - run.size * 0.3, run.shaped.width * run.size, run.size * 1.1, highlight));
  }
  if (highlights) {
    tagger.decorate(highlights);
    tagger.close();
  }
  for (const { run, x: offset, trimmed } of placed) {
    const runX = start + offset;
    const runWidth = run.shaped.width * run.size;
    // Highlighted text is dark on its yellow band, as browsers set <mark>, whatever the theme's text colour.
    const runColor = run.link ? page.colors.accent : run.mark ? markText : color;
    if (run.lineEndHyphen) {
      decorations.push(glyphsLater(page, run, runColor, runX, baseline - run.rise));
      if (run.link) decorations.push(strokeLater(page, runX, baseline + run.size * 0.12, runWidth, run.size * 0.04, page.colors.accent));
      continue;
    }
    const link = tagger.enter(run);
    page.fill(runColor);
    page.writer.draw(run.font, run.size, run.shaped, runX, baseline - run.rise);
    if (trimmed) {
      // The space the line broke at, drawn (it has no ink) where the run ends in reading order: read through the
      // structure, one marked-content sequence holds the paragraph's lines, and their words need the space between them.
      const rtl = run.level % 2 === 1;
      const space = shape(run.font, ' ', rtl);
      page.writer.draw(run.font, run.size, space, rtl ? runX - space.width * run.size : runX + runWidth, baseline - run.rise);
    }
    // Rules follow a raised or lowered run: a strike through its middle, an underline under a subscript, not through it.
    const underline = baseline + Math.max(0, -run.rise) + run.size * 0.12;
    if (run.strike) decorations.push(strokeLater(page, runX, baseline - run.rise - run.size * 0.3, runWidth, run.size * 0.06, color));
    // A link is underlined already, in its accent colour.
    if (run.underline && !run.link) decorations.push(strokeLater(page, runX, underline, runWidth, run.size * 0.04, color));
    if (run.link && link) {
      links ??= new Map();
      const known = links.get(run.link);
      links.set(run.link, {
        element: link,
        text: `${known?.text ?? ''}${run.text}`,
        left: Math.min(known?.left ?? runX, runX),
        right: Math.max(known?.right ?? 0, runX + runWidth),
        size: Math.max(known?.size ?? 0, run.size),
      });
      decorations.push(strokeLater(page, runX, underline, runWidth, run.size * 0.04, page.colors.accent));
    }
  }
  for (const [anchor, { element, left, right, size, text }] of links ?? []) {
    // PDF/UA wants a description on each link annotation: its words, and where it goes.
    const options = { structParent: element, Contents: new String(`${text.trim()} (${anchor.href})`) };
    if (anchor.href.startsWith('#')) page.doc.goTo(left, baseline - size, right - left, size * 1.25, destinationOf(anchor.href), options);
    else page.doc.link(left, baseline - size, right - left, size * 1.25, anchor.href, options as never);
  }
  if (decorations.length > 0) tagger.decorate(decorations);
}

/** The colour of highlighted text (`<mark>`): the yellow browsers give it, under the text's own colour. */
const highlight = '#ffff00';
/** Highlighted text's colour: a theme's light text on the yellow band was unreadable (1.1:1). */
const markText = '#000000';

/*
 * Decorations are made by these rather than by closures in `drawLine`'s loop: a closure there gave every run drawn a
 * context object of its own, decorated or not.
 */
function glyphsLater(page: PdfPages, run: Run, color: string, x: number, baseline: number): () => void {
  return () => {
    page.fill(color);
    page.writer.draw(run.font, run.size, run.shaped, x, baseline);
  };
}

function strokeLater(page: PdfPages, x: number, y: number, width: number, thickness: number, color: string): () => void {
  return () => page.stroke(x, y, width, thickness, color);
}

/** Splits spans at hard line breaks; each segment is broken into lines on its own. */
function splitHardBreaks(spans: readonly Span[]): Span[][] {
  const segments: Span[][] = [[]];
  for (const span of spans) {
    // The segment ends in a space, drawn at its last line's end: read through the structure, the break separates words.
    if (span.text === '\n') {
      segments.at(-1)?.push({ ...span, text: ' ' });
      segments.push([]);
    } else segments.at(-1)?.push(segments.at(-1)?.length === 0 ? { ...span, text: span.text.trimStart() } : span);
  }
  return segments.filter((segment) => segment.some((span) => span.text.trim() !== ''));
}

/**
 * The named destination an in-page link (`#…`) goes to: its fragment decoded, as the id it names is written (a
 * Chinese heading's link is percent-encoded, its destination's name is not).
 */
export function destinationOf(href: string): string {
  try {
    return decodeURIComponent(href.slice(1));
  } catch {
    return href.slice(1);
  }
}
