import { deflateSync, inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { assertRowsWhole, decodePng, PiecewiseDeflate, type PngLimits, pngLimits } from '../src/renderers/pdf/png.js';
import { adam7, type PngHeader, pngChunk, pngFile } from './helpers/pictures.js';

/*
 * The PDF's PNG decoder (src/renderers/pdf/png.ts), which reads a row at a time, against pngjs, which decoded these
 * PNGs whole before it: the same 8-bit samples and alpha for every colour type at every bit depth PNG allows, with and
 * without a transparent colour or palette entries, interlaced or not, its rows filtered by each of the five filters.
 * Each case runs with the default limits and with limits of a few bytes, which stream the image data through fflate
 * and deflate the outputs in many pieces. The PNGs are written here by hand (zlib and a CRC), not by pngjs.
 */

const limitsOf: Record<string, PngLimits> = {
  'whole inflate': pngLimits,
  // A push of a few bytes, and pieces of 7.
  'streamed inflate, deflated in pieces': { wholeInflateBytes: 0, pushedRowBytes: 12, deflatePieceBytes: 7 },
};

/** Samples per pixel of each colour type: grey, true colour, palette index, grey and alpha, true colour and alpha. */
const channelsOf: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** The bit depths PNG allows for each colour type. */
const depthsOf: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/** Numbers below `bound`, the same in every run (a linear congruential generator). */
function randomFrom(seed: number): (bound: number) => number {
  let state = seed;
  return (bound) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return Math.floor((state / 2 ** 32) * bound);
  };
}

/** A picture to write: its header, its samples (pixel after pixel, each pixel's channels in turn), and its palette and transparency chunks. */
interface Picture {
  readonly header: PngHeader;
  readonly samples: number[];
  readonly chunks: Buffer[];
}

/**
 * A picture of random samples. Transparent: a palette's entries get alphas (0 and 255 among them) but the last three;
 * grey and true colour get pixel 0's colour as their transparent one (tRNS), and every fifth pixel shares it.
 */
function pictureOf(header: PngHeader, transparent: boolean, seed: number): Picture {
  const { width, height, bitDepth, colorType } = header;
  const random = randomFrom(seed);
  const channels = channelsOf[colorType] as number;
  const entries = Math.min(2 ** bitDepth, 50);
  const samples = Array.from({ length: width * height * channels }, () => random(colorType === 3 ? entries : 2 ** bitDepth));
  const chunks: Buffer[] = [];
  if (colorType === 3) {
    chunks.push(pngChunk('PLTE', Buffer.from(Array.from({ length: entries * 3 }, () => random(256)))));
    const alphas = [0, 255, ...Array.from({ length: entries }, () => random(256))].slice(0, Math.max(1, entries - 3));
    if (transparent) chunks.push(pngChunk('tRNS', Buffer.from(alphas)));
  } else if (transparent) {
    const key = samples.slice(0, channels);
    for (let pixel = 5; pixel < width * height; pixel += 5) samples.splice(pixel * channels, channels, ...key);
    // Each sample in 16 bits, whatever the depth.
    chunks.push(pngChunk('tRNS', Buffer.from(key.flatMap((sample) => [sample >> 8, sample & 0xff]))));
  }
  return { header, samples, chunks };
}

/** Samples packed at a bit depth: two bytes each at 16 bits, else from each byte's high bits down. */
function packed(values: readonly number[], bitDepth: number): Buffer {
  if (bitDepth === 16) return Buffer.from(values.flatMap((value) => [value >> 8, value & 0xff]));
  const bytes = Buffer.alloc(Math.ceil((values.length * bitDepth) / 8));
  values.forEach((value, index) => {
    const bit = index * bitDepth;
    bytes[bit >> 3] = (bytes[bit >> 3] as number) | (value << (8 - bitDepth - (bit % 8)));
  });
  return bytes;
}

/** A row filtered by `filter` (0-4): each byte less its prediction from the byte `stride` before, the byte above, or both. */
function filtered(row: Buffer, above: Buffer, filter: number, stride: number): Buffer {
  return Buffer.from(
    row.map((byte, at) => {
      const left = at >= stride ? (row[at - stride] as number) : 0;
      const up = above[at] as number;
      const upLeft = at >= stride ? (above[at - stride] as number) : 0;
      const estimate = left + up - upLeft;
      const [fromLeft, fromUp, fromUpLeft] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)];
      const paeth = fromLeft <= fromUp && fromLeft <= fromUpLeft ? left : fromUp <= fromUpLeft ? up : upLeft;
      return byte - ([0, left, up, (left + up) >> 1, paeth][filter] as number);
    }),
  );
}

/** The picture's rows: those of each pass (one, or Adam7's seven), packed, filtered (row y of pass p by filter (y + p) mod 5), each after its filter type. */
function rowsOf({ header, samples }: Picture): Buffer {
  const { width, height, bitDepth, colorType, interlaced } = header;
  const channels = channelsOf[colorType] as number;
  const stride = Math.max(1, (channels * bitDepth) >> 3);
  const rows: Buffer[] = [];
  (interlaced ? adam7 : ([[0, 0, 1, 1]] as const)).forEach(([x, y, dx, dy], pass) => {
    const [passWidth, passHeight] = [Math.ceil((width - x) / dx), Math.ceil((height - y) / dy)];
    if (passWidth <= 0 || passHeight <= 0) return;
    let above: Buffer = Buffer.alloc(Math.ceil((passWidth * channels * bitDepth) / 8));
    for (let row = 0; row < passHeight; row++) {
      const pixels = Array.from({ length: passWidth }, (_, column) => ((y + row * dy) * width + x + column * dx) * channels);
      const bytes = packed(
        pixels.flatMap((at) => samples.slice(at, at + channels)),
        bitDepth,
      );
      const filter = (row + pass) % 5;
      rows.push(Buffer.from([filter]), filtered(bytes, above, filter, stride));
      above = bytes;
    }
  });
  return Buffer.concat(rows);
}

/** The picture as a PNG file. */
const fileOf = (picture: Picture) => pngFile(picture.header, deflateSync(rowsOf(picture)), picture.chunks);

/** What pngjs decoded, split as the PDF took it before: grey or RGB samples, and alpha unless every pixel is opaque. */
function byPngjs(bytes: Buffer) {
  const png = PNG.sync.read(bytes);
  const colours = png.color ? 3 : 1;
  const pixels = png.width * png.height;
  const colour = Buffer.alloc(pixels * colours);
  const alpha = Buffer.alloc(pixels);
  for (let pixel = 0; pixel < pixels; pixel++) {
    for (let index = 0; index < colours; index++) colour[pixel * colours + index] = png.data[pixel * 4 + index] as number;
    alpha[pixel] = png.data[pixel * 4 + 3] as number;
  }
  return { colorSpace: png.color ? 'DeviceRGB' : 'DeviceGray', colour, alpha: alpha.every((value) => value === 255) ? undefined : alpha };
}

/** What the PDF's decoder gives, inflated. */
function byDecoder(bytes: Buffer, limits: PngLimits) {
  const png = decodePng(bytes, 6, limits);
  return { colorSpace: png.colorSpace, colour: inflateSync(png.samples), alpha: png.alpha && inflateSync(png.alpha) };
}

/** Every colour type at every bit depth, with and without transparency (tRNS: grey, true colour and palettes), interlaced or not. */
const cases = Object.entries(depthsOf).flatMap(([type, depths]) =>
  depths.flatMap((bitDepth) =>
    (Number(type) === 4 || Number(type) === 6 ? [false] : [false, true]).flatMap((transparent) =>
      [false, true].map((interlaced) => ({ colorType: Number(type), bitDepth, transparent, interlaced })),
    ),
  ),
);

describe('PDF: PNGs decoded a row at a time, as pngjs decoded them whole', () => {
  for (const [name, limits] of Object.entries(limitsOf)) {
    it(`every colour type, bit depth, transparency and interlacing, each row filter (${name})`, () => {
      expect(cases).toHaveLength(52);
      for (const { colorType, bitDepth, transparent, interlaced } of cases) {
        // Odd sizes: rows that end inside a byte, Adam7 passes of every size; 1 × 1 leaves six of them empty.
        for (const [width, height] of [
          [13, 9],
          [1, 1],
          [3, 2],
        ] as const) {
          const file = fileOf(pictureOf({ width, height, bitDepth, colorType, interlaced }, transparent, colorType * 1000 + bitDepth * 10 + width));
          const label = `colour type ${colorType}, ${bitDepth} bits, ${transparent ? 'tRNS' : 'no tRNS'}, ${interlaced ? 'interlaced' : 'not interlaced'}, ${width} × ${height}`;
          expect(byDecoder(file, limits), label).toEqual(byPngjs(file));
        }
      }
    });

    it(`16-bit samples scale to 8 bits as pngjs rounds them, every value (${name})`, () => {
      const samples = Array.from({ length: 65536 }, (_, value) => value);
      const file = fileOf({ header: { width: 256, height: 256, bitDepth: 16, colorType: 0 }, samples, chunks: [] });
      const decoded = byDecoder(file, limits);
      expect(decoded).toEqual(byPngjs(file));
      // Rounded, not the high byte: 62000 is 241.25, so 241, where its high byte is 242.
      expect(decoded.colour[62000]).toBe(241);
    });

    it(`alpha is left out when every pixel is opaque (${name})`, () => {
      const picture = pictureOf({ width: 5, height: 4, bitDepth: 8, colorType: 6 }, false, 1);
      for (let at = 3; at < picture.samples.length; at += 4) picture.samples[at] = 255;
      const decoded = byDecoder(fileOf(picture), limits);
      expect(decoded.alpha).toBeUndefined();
      expect(decoded).toEqual(byPngjs(fileOf(picture)));
    });

    it(`a damaged PNG throws: cut short, a checksum or CRC wrong, rows too few or too many, a filter or palette index PNG does not define (${name})`, () => {
      const rgba = pictureOf({ width: 6, height: 5, bitDepth: 8, colorType: 6 }, false, 2);
      const rows = rowsOf(rgba);
      const file = fileOf(rgba);
      const rowLength = rows.length / 5;
      const withImageData = (data: Buffer) => pngFile(rgba.header, data, rgba.chunks);
      const badChecksum = deflateSync(rows);
      badChecksum[badChecksum.length - 1] = (badChecksum.at(-1) as number) ^ 1;
      const badCrc = Buffer.from(file);
      badCrc[file.indexOf('IDAT') + 10] = (badCrc[file.indexOf('IDAT') + 10] as number) ^ 0x40;
      const badFilter = Buffer.from(rows);
      badFilter[rowLength] = 5;
      const palette = pictureOf({ width: 4, height: 2, bitDepth: 8, colorType: 3 }, false, 3);
      palette.samples[5] = 50;
      const damaged: Record<string, Buffer> = {
        'cut short': file.subarray(0, file.length - 20),
        'checksum wrong': withImageData(badChecksum),
        'CRC wrong': badCrc,
        'a row too few': withImageData(deflateSync(rows.subarray(0, rows.length - rowLength))),
        'a row too many': withImageData(deflateSync(Buffer.concat([rows, rows.subarray(0, rowLength)]))),
        'a byte too many': withImageData(deflateSync(Buffer.concat([rows, Buffer.alloc(1)]))),
        'filter type 5': withImageData(deflateSync(badFilter)),
        'palette index 50 of 50': fileOf(palette),
      };
      expect(byDecoder(file, limits)).toEqual(byPngjs(file));
      for (const [label, bytes] of Object.entries(damaged)) expect(() => decodePng(bytes, 6, limits), label).toThrow();
      expect(() => decodePng(damaged['a row too few'] as Buffer, 6, limits)).toThrow(/holds 100 bytes of rows, not 125/);
      expect(() => decodePng(damaged['a byte too many'] as Buffer, 6, limits)).toThrow(/holds more than 125 bytes of rows/);
      expect(() => decodePng(damaged['palette index 50 of 50'] as Buffer, 6, limits)).toThrow(/palette index 50, past its 50 entries/);
    });

    it(`an opaque PNG embedded as it is: its rows counted, and a damaged one throws (${name})`, () => {
      const rgb = pictureOf({ width: 7, height: 6, bitDepth: 8, colorType: 2 }, false, 4);
      const rows = rowsOf(rgb);
      const withImageData = (data: Buffer) => pngFile(rgb.header, data);
      const badChecksum = deflateSync(rows);
      badChecksum[badChecksum.length - 2] = (badChecksum.at(-2) as number) ^ 1;
      expect(() => assertRowsWhole(withImageData(deflateSync(rows)), limits)).not.toThrow();
      expect(() => assertRowsWhole(withImageData(deflateSync(rows).subarray(0, 30)), limits)).toThrow();
      expect(() => assertRowsWhole(withImageData(badChecksum), limits)).toThrow();
      expect(() => assertRowsWhole(withImageData(deflateSync(rows.subarray(22))), limits)).toThrow(/holds 110 bytes of rows, not 132/);
      expect(() => assertRowsWhole(withImageData(deflateSync(Buffer.concat([rows, rows]))), limits)).toThrow(/holds more than 132 bytes of rows/);
    });
  }

  it('deflated in pieces, a stream inflates to what was written; in one piece, it is deflateSync’s', () => {
    const random = randomFrom(5);
    // Runs and noise, so that the pieces' matches reach back into the piece before.
    const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, at) => (at % 3000 < 1500 ? at % 7 : random(256))));
    for (const [pieceBytes, writes] of [
      [7_001, 333],
      [65_536, 200_000],
      [200_000, 4_096],
    ] as const) {
      const stream = new PiecewiseDeflate(bytes.length, 6, pieceBytes);
      for (let at = 0; at < bytes.length; at += writes) stream.write(bytes.subarray(at, at + writes));
      const deflated = stream.end();
      expect(inflateSync(deflated).equals(bytes), `pieces of ${pieceBytes}`).toBe(true);
      if (pieceBytes >= bytes.length) expect(deflated.equals(deflateSync(bytes, { level: 6 }))).toBe(true);
    }
  });
});
