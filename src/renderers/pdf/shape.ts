import * as harfbuzz from 'harfbuzzjs';
import { BoundedCache } from './bounded.js';
import { type FontKey, isDefaultIgnorable, shaper } from './fonts.js';

/** One glyph of a shaped run, in em units (1 = the font size). */
export interface ShapedGlyph {
  readonly id: number;
  /** Characters the glyph stands for in the text layer; empty for parts of a cluster (Arabic dots, marks). */
  readonly codePoints: readonly number[];
  /** Left edge of the glyph from the start of the run, in visual order. */
  readonly x: number;
  readonly y: number;
  /** The font's own advance of the glyph, which PDF viewers assume after showing it. */
  readonly advance: number;
  /**
   * Glyph id and characters, numbered per font in this process: one CID per distinct key in a document, which the
   * writer finds by this number in an array (a Map of the key strings took half the drawing's time).
   */
  readonly key: number;
  /** Drawn invisibly (text render mode 3): it only carries characters for the text layer. */
  readonly invisible?: boolean;
}

/** A run of text shaped by HarfBuzz. */
export interface ShapedRun {
  readonly width: number;
  /** In reading (logical) order, so the text layer reads like the source; `x` places each glyph visually. */
  readonly glyphs: readonly ShapedGlyph[];
  /** Left-to-right text with a cluster of several glyphs (an Indic syllable, a letter with a mark): its text layer needs ActualText. */
  readonly reordered: boolean;
  /**
   * Right-to-left text with a glyph that carries several characters, in visual order for pdftotext (قُ, لا):
   * text read through the structure tree, in drawing order, needs the run's ActualText on its element.
   */
  readonly visualClusters: boolean;
}

/** Shaped words of this process by font and direction, oldest forgotten first: warm documents skip shaping. */
const caches = new Map<string, BoundedCache<ShapedRun>>();

/** Shapes text in a font once per process: later documents reuse the glyphs. */
export function shape(key: FontKey, text: string, rtl: boolean): ShapedRun {
  const cacheKey = rtl ? `${key}/rtl` : key;
  let cache = caches.get(cacheKey);
  if (!cache) {
    // 30,000 characters per font (some 5,000 words): with the paragraph cache's bound, 128 → 85 MB live after 300 of the largest READMEs.
    cache = new BoundedCache(30_000);
    caches.set(cacheKey, cache);
  }
  let run = cache.get(text);
  if (!run) {
    run = shapeUncached(key, text, rtl);
    cache.set(text, run);
  }
  return run;
}

/** One buffer for every run: shaping is synchronous, and HarfBuzz reuses its memory. */
let buffer: harfbuzz.Buffer | undefined;

function shapeUncached(key: FontKey, text: string, rtl: boolean): ShapedRun {
  const { font, unitsPerEm } = shaper(key);
  buffer ??= new harfbuzz.Buffer();
  buffer.clearContents();
  // Joiners and other invisible controls draw nothing: a glyph for them only confuses extraction.
  buffer.setFlags(harfbuzz.BufferFlag.REMOVE_DEFAULT_IGNORABLES);
  // Right to left, HarfBuzz draws brackets and quotes mirrored itself (UAX #9 rule L4); mirroring them first drew them unmirrored.
  buffer.addText(text);
  buffer.setDirection(rtl ? harfbuzz.Direction.RTL : harfbuzz.Direction.LTR);
  buffer.guessSegmentProperties();
  harfbuzz.shape(font, buffer);
  const infos = buffer.getGlyphInfos();
  const positions = buffer.getGlyphPositions();
  const em = 1 / unitsPerEm;
  // Clusters are offsets into the text: each cluster's characters, from the source.
  const textLayer = textLayerOf(text, infos, positions, rtl);
  const visual: ShapedGlyph[] = [];
  const keyOf = glyphKeysOf(key);
  let pen = 0;
  let reordered = false;
  let visualClusters = false;
  for (const [index, info] of infos.entries()) {
    const position = positions[index];
    if (!position) continue;
    const characters = textLayer[index] ?? [];
    // Right to left, a mark's characters ride on an invisible copy of its glyph on the baseline, just after its letter
    // in reading order: a mark drawn above the line read as a line of its own in pdftotext.
    if (rtl && characters.length > 0 && position.xAdvance === 0 && characters.every((code) => /\p{M}/u.test(String.fromCodePoint(code)))) {
      visual.push({
        id: info.codepoint,
        codePoints: [],
        key: keyOf(`${info.codepoint}:`),
        x: (pen + position.xOffset) * em,
        y: position.yOffset * em,
        advance: font.glyphHAdvance(info.codepoint) * em,
      });
      visual.push({
        id: info.codepoint,
        codePoints: characters,
        key: keyOf(`${info.codepoint}:${characters.join(',')}`),
        x: pen * em - 0.01,
        y: 0,
        advance: 0,
        invisible: true,
      });
      continue;
    }
    // A cluster of several glyphs left to right (an Indic syllable with its vowel sign, a letter with a mark) is read through ActualText.
    if (!rtl && characters.length === 0) reordered = true;
    if (rtl && characters.length > 1) visualClusters = true;
    visual.push({
      id: info.codepoint,
      codePoints: characters,
      key: keyOf(`${info.codepoint}:${characters.join(',')}`),
      x: (pen + position.xOffset) * em,
      y: position.yOffset * em,
      advance: font.glyphHAdvance(info.codepoint) * em,
    });
    pen += position.xAdvance;
  }
  // HarfBuzz gives glyphs in visual order; right to left, reading order is the reverse.
  return { width: pen * em, glyphs: rtl ? visual.reverse() : visual, reordered, visualClusters };
}

/** Numbers of the glyph keys met in a font, by key: the same glyph and characters get the same number in every run. */
const glyphKeys = new Map<FontKey, Map<string, number>>();

/** The numbering of a font's glyph keys (a glyph id and its characters), in the order first shaped. */
function glyphKeysOf(key: FontKey): (glyphKey: string) => number {
  let numbers = glyphKeys.get(key);
  if (!numbers) {
    numbers = new Map();
    glyphKeys.set(key, numbers);
  }
  const known = numbers;
  return (glyphKey) => {
    let number = known.get(glyphKey);
    if (number === undefined) {
      number = known.size;
      known.set(glyphKey, number);
    }
    return number;
  };
}

/**
 * The characters each glyph stands for in the text layer, by glyph index. A cluster's base characters go to one
 * glyph: the first in visual order left to right (an Indic vowel sign drawn before its consonant reads as the whole
 * syllable); right to left, the first that advances, the base. Right to left, its marks go to a glyph of the cluster
 * drawn after the base, which sits inside it (قُ): read in drawing order through the structure tree, or by position
 * by pdftotext, the mark follows its letter. Several base characters on one right-to-left glyph (a ligature) are
 * given in visual order, since extractors spread them left to right over the glyph and then reverse the line.
 */
function textLayerOf(text: string, infos: readonly harfbuzz.GlyphInfo[], positions: readonly harfbuzz.GlyphPosition[], rtl: boolean): number[][] {
  if (!rtl && clustersAscend(infos)) return infos.map((info, index) => visibleCodes(text, info.cluster, infos[index + 1]?.cluster ?? text.length));
  const layer: number[][] = infos.map(() => []);
  const starts = [...new Set(infos.map((info) => info.cluster))].sort((a, b) => a - b);
  const ends = new Map(starts.map((start, index) => [start, starts[index + 1] ?? text.length]));
  const byCluster = new Map<number, number[]>();
  for (const [index, info] of infos.entries()) {
    const members = byCluster.get(info.cluster);
    if (members) members.push(index);
    else byCluster.set(info.cluster, [index]);
  }
  for (const [cluster, members] of byCluster) {
    const characters = [...text.slice(cluster, ends.get(cluster))].filter((character) => !leftOutOfTextLayer(character.codePointAt(0) ?? 0));
    const carrier = (rtl ? members.find((index) => (positions[index]?.xAdvance ?? 0) > 0) : undefined) ?? members[0] ?? 0;
    // Right to left, glyphs are in visual order: those before the base in the list are drawn after it.
    const markCarrier = rtl ? members.find((index) => index < carrier) : undefined;
    const marks = markCarrier === undefined ? [] : characters.filter((character) => /\p{M}/u.test(character));
    const bases = markCarrier === undefined ? characters : characters.filter((character) => !/\p{M}/u.test(character));
    const codes = (list: string[]) => list.map((character) => character.codePointAt(0) ?? 0);
    layer[carrier] = rtl && bases.length > 1 ? codes(bases).reverse() : codes(bases);
    if (markCarrier !== undefined && marks.length > 0) layer[markCarrier] = codes(marks);
  }
  return layer;
}

/** Whether each glyph is a cluster of its own, left to right (most runs): then each carries its cluster's characters. */
function clustersAscend(infos: readonly harfbuzz.GlyphInfo[]): boolean {
  for (let index = 1; index < infos.length; index++)
    if ((infos[index] as harfbuzz.GlyphInfo).cluster <= (infos[index - 1] as harfbuzz.GlyphInfo).cluster) return false;
  return true;
}

/**
 * Invisible characters the text layer leaves out, but the zero-width non-joiner: it draws nothing, yet it is part of a Persian
 * word's spelling (برچسب‌ها, می‌شود), which copying and searching the PDF would lose.
 */
function leftOutOfTextLayer(code: number): boolean {
  return code !== 0x200c && isDefaultIgnorable(code);
}

/** The code points of `text` from `start` to `end`, leaving out the invisible ones (but the non-joiner). */
function visibleCodes(text: string, start: number, end: number): number[] {
  const codes: number[] = [];
  for (let index = start; index < end; ) {
    const code = text.codePointAt(index) as number;
    if (!leftOutOfTextLayer(code)) codes.push(code);
    index += code > 0xffff ? 2 : 1;
  }
  return codes;
}
