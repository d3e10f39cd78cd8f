import { createRequire } from 'node:module';
import type { Bidi } from 'bidi-js';
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
  /** Glyph id and characters: one CID per distinct key in a document. */
  readonly key: string;
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
const bidi = (createRequire(import.meta.url)('bidi-js') as () => Bidi)();

function mirrored(text: string): string {
  let out = '';
  for (const character of text) out += bidi.getMirroredCharacter(character) ?? character;
  return out;
}

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
  // Right to left, brackets and quotes are drawn mirrored (UAX #9 rule L4); the text layer keeps the source characters.
  buffer.addText(rtl ? mirrored(text) : text);
  buffer.setDirection(rtl ? harfbuzz.Direction.RTL : harfbuzz.Direction.LTR);
  buffer.guessSegmentProperties();
  harfbuzz.shape(font, buffer);
  const infos = buffer.getGlyphInfos();
  const positions = buffer.getGlyphPositions();
  const em = 1 / unitsPerEm;
  const carriers = textCarriers(infos, positions);
  // Clusters are offsets into the text: each cluster's characters, from the source, not the mirrored copy.
  const starts = [...new Set(infos.map((info) => info.cluster))].sort((a, b) => a - b);
  const ends = new Map(starts.map((start, index) => [start, starts[index + 1] ?? text.length]));
  const visual: ShapedGlyph[] = [];
  let pen = 0;
  let reordered = false;
  let visualClusters = false;
  for (const [index, info] of infos.entries()) {
    const position = positions[index];
    if (!position) continue;
    const characters = carriers[index]
      ? [...text.slice(info.cluster, ends.get(info.cluster))].map((character) => character.codePointAt(0) ?? 0).filter((code) => !isDefaultIgnorable(code))
      : [];
    // A cluster of several glyphs left to right (an Indic syllable with its vowel sign, a letter with a mark) is read through ActualText.
    if (!rtl && !carriers[index]) reordered = true;
    // Extractors spread a cluster's characters left to right over its glyph and then reorder RTL text: give them in visual order (لا).
    const textLayer = rtl && characters.length > 1 ? characters.reverse() : characters;
    if (rtl && characters.length > 1) visualClusters = true;
    visual.push({
      id: info.codepoint,
      codePoints: textLayer,
      key: `${info.codepoint}:${textLayer.join(',')}`,
      x: (pen + position.xOffset) * em,
      y: position.yOffset * em,
      advance: font.glyphHAdvance(info.codepoint) * em,
    });
    pen += position.xAdvance;
  }
  // HarfBuzz gives glyphs in visual order; right to left, reading order is the reverse.
  return { width: pen * em, glyphs: rtl ? visual.reverse() : visual, reordered, visualClusters };
}

/**
 * Which glyph of each cluster carries the cluster's characters in the text layer:
 * the first in visual order left to right (an Indic vowel sign drawn before its
 * consonant reads as the whole syllable); right to left, the first that advances,
 * the base, since extractors order RTL characters by position and a mark sits
 * inside its base (قُ).
 */
function textCarriers(infos: readonly harfbuzz.GlyphInfo[], positions: readonly harfbuzz.GlyphPosition[]): boolean[] {
  const carriers = infos.map(() => false);
  const byCluster = new Map<number, number[]>();
  for (const [index, info] of infos.entries()) {
    const members = byCluster.get(info.cluster);
    if (members) members.push(index);
    else byCluster.set(info.cluster, [index]);
  }
  for (const members of byCluster.values()) {
    const base = members.find((index) => (positions[index]?.xAdvance ?? 0) > 0) ?? members[0];
    carriers[base ?? 0] = true;
  }
  return carriers;
}
