import { createRequire } from 'node:module';
import type { Bidi } from 'bidi-js';
import { BoundedCache } from './bounded.js';
import { clusterCodePoints, type FontKey, font, isDefaultIgnorable } from './fonts.js';

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

/** A run of text shaped by fontkit. */
export interface ShapedRun {
  readonly width: number;
  /** In reading (logical) order, so the text layer reads like the source; `x` places each glyph visually. */
  readonly glyphs: readonly ShapedGlyph[];
  /** Left-to-right text whose glyphs shaping moved out of reading order (Indic vowel signs): its text layer needs ActualText. */
  readonly reordered: boolean;
}

/** Shaped words of this process, most recently used first out last: warm documents skip fontkit. */
const cache = new BoundedCache<string, ShapedRun>(30_000);
const bidi = (createRequire(import.meta.url)('bidi-js') as () => Bidi)();

function mirrored(text: string): string {
  let out = '';
  for (const character of text) out += bidi.getMirroredCharacter(character) ?? character;
  return out;
}

/** Shapes text in a font once per process: later documents reuse the glyphs. */
export function shape(key: FontKey, text: string, rtl: boolean): ShapedRun {
  const cacheKey = `${key}\u0000${rtl ? 'r' : 'l'}\u0000${text}`;
  let run = cache.get(cacheKey);
  if (!run) {
    run = shapeUncached(key, text, rtl);
    cache.set(cacheKey, run);
  }
  return run;
}

function shapeUncached(key: FontKey, text: string, rtl: boolean): ShapedRun {
  const face = font(key);
  // Right to left, brackets and quotes are drawn mirrored (UAX #9 rule L4); the text layer keeps the source characters.
  const drawn = rtl ? mirrored(text) : text;
  const layout = face.layout(drawn, [], undefined, undefined, rtl ? 'rtl' : 'ltr');
  const em = 1 / face.unitsPerEm;
  // Engine order is logical for both directions; fontkit reversed glyphs and positions for RTL.
  const count = layout.glyphs.length;
  const engineCodePoints = rtl ? withMarksOnBases(clusterCodePoints.get(layout), layout.glyphs.length) : clusterCodePoints.get(layout);
  const visual: ShapedGlyph[] = [];
  let pen = 0;
  for (let index = 0; index < count; index++) {
    const glyph = layout.glyphs[index];
    const position = layout.positions[index];
    if (!glyph || !position) continue;
    const logicalIndex = rtl ? count - 1 - index : index;
    const shapedCodePoints = engineCodePoints?.[logicalIndex] ?? glyph.codePoints;
    // Mirroring is its own inverse: mirror again to get the source characters back.
    const codePoints = rtl ? shapedCodePoints.map((code) => mirrored(String.fromCodePoint(code)).codePointAt(0) ?? code) : shapedCodePoints;
    pen += position.xAdvance;
    // Joiners and other invisible controls: fontkit leaves a zero-width space glyph that only confuses extraction.
    if (codePoints.length > 0 && codePoints.every(isDefaultIgnorable)) continue;
    pen -= position.xAdvance;
    // Extractors spread a ligature's characters left to right over its width and then reorder RTL text: give them in visual order (لا).
    const textLayer = rtl && codePoints.length > 1 ? [...codePoints].reverse() : codePoints;
    visual.push({
      id: glyph.id,
      codePoints: textLayer,
      key: `${glyph.id}:${textLayer.join(',')}`,
      x: (pen + position.xOffset) * em,
      y: position.yOffset * em,
      advance: glyph.advanceWidth * em,
    });
    pen += position.xAdvance;
  }
  const glyphs = logicalOrder(visual, text, rtl);
  return { width: pen * em, glyphs, reordered: !rtl && glyphs !== visual };
}

/**
 * Orders glyphs as their characters come in the text, so extraction reads the
 * source: RTL runs are drawn right to left, and Indic pre-base vowel signs, which
 * shaping moves before their consonant, are put back after it.
 */
function logicalOrder(visual: ShapedGlyph[], text: string, rtl: boolean): ShapedGlyph[] {
  const ordered = rtl ? [...visual].reverse() : visual;
  // Where each character occurs in the text, taken in order: linear time, and a ligature takes all its characters.
  const occurrences = new Map<number, number[]>();
  for (let index = 0; index < text.length; ) {
    const code = text.codePointAt(index) ?? 0;
    const list = occurrences.get(code);
    if (list) list.push(index);
    else occurrences.set(code, [index]);
    index += code > 0xffff ? 2 : 1;
  }
  const taken = new Map<number, number>();
  const take = (code: number): number => {
    const next = taken.get(code) ?? 0;
    const at = occurrences.get(code)?.[next];
    if (at === undefined) return -1;
    taken.set(code, next + 1);
    return at;
  };
  const keys: number[] = [];
  let previous = -1;
  let monotonic = true;
  for (const glyph of ordered) {
    const [first, ...rest] = glyph.codePoints;
    let key = previous + 1e-3;
    if (first !== undefined) {
      const at = take(first);
      if (at !== -1) key = at;
      for (const code of rest) take(code);
    }
    if (key < previous) monotonic = false;
    keys.push(key);
    previous = key;
  }
  if (monotonic) return ordered;
  return ordered
    .map((glyph, index) => ({ glyph, key: keys[index] ?? 0 }))
    .sort((a, b) => a.key - b.key)
    .map((entry) => entry.glyph);
}

const combiningMark = /^\p{M}$/u;

/**
 * RTL only: a combining mark's characters move onto its base glyph (قُ), since
 * extractors order RTL characters by position and a mark sits inside its base.
 */
function withMarksOnBases(codePoints: number[][] | undefined, count: number): number[][] | undefined {
  if (!codePoints) return undefined;
  const out = codePoints.slice(0, count).map((entry) => [...entry]);
  let base = -1;
  out.forEach((entry, index) => {
    const isMark = entry.length > 0 && entry.every((code) => combiningMark.test(String.fromCodePoint(code)));
    if (isMark && base >= 0) {
      out[base]?.push(...entry);
      out[index] = [];
    } else if (entry.length > 0) base = index;
  });
  return out;
}
