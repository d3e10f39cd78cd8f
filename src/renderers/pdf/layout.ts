import { createRequire } from 'node:module';
import type { Bidi } from 'bidi-js';
import { breakOpportunities, graphemesOf } from '../common/segments.js';
import { BoundedCache } from './bounded.js';
import { coversText, type FontKey, fontChain, fontFor, hanAndKana, placeholder, styleKey, type TextStyle } from './fonts.js';
import { hyphenationPoints } from './hyphenate.js';
import { breakParagraph, forcedBreak, ItemTable } from './linebreak.js';
import { type ShapedRun, shape } from './shape.js';

// bidi-js is CommonJS whose module.exports is the factory; its types declare an ES default export.
const bidi = (createRequire(import.meta.url)('bidi-js') as () => Bidi)();

/** One `<a>` of the article: every run of its text points to the same anchor. */
export interface Anchor {
  readonly href: string;
}

/** Inline text with one style, as collected from the article tree. */
export interface Span {
  readonly text: string;
  readonly style: TextStyle;
  readonly size: number;
  readonly link?: Anchor;
  /** Raise (superscript) or lower the baseline, in points. */
  readonly rise?: number;
  readonly strike?: boolean;
  /** Inserted (`<ins>`) or underlined (`<u>`) text: a rule under it. */
  readonly underline?: boolean;
  /** Highlighted text (`<mark>`): a band of colour behind it. */
  readonly mark?: boolean;
  /** Where the text starts in the article, for warnings about characters no font has. */
  readonly place?: { readonly line: number; readonly column: number };
  /** BCP 47 tag of the text when it is not the article's (an element's `lang` attribute): chooses its fonts and its tagged Lang. */
  readonly lang?: string;
}

/** Text in a single font, style and direction. */
export interface Run {
  readonly text: string;
  readonly font: FontKey;
  readonly size: number;
  readonly shaped: ShapedRun;
  /** Bidi embedding level: odd is right to left. */
  readonly level: number;
  readonly link?: Anchor;
  readonly rise: number;
  readonly strike: boolean;
  readonly underline?: boolean;
  readonly mark?: boolean;
  /**
   * The hyphen the layout adds where it breaks a word: drawn as an artifact, outside the paragraph's marked content,
   * so text read through the structure tree gives the word whole ("Opposition"), with no ActualText needed.
   */
  readonly lineEndHyphen?: boolean;
  /** Placeholder boxes for characters no font has: the characters they stand for, the run's ActualText. */
  readonly placeholderFor?: string;
  /** The language of the span the run comes from, when it is not the article's. */
  readonly lang?: string;
}

/** What may end a line: a word (or part of one) and its trailing spaces. */
export interface Piece {
  readonly runs: readonly Run[];
  /** Width without trailing spaces. */
  readonly width: number;
  /** Width of the trailing spaces; they stretch when the line is justified. */
  readonly space: number;
  /** The piece is the first part of a hyphenated word. */
  readonly hyphenAfter: boolean;
  /** The piece is the first part of a word wider than the measure, split between graphemes: it starts a line. */
  readonly startsLine: boolean;
  /** No space follows, but Chinese or Japanese text meets the next piece here: a justified line spreads between the characters. */
  readonly interCharacter?: boolean;
}

export interface Line {
  readonly pieces: readonly Piece[];
  /** Natural width, without the last piece's trailing spaces, with its hyphen. */
  readonly width: number;
  /** How much each space stretches (+) or shrinks (−), as a fraction of its stretch or shrink. */
  readonly ratio: number;
  readonly hyphenated: boolean;
  /** The paragraph's (or hard-broken segment's) last line, or the line before a word wider than the measure: never justified. */
  readonly last: boolean;
  /** Tallest font size on the line. */
  readonly size: number;
}

export type MissingGlyph = (character: string, place: Span['place'], offset: number) => void;

export interface ParagraphOptions {
  readonly width: number;
  readonly justify: boolean;
  /** BCP 47 tag of the article: chooses hyphenation patterns and the base direction. */
  readonly lang: string;
  readonly rtl: boolean;
  readonly onMissing: MissingGlyph;
}

const whitespace = /^\s+$/;
/** Right-to-left letters and digits (Hebrew, Arabic, Syriac, Thaana, NKo… and their presentation forms) and the bidi controls. */
const rightToLeft = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u202a-\u202e\u2066-\u2069\u{10800}-\u{10fff}\u{1e800}-\u{1efff}]/u;

/** Sets styled text into lines: UAX #14 break opportunities, hyphenation, Knuth–Plass breaking. */
export function setParagraph(spans: readonly Span[], options: ParagraphOptions): Line[] {
  const key = paragraphKey(spans, options);
  let cached = paragraphs.get(key);
  if (!cached) {
    const missing: Parameters<MissingGlyph>[] = [];
    const lines = setParagraphUncached(spans, { ...options, onMissing: (...call) => missing.push(call) });
    cached = { lines, missing, anchors: anchorsOf(spans) };
    paragraphs.set(key, cached);
  }
  // Warnings belong to each document: replay them on every use of the cached lines.
  for (const call of cached.missing) options.onMissing(...call);
  return rebind(cached.lines, cached.anchors, anchorsOf(spans));
}

/** What text asks of the measure it is set in: its width on one line and that of its widest word. */
export interface TextExtent {
  readonly width: number;
  /** The widest text between two break opportunities (UAX #14), without its trailing spaces: no line breaks inside it but at a hyphen. */
  readonly widestWord: number;
}

/** The extent of spans set left to right, each character in the font of the chain that sets it (Han, emoji, Arabic…), as lines are set. */
export function measureSpans(spans: readonly Span[], lang: string): TextExtent {
  const text = spans.map((span) => span.text).join('');
  const levels = rightToLeft.test(text) ? bidi.getEmbeddingLevels(text, 'ltr').levels : new Uint8Array(text.length);
  // Measuring warns of nothing: a character no font has is reported where its lines are set.
  const options = { width: Number.POSITIVE_INFINITY, justify: false, lang, rtl: false, onMissing: () => {} };
  let width = 0;
  let widestWord = 0;
  for (const word of wordsOf(spans, text, levels, options)) {
    const piece = pieceOf(word.runs, false);
    width += piece.width + piece.space;
    widestWord = Math.max(widestWord, piece.width);
  }
  return { width, widestWord };
}

/** Lines of paragraphs already set in this process, by their text, styles and measure: a warm process sets an unchanged paragraph once. */
// 100,000 characters of keys (a 30-page article): the live heap of a PDF thread after 300 of the largest READMEs was 70 MB at 300,000 and 59 MB at 100,000 (128 MB unbounded).
const paragraphs = new BoundedCache<{ lines: Line[]; missing: Parameters<MissingGlyph>[]; anchors: Anchor[] }>(100_000);

/** The links of a paragraph, each once, in order: two links to one address are still two links. */
function anchorsOf(spans: readonly Span[]): Anchor[] {
  const anchors: Anchor[] = [];
  for (const span of spans) if (span.link && !anchors.includes(span.link)) anchors.push(span.link);
  return anchors;
}

function paragraphKey(spans: readonly Span[], options: ParagraphOptions): string {
  const parts = spans.map(
    (span) =>
      `${span.text}\u0001${styleKey(span.style)}\u0001${span.size}\u0001${span.rise ?? 0}\u0001${+(span.strike ?? false)}${span.underline ? '_' : ''}${span.mark ? '=' : ''}\u0001${span.link?.href ?? ''}\u0001${span.place?.line ?? ''}:${span.place?.column ?? ''}\u0001${span.lang ?? ''}`,
  );
  return `${options.width}\u0002${+options.justify}\u0002${options.lang}\u0002${+options.rtl}\u0002${parts.join('\u0002')}`;
}

/** Cached lines point to the anchors of the spans they were set from: point them to this document's anchors, link by link. */
function rebind(lines: Line[], from: readonly Anchor[], to: readonly Anchor[]): Line[] {
  if (from.length === 0 || from.every((anchor, index) => anchor === to[index])) return lines;
  const anchors = new Map(from.map((anchor, index) => [anchor, to[index] ?? anchor]));
  return lines.map((line) => ({
    ...line,
    pieces: line.pieces.map((piece) => ({
      ...piece,
      runs: piece.runs.map((run) => (run.link ? { ...run, link: anchors.get(run.link) ?? run.link } : run)),
    })),
  }));
}

/**
 * Sets a paragraph as TeX does: first without hyphenation, and only when that
 * leaves a line too loose (or, ragged, too short) again with it. Most
 * paragraphs need no hyphen, and hyphenating every word cost a third of a PDF's
 * time.
 */
function setParagraphUncached(spans: readonly Span[], options: ParagraphOptions): Line[] {
  const text = spans.map((span) => span.text).join('');
  if (text.trim() === '') return [];
  // Left-to-right text with no right-to-left character nor bidi control is all at level 0: no need to run the algorithm.
  const levels = options.rtl || rightToLeft.test(text) ? bidi.getEmbeddingLevels(text, options.rtl ? 'rtl' : 'ltr').levels : new Uint8Array(text.length);
  const words = wordsOf(spans, text, levels, options);
  // Justified, the first pass takes only lines whose spaces stretch within their limits; ragged, lines four-fifths full.
  // A word of the language wider than the measure (a table's narrow column) is hyphenated, not cut anywhere.
  const { pieces, cutWord } = piecesOf(words, options, false);
  const plain = cutWord ? undefined : linesOf(pieces, options, options.justify ? 1 : undefined);
  const goodEnough = plain?.every((line) => line.last || options.justify || line.width >= options.width * 0.8);
  // A headline or a heading is not hyphenated to fill its ragged lines: "con-tact" in a title reads as a typo.
  const heading = spans.every((span) => span.style.headline === true);
  return plain && (goodEnough || heading) ? plain : (linesOf(piecesOf(words, options, true).pieces, options) ?? []);
}

/** The pieces broken into lines; with a tolerance, undefined when no set of lines that loose fits. */
function linesOf(pieces: Piece[], options: ParagraphOptions, tolerance?: number): Line[] | undefined {
  // Item by item, the piece whose box comes before it (-1 for a box): breaks are at glue and penalties.
  const pieceBefore: number[] = [];
  items.clear();
  pieces.forEach((piece, index) => {
    items.box(piece.width);
    pieceBefore.push(-1, index);
    if (index === pieces.length - 1) return;
    // The line before a word too wide for any line ends there, unstretched, as before a hard break: breaking there as
    // at any space, total-fit stretched it to the measure, or (cheaper) set the words before the long one a line each.
    if (pieces[index + 1]?.startsLine) items.penalty(piece.hyphenAfter ? hyphenWidth(piece) : 0, forcedBreak, false);
    else if (piece.space > 0) items.glue(piece.space, piece.space * 0.6, piece.space * 0.3);
    else if (piece.interCharacter) items.glue(0, interCharacterStretch * (piece.runs.at(-1)?.size ?? 0), 0);
    else if (piece.hyphenAfter) items.penalty(hyphenWidth(piece), 50, true);
    else items.penalty(0, 0, false);
  });
  items.penalty(0, forcedBreak, false);
  const found = breakParagraph(items, options.width, { ragged: !options.justify, tolerance });
  if (found.length === 0 && tolerance !== undefined) return undefined;
  // Never lose text: should no break set fit (a box a hair wider than the measure), every piece gets a line.
  const breaks = found.length > 0 ? found : pieces.map((_, index) => ({ at: 2 * index + 1, ratio: 0 }));
  const lines: Line[] = [];
  let start = 0;
  for (const { at, ratio } of breaks) {
    const end = (pieceBefore[at] ?? pieces.length - 1) + 1;
    const linePieces = pieces.slice(start, end);
    const last = linePieces.at(-1);
    const hyphenated = last?.hyphenAfter === true && end < pieces.length;
    const width =
      linePieces.reduce((sum, piece, index) => sum + piece.width + (index < linePieces.length - 1 ? piece.space : 0), 0) +
      (hyphenated && last ? hyphenWidth(last) : 0);
    const size = largestSize(linePieces);
    lines.push({
      pieces: hyphenated && last ? [...linePieces.slice(0, -1), withHyphen(last)] : linePieces,
      width,
      ratio,
      hyphenated,
      last: end >= pieces.length || pieces[end]?.startsLine === true,
      size,
    });
    start = end;
  }
  return lines;
}

/**
 * How far the gap between two Chinese or Japanese characters may stretch, in ems: as far as a space does (0.6 of a
 * quarter em), so a line mixing both spreads its gaps alike, as drawLine does. They never shrink: the characters would touch.
 */
const interCharacterStretch = 0.15;

/** The breaker's items, filled anew for each paragraph and pass (setting a paragraph is synchronous). */
const items = new ItemTable();

/**
 * The largest font size of the pieces' runs, 0 for none: by a loop, where `Math.max(0, ...flatMap)` made two arrays
 * a line and spread them as arguments (a tenth of the long-form fixture's line breaking in its CPU profile).
 */
function largestSize(pieces: readonly Piece[]): number {
  let size = 0;
  for (const piece of pieces) for (const run of piece.runs) if (run.size > size) size = run.size;
  return size;
}

/**
 * The hyphen drawn where a line breaks inside the piece's word, in the face and size of the piece's last run: the
 * breaker measured it in the paragraph's last span, and a paragraph ending in a footnote's smaller number had its
 * hyphens drawn 1 pt past the measure. A hyphen-minus: pdftotext, which reads the page, joins the word's halves again.
 */
function hyphenAfter(piece: Piece): Run | undefined {
  const last = piece.runs.at(-1);
  if (!last) return undefined;
  return {
    text: '-',
    font: last.font,
    size: last.size,
    shaped: shape(last.font, '-', false),
    level: 0,
    rise: 0,
    strike: false,
    lineEndHyphen: true,
    link: last.link,
  };
}

/** The width of that hyphen, measured without making its run: the breaker asks it at every hyphenation point. */
function hyphenWidth(piece: Piece): number {
  const last = piece.runs.at(-1);
  return last ? shape(last.font, '-', false).width * last.size : 0;
}

function withHyphen(piece: Piece): Piece {
  const hyphen = hyphenAfter(piece);
  return hyphen ? { ...piece, runs: [...piece.runs, hyphen] } : piece;
}

/** The text between two Unicode line-break opportunities (UAX #14), as runs, and whether it is a whole word that may be hyphenated. */
interface Word {
  readonly runs: Run[];
  /** A word of the language, not part of an address or a compound: hyphenated when it is wider than the measure. */
  readonly whole: boolean;
  /** A whole word but the paragraph's last: hyphenated where the lines need it. */
  readonly hyphenable: boolean;
}

function wordsOf(spans: readonly Span[], text: string, levels: Uint8Array, options: ParagraphOptions): Word[] {
  const words: Word[] = [];
  let position = 0;
  const opportunities = breakOpportunities(text);
  // The first span that reaches past `position`, and where it starts: words and spans both go forward.
  let first = 0;
  let firstStart = 0;
  opportunities.forEach((pieceText, pieceIndex) => {
    const runs: Run[] = [];
    const pieceEnd = position + pieceText.length;
    while (first < spans.length && firstStart + (spans[first]?.text.length ?? 0) <= position) {
      firstStart += spans[first]?.text.length ?? 0;
      first++;
    }
    for (let index = first, start = firstStart; index < spans.length && start < pieceEnd; index++) {
      const span = spans[index] as Span;
      const end = start + span.text.length;
      const from = Math.max(start, position);
      const to = Math.min(end, pieceEnd);
      if (from < to) runs.push(...runsOf(span, text, from, to, from - start, levels, options));
      start = end;
    }
    position = pieceEnd;
    // Only whole words are hyphenated: not parts of URLs, paths or compounds, nor the last word of the paragraph unless it is wider than the measure.
    const whole = (pieceIndex === 0 || /\s$/.test(opportunities[pieceIndex - 1] ?? '')) && !/[/@:.=_]\S/.test(pieceText);
    words.push({ runs, whole, hyphenable: whole && pieceIndex < opportunities.length - 1 });
  });
  return words;
}

/** The words as pieces that may end a line: split at hyphenation points when asked, and split wherever one is wider than the measure. */
function piecesOf(words: readonly Word[], options: ParagraphOptions, hyphenation: boolean): { pieces: Piece[]; cutWord: boolean } {
  const pieces: Piece[] = [];
  let cutWord = false;
  const add = (piece: Piece, hyphenable: boolean) => {
    if (piece.width <= options.width) pieces.push(piece);
    else {
      pieces.push(...splitWide(piece, options.width));
      cutWord ||= hyphenable;
    }
  };
  const hyphenated = (word: Word) => {
    for (const part of hyphenate(word.runs, options.lang)) add(part, true);
  };
  for (const word of words) {
    if (hyphenation && word.hyphenable) hyphenated(word);
    else {
      const piece = pieceOf(word.runs, false);
      if (hyphenation && word.whole && piece.width > options.width) hyphenated(word);
      else add(piece, word.whole);
    }
  }
  if (options.justify) markInterCharacter(pieces);
  return { pieces, cutWord };
}

/**
 * Marks each piece followed, with no space, by a break between Chinese or Japanese characters (or one of them and a
 * Latin word): justified lines of such text spread there, as CSS's `text-justify: inter-character` and JIS X 4051 do,
 * instead of ending up to a character short of the margin. Korean, set with spaces, justifies at its spaces.
 */
function markInterCharacter(pieces: Piece[]): void {
  for (let index = 0; index < pieces.length - 1; index++) {
    const piece = pieces[index] as Piece;
    const next = pieces[index + 1] as Piece;
    if (piece.space > 0 || piece.hyphenAfter || next.startsLine) continue;
    const before = piece.runs.at(-1)?.text.at(-1) ?? '';
    const after = next.runs[0]?.text[0] ?? '';
    if (hanAndKana.test(before) || hanAndKana.test(after)) pieces[index] = { ...piece, interCharacter: true };
  }
}

/** Whether the characters from `from` to `to` are all at one bidi level. */
function sameLevel(levels: Uint8Array, from: number, to: number): boolean {
  const level = levels[from];
  for (let index = from + 1; index < to; index++) if (levels[index] !== level) return false;
  return true;
}

/** Splits text into runs, each in the first font of the chain that has every glyph of it, and of one bidi level. */
function runsOf(span: Span, text: string, from: number, to: number, offset: number, levels: Uint8Array, options: ParagraphOptions): Run[] {
  const chain = fontChain(span.style, span.lang ?? options.lang);
  const face = chain[0] ?? 'serif-regular';
  // Most words are in the text face and one direction: one run, without going grapheme by grapheme.
  if (sameLevel(levels, from, to) && coversText(face, text, from, to)) {
    return [runOf(span, text.slice(from, to), face, levels[from] ?? 0)];
  }
  const runs: Run[] = [];
  let current = '';
  let currentFont: FontKey | undefined;
  let currentLevel = -1;
  let placeholderFor: string | undefined;
  const flush = () => {
    if (current && currentFont) runs.push({ ...runOf(span, current, currentFont, currentLevel), ...(placeholderFor === undefined ? {} : { placeholderFor }) });
    current = '';
    placeholderFor = undefined;
  };
  let index = from;
  for (const segment of graphemesOf(text.slice(from, to))) {
    const space = whitespace.test(segment);
    // The emoji font's space is as wide as an emoji: a space after one is set in the text face, in a run of its own.
    const spaceJoinsRun = space && currentFont !== 'emoji';
    let chosen = spaceJoinsRun ? (currentFont ?? chain[0] ?? 'serif-regular') : space ? (chain[0] ?? 'serif-regular') : fontFor(chain, segment);
    let drawn = segment;
    const missing = !chosen;
    if (!chosen) {
      options.onMissing(segment, span.place, offset + index - from);
      chosen = fontFor(chain, placeholder) ?? 'sans-regular';
      drawn = placeholder;
    }
    // Boxes get a run of their own, so its ActualText is exactly the characters they stand for.
    if (missing !== (placeholderFor !== undefined)) {
      flush();
      currentFont = undefined;
    }
    const level = levels[index] ?? 0;
    // Spaces stay with the run they follow, so a word's trailing space is drawn with it, unless bidi puts them in another direction.
    if ((!spaceJoinsRun && chosen !== currentFont) || level !== currentLevel) {
      flush();
      currentFont = chosen;
      currentLevel = level;
    } else if (!currentFont) {
      currentFont = chosen;
      currentLevel = level;
    }
    current += drawn;
    if (missing) placeholderFor = (placeholderFor ?? '') + segment;
    index += segment.length;
  }
  flush();
  return runs;
}

function runOf(span: Span, text: string, font: FontKey, level: number): Run {
  return {
    text,
    font,
    size: span.size,
    shaped: shape(font, text, level % 2 === 1),
    level,
    link: span.link,
    rise: span.rise ?? 0,
    strike: span.strike ?? false,
    underline: span.underline,
    mark: span.mark,
    lang: span.lang,
  };
}

/** Width of a run in points. */
export function runWidth(run: Run): number {
  return run.shaped.width * run.size;
}

function pieceOf(runs: Run[], hyphenAfter: boolean): Piece {
  let total = 0;
  for (const run of runs) total += runWidth(run);
  const last = runs.at(-1);
  const trailing = last ? trailingSpace(last.text) : '';
  const space = last && trailing ? shape(last.font, trailing, false).width * last.size : 0;
  return { runs, width: total - space, space, hyphenAfter, startsLine: false };
}

/** The white space a text ends with (`/\s+$/`), found from the end: most words end in one space or none. */
function trailingSpace(text: string): string {
  let start = text.length;
  while (start > 0 && whitespaceCharacter.test(text[start - 1] as string)) start--;
  return start === text.length ? '' : text.slice(start);
}

const whitespaceCharacter = /\s/;

/** Splits a one-run word at its hyphenation points; punctuation around the word stays on its ends. */
function hyphenate(runs: Run[], lang: string): Piece[] {
  const run = runs[0];
  if (runs.length !== 1 || !run || run.level % 2 === 1) return [pieceOf(runs, false)];
  const parts = hyphenationPoints(run.text, lang);
  if (parts.length < 2) return [pieceOf(runs, false)];
  return parts.map((part, index) => pieceOf([{ ...run, text: part, shaped: shape(run.font, part, false) }], index < parts.length - 1));
}

/** Splits a piece wider than the measure between graphemes (long URLs, long tokens); its first part starts a line. */
function splitWide(piece: Piece, width: number): Piece[] {
  const out: Piece[] = [];
  let runs: Run[] = [];
  let used = 0;
  for (const run of piece.runs) {
    let chunk = '';
    const push = () => {
      if (chunk) runs.push({ ...run, text: chunk, shaped: shape(run.font, chunk, run.level % 2 === 1) });
      chunk = '';
    };
    for (const segment of graphemesOf(run.text)) {
      const segmentWidth = shape(run.font, segment, false).width * run.size;
      // A little room to spare: the chunk is shaped whole afterwards, and kerning may widen it.
      if (used + segmentWidth > width * 0.98 && (chunk || runs.length > 0)) {
        push();
        out.push({ ...pieceOf(runs, false), startsLine: out.length === 0 });
        runs = [];
        used = 0;
      }
      chunk += segment;
      used += segmentWidth;
    }
    push();
  }
  if (runs.length > 0) out.push({ ...pieceOf(runs, false), hyphenAfter: piece.hyphenAfter, startsLine: out.length === 0 });
  return out;
}
