import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import * as fontkit from 'fontkit';
import * as harfbuzz from 'harfbuzzjs';
import { describe, expect, it } from 'vitest';
import { type FontKey, fontFile, fontKeys } from '../src/renderers/pdf/fonts.js';
import { embeddableFont, readFont, subsetTrueType, withoutOutlines } from '../src/renderers/pdf/truetype.js';

/** A font file parsed by fontkit, the reference reader here. */
const parse = (bytes: Uint8Array) => fontkit.create(Buffer.from(bytes)) as fontkit.Font;

/** Big-endian 32-bit words, summed as TrueType checksums are. */
function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let index = 0; index < bytes.length; index += 4) {
    sum = (sum + (((bytes[index] ?? 0) << 24) | ((bytes[index + 1] ?? 0) << 16) | ((bytes[index + 2] ?? 0) << 8) | (bytes[index + 3] ?? 0))) >>> 0;
  }
  return sum;
}

/** The fontkit fields compared with, beyond its type definitions. */
type FontkitFont = fontkit.Font & {
  head: { macStyle: { italic: boolean } };
  post: { isFixedPitch: number };
  'OS/2'?: { sFamilyClass: number };
};

/** Accented letters and ligatures: in these fonts some are composite glyphs, built from others. */
const composites = 'éèêëàâäçñõøåÉÈÀÇœŒfiﬁﬂǅ';

const keys: FontKey[] = [
  'serif-regular',
  'serif-bold-italic',
  'mono-regular',
  'sans-regular',
  'arabic-regular',
  'devanagari-regular',
  'bengali-regular',
  'emoji',
];

describe('TrueType fonts read and subset from their bytes', () => {
  for (const key of keys) {
    it(`${key}: each glyph of the subset has the original's outline and advance, in the order asked`, () => {
      const file = fontFile(key);
      const before = createHash('sha256').update(file).digest('hex');
      const original = parse(file);
      const accented = Array.from(composites, (character) => original.glyphForCodePoint(character.codePointAt(0) ?? 0).id);
      fc.assert(
        fc.property(fc.array(fc.nat(original.numGlyphs - 1), { maxLength: 60 }), (random) => {
          // .notdef first, as pdfkit asks; duplicates on purpose: one glyph may stand for two characters.
          const glyphs = [0, ...random, ...accented, ...random.slice(0, 3)];
          const subset = parse(subsetTrueType(file, glyphs));
          expect(subset.numGlyphs).toBeGreaterThanOrEqual(glyphs.length);
          glyphs.forEach((id, index) => {
            expect(subset.getGlyph(index).path.toSVG()).toBe(original.getGlyph(id).path.toSVG());
            expect(subset.getGlyph(index).advanceWidth).toBe(original.getGlyph(id).advanceWidth);
          });
        }),
        { numRuns: 15 },
      );
      // Subsetting never writes into the font file it reads.
      expect(createHash('sha256').update(file).digest('hex')).toBe(before);
    });
  }

  it("reads what pdfkit's font descriptor needs as fontkit reads it, for every font", () => {
    const names = new Set<string>();
    for (const key of fontKeys) {
      const file = fontFile(key);
      const reference = parse(file) as FontkitFont;
      const font = embeddableFont(file);
      expect(font.postscriptName, key).toBe(reference.postscriptName);
      names.add(font.postscriptName);
      for (const field of ['unitsPerEm', 'ascent', 'descent', 'lineGap', 'italicAngle'] as const) expect(font[field], `${key} ${field}`).toBe(reference[field]);
      // pdfkit writes `capHeight || ascent` and `xHeight || 0`.
      expect(font.capHeight || font.ascent, key).toBe(reference.capHeight || reference.ascent);
      expect(font.xHeight || 0, key).toBe(reference.xHeight || 0);
      expect({ ...font.bbox }, key).toEqual({ minX: reference.bbox.minX, minY: reference.bbox.minY, maxX: reference.bbox.maxX, maxY: reference.bbox.maxY });
      expect(font.head.macStyle.italic, key).toBe(Boolean(reference.head.macStyle.italic));
      expect(font.post.isFixedPitch, key).toBe(Boolean(reference.post.isFixedPitch));
      expect(font['OS/2']?.sFamilyClass, key).toBe(reference['OS/2']?.sFamilyClass);
      for (const id of [0, 1, 50, reference.numGlyphs - 1]) expect(font.getGlyph(id).advanceWidth, `${key} ${id}`).toBe(reference.getGlyph(id).advanceWidth);
    }
    // pdfkit shares one embedded font between fonts of one PostScript name.
    expect(names.size).toBe(fontKeys.length);
  });

  it('adds the components of composite glyphs after the glyphs asked for', () => {
    const file = fontFile('serif-regular');
    const original = parse(file);
    const accented = Array.from(composites, (character) => original.glyphForCodePoint(character.codePointAt(0) ?? 0).id);
    const subset = parse(subsetTrueType(file, [0, ...accented]));
    // Some of the accented letters are composites: their base letters and accents come along.
    expect(subset.numGlyphs).toBeGreaterThan(accented.length + 1);
  });

  it("cjk-regular, read without its 14 MB of outlines: a subset's glyphs have the outlines of the file read whole", () => {
    const file = fontFile('cjk-regular');
    const whole = parse(readFileSync(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf')));
    // The glyphs of a sentence, then random ones: each subset reads in the outlines it needs, far apart in the file.
    const sentence = Array.from(
      '俄罗斯外长拉夫罗夫表示，希望与叙利亚反对派保持接触。',
      (character) => whole.glyphForCodePoint(character.codePointAt(0) ?? 0).id,
    );
    fc.assert(
      fc.property(fc.array(fc.nat(whole.numGlyphs - 1), { maxLength: 40 }), (random) => {
        const glyphs = [0, ...sentence, ...random];
        const subset = parse(subsetTrueType(file, glyphs));
        glyphs.forEach((id, index) => {
          expect(subset.getGlyph(index).path.toSVG()).toBe(whole.getGlyph(id).path.toSVG());
        });
      }),
      { numRuns: 10 },
    );
  });

  it('a face read without its outlines fails a subset, with the reason, once its file has changed on disk', () => {
    const folder = mkdtempSync(join(tmpdir(), 'editions-font-'));
    const path = join(folder, 'NotoSerifSC.ttf');
    copyFileSync(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf'), path);
    const file = readFont(path);
    const whole = parse(readFileSync(path));
    const glyphOf = (character: string) => whole.glyphForCodePoint(character.codePointAt(0) ?? 0).id;
    expect(
      parse(subsetTrueType(file, [0, glyphOf('中')]))
        .getGlyph(1)
        .path.toSVG(),
    ).toBe(whole.getGlyph(glyphOf('中')).path.toSVG());
    utimesSync(path, new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(() => subsetTrueType(file, [0, glyphOf('国')])).toThrow(/NotoSerifSC\.ttf changed while in use/);
    // Not taken as read by the failed call: a later subset fails too, instead of drawing an empty outline.
    expect(() => subsetTrueType(file, [0, glyphOf('国')])).toThrow(/NotoSerifSC\.ttf changed while in use/);
    rmSync(folder, { recursive: true });
  });

  it('writes a well-formed font: sorted table records with their checksums, and the whole file summing to 0xB1B0AFBA', () => {
    const file = fontFile('mono-regular');
    const bytes = subsetTrueType(file, [0, 36, 37, 38, 36]);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const count = view.getUint16(4);
    const tags: string[] = [];
    for (let index = 0; index < count; index++) {
      const record = 12 + index * 16;
      const tag = String.fromCharCode(...bytes.subarray(record, record + 4));
      tags.push(tag);
      const offset = view.getUint32(record + 8);
      const length = view.getUint32(record + 12);
      expect(offset % 4).toBe(0);
      const data = new Uint8Array(bytes.subarray(offset, offset + length));
      // The head table's checksum is taken with its checkSumAdjustment at zero.
      if (tag === 'head') new DataView(data.buffer).setUint32(8, 0);
      expect(view.getUint32(record + 4), tag).toBe(checksum(data));
    }
    expect(tags).toEqual([...tags].sort());
    expect(tags).toEqual(expect.arrayContaining(['cvt ', 'fpgm', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'prep']));
    expect(checksum(bytes)).toBe(0xb1b0afba);
  });
  it('gives HarfBuzz a font without outlines that shapes every script as the whole font does', () => {
    const samples: [FontKey, string, boolean][] = [
      ['serif-regular', 'Officiel « ﬁnal » — Moscow’s “regular contact” Ŀ ǅ é', false],
      ['arabic-regular', 'قُلْ لَا لِلْحَرْبِ، قالت موسكو السبت ١٢٣', true],
      ['devanagari-regular', 'क्षत्रिय हिन्दी में स्वागत है', false],
      ['cjk-regular', '俄罗斯外长拉夫罗夫表示，「希望」与叙利亚反对派保持接触。', false],
    ];
    const shaped = (bytes: Uint8Array, text: string, rtl: boolean) => {
      const font = new harfbuzz.Font(new harfbuzz.Face(new harfbuzz.Blob(bytes)));
      const buffer = new harfbuzz.Buffer();
      buffer.addText(text);
      buffer.setDirection(rtl ? harfbuzz.Direction.RTL : harfbuzz.Direction.LTR);
      buffer.guessSegmentProperties();
      harfbuzz.shape(font, buffer);
      const positions = buffer.getGlyphPositions();
      return buffer.getGlyphInfos().map((info, index) => [info.codepoint, info.cluster, positions[index], font.glyphHAdvance(info.codepoint)]);
    };
    for (const [key, text, rtl] of samples) {
      const file = fontFile(key);
      const shaping = withoutOutlines(file);
      expect(shaping.length, key).toBeLessThan(file.length);
      const glyphs = shaped(shaping, text, rtl);
      expect(
        glyphs.every(([id]) => id !== 0),
        `${key}: every character has a glyph`,
      ).toBe(true);
      expect(glyphs, key).toEqual(shaped(file, text, rtl));
    }
  });
});
