import { breakOpportunities } from '../wrap.js';
import { type FontKey, fontChain, fonts, placeholder, type TextStyle } from './fonts.js';

/** Inline text with one style, as collected from the article tree. */
export interface Span {
  readonly text: string;
  readonly style: TextStyle;
  readonly size: number;
  readonly link?: string;
  /** Raise (superscript) or lower the baseline, in points. */
  readonly rise?: number;
  readonly strike?: boolean;
  /** Where the text starts in the article, for warnings about characters no font has. */
  readonly place?: { readonly line: number; readonly column: number };
}

/** Text set in a single font. */
export interface Run {
  readonly text: string;
  readonly font: FontKey;
  readonly size: number;
  readonly width: number;
  readonly link?: string;
  readonly rise: number;
  readonly strike: boolean;
}

/** What may end a line: a word (or part of one) and its trailing spaces. */
export interface Piece {
  readonly runs: Run[];
  /** Width without trailing spaces. */
  readonly width: number;
  /** Width of the trailing spaces; they stretch when the line is justified. */
  readonly space: number;
}

export interface Line {
  readonly pieces: Piece[];
  /** Natural width, without the last piece's trailing spaces. */
  readonly width: number;
  readonly last: boolean;
  /** Tallest font size on the line. */
  readonly size: number;
}

export type MissingGlyph = (character: string, place: Span['place'], offset: number) => void;

const widthCache = new Map<FontKey, Map<string, number>>();

/** Advance width of text in a font, in points; shaped by fontkit, as pdfkit will draw it. */
export function measure(font: FontKey, text: string, size: number): number {
  let cache = widthCache.get(font);
  if (!cache) {
    cache = new Map();
    widthCache.set(font, cache);
  }
  let units = cache.get(text);
  if (units === undefined) {
    const face = fonts().get(font);
    units = face ? face.layout(text).advanceWidth / face.unitsPerEm : 0;
    if (cache.size < 50_000) cache.set(text, units);
  }
  return units * size;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Splits text into runs, each in the first font of the chain that has every glyph of it. */
function runsOf(span: Span, text: string, offset: number, onMissing: MissingGlyph): Run[] {
  const chain = fontChain(span.style);
  const loaded = fonts();
  const runs: Run[] = [];
  let current = '';
  let currentFont: FontKey | undefined;
  const flush = () => {
    if (current && currentFont)
      runs.push({
        text: current,
        font: currentFont,
        size: span.size,
        width: measure(currentFont, current, span.size),
        link: span.link,
        rise: span.rise ?? 0,
        strike: span.strike ?? false,
      });
    current = '';
  };
  let index = offset;
  for (const { segment } of graphemes.segment(text)) {
    let chosen = chain.find((key) =>
      [...segment].every((character) => /\s/.test(character) || loaded.get(key)?.hasGlyphForCodePoint(character.codePointAt(0) ?? 0)),
    );
    let drawn = segment;
    if (!chosen) {
      onMissing(segment, span.place, index);
      chosen = chain.find((key) => loaded.get(key)?.hasGlyphForCodePoint(placeholder.codePointAt(0) ?? 0)) ?? chain[0];
      drawn = placeholder;
    }
    // Spaces stay with the run they follow, so a word's trailing space is drawn with it.
    if (chosen !== currentFont && !/^\s+$/.test(segment)) {
      flush();
      currentFont = chosen;
    } else if (!currentFont) currentFont = chosen;
    current += drawn;
    index += segment.length;
  }
  flush();
  return runs;
}

/** Cuts styled text into pieces at Unicode line-break opportunities (UAX #14). */
export function piecesOf(spans: readonly Span[], onMissing: MissingGlyph): Piece[] {
  const text = spans.map((span) => span.text).join('');
  const pieces: Piece[] = [];
  let position = 0;
  for (const pieceText of breakOpportunities(text)) {
    const runs: Run[] = [];
    let start = 0;
    for (const span of spans) {
      const end = start + span.text.length;
      const from = Math.max(start, position);
      const to = Math.min(end, position + pieceText.length);
      if (from < to) runs.push(...runsOf(span, span.text.slice(from - start, to - start), from - start, onMissing));
      start = end;
    }
    position += pieceText.length;
    pieces.push(pieceOf(runs));
  }
  return pieces;
}

function pieceOf(runs: Run[]): Piece {
  const total = runs.reduce((sum, run) => sum + run.width, 0);
  const last = runs.at(-1);
  const trailing = last ? (/\s+$/.exec(last.text)?.[0] ?? '') : '';
  const space = last && trailing ? measure(last.font, trailing, last.size) : 0;
  return { runs, width: total - space, space };
}

/** Splits a piece wider than the measure between graphemes (long URLs, long tokens). */
function splitWide(piece: Piece, width: number): Piece[] {
  const out: Piece[] = [];
  let runs: Run[] = [];
  let used = 0;
  for (const run of piece.runs) {
    let chunk = '';
    for (const { segment } of graphemes.segment(run.text)) {
      const segmentWidth = measure(run.font, segment, run.size);
      if (used + segmentWidth > width && (chunk || runs.length > 0)) {
        if (chunk) runs.push({ ...run, text: chunk, width: measure(run.font, chunk, run.size) });
        out.push(pieceOf(runs));
        runs = [];
        chunk = '';
        used = 0;
      }
      chunk += segment;
      used += segmentWidth;
    }
    if (chunk) runs.push({ ...run, text: chunk, width: measure(run.font, chunk, run.size) });
  }
  if (runs.length > 0) out.push(pieceOf(runs));
  return out;
}

/** Fills lines greedily up to the measure. */
export function breakLines(pieces: readonly Piece[], width: number): Line[] {
  const lines: Line[] = [];
  let current: Piece[] = [];
  let used = 0;
  const push = (last: boolean) => {
    const natural = current.reduce((sum, piece, index) => sum + piece.width + (index < current.length - 1 ? piece.space : 0), 0);
    const size = Math.max(0, ...current.flatMap((piece) => piece.runs.map((run) => run.size)));
    lines.push({ pieces: current, width: natural, last, size });
    current = [];
    used = 0;
  };
  for (const whole of pieces) {
    for (const piece of whole.width > width ? splitWide(whole, width) : [whole]) {
      if (current.length > 0 && used + piece.width > width) push(false);
      current.push(piece);
      used += piece.width + piece.space;
    }
  }
  if (current.length > 0) push(true);
  return lines;
}
