import { crc32 } from 'node:zlib';
import { PNG } from 'pngjs';
import { run } from './tools.js';

/** Page 1 of a PDF rendered by poppler at 72 dpi (a pixel a point), decoded. */
export async function renderedPage(path: string): Promise<PNG> {
  const { stdout } = await run('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', '-png', path], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 } as never);
  return PNG.sync.read(stdout as unknown as Buffer);
}

/** What a rendered page shows of its first red and blue picture (`jpeg-orientation`'s photos). */
export interface ShownPicture {
  /** Rows from its top to its bottom. */
  readonly height: number;
  /** Coloured pixels in its top row. */
  readonly width: number;
  /** The colours two rows inside its top and its bottom. */
  readonly top: Set<string>;
  readonly bottom: Set<string>;
}

/**
 * The first picture of a page: the first run of over ten rows with colour (a coloured rule under the byline is a row
 * or two), measured, and which of red and blue its top and bottom rows show.
 */
export function firstPicture(page: PNG): ShownPicture {
  const coloured = (x: number, y: number) => {
    const at = (y * page.width + x) * 4;
    const [r = 0, g = 0, b = 0] = page.data.subarray(at, at + 3);
    return Math.max(r, g, b) - Math.min(r, g, b) > 60 ? (b > r ? 'blue' : 'red') : undefined;
  };
  const colouredRow = (y: number) => Array.from({ length: page.width }, (_, x) => coloured(x, y)).filter((colour) => colour !== undefined);
  let [top, bottom] = [0, -1];
  while (bottom - top < 10 && top < page.height) {
    top = bottom + 1;
    while (top < page.height && colouredRow(top).length === 0) top++;
    bottom = top;
    while (bottom + 1 < page.height && colouredRow(bottom + 1).length > 0) bottom++;
  }
  return { height: bottom - top + 1, width: colouredRow(top).length, top: new Set(colouredRow(top + 2)), bottom: new Set(colouredRow(bottom - 2)) };
}

/** Bits written least significant first, as a VP8L decoder reads them. */
function bitWriter() {
  const bytes: number[] = [];
  let count = 0;
  return {
    write(value: number, bits: number): void {
      for (let bit = 0; bit < bits; bit++, count++) {
        if (count % 8 === 0) bytes.push(0);
        bytes[bytes.length - 1] = (bytes.at(-1) ?? 0) | (((value >> bit) & 1) << (count % 8));
      }
    },
    bytes: () => Buffer.from(bytes),
  };
}

/**
 * A lossless WebP (VP8L) of one opaque colour, of any size up to 16,384 pixels a side, in 32 bytes: no transform, and
 * each of its five prefix codes a single symbol, which takes no bits, so its pixels take none either.
 */
export function flatWebp(width: number, height: number, [red, green, blue]: readonly [number, number, number]): Buffer {
  const bits = bitWriter();
  bits.write(width - 1, 14);
  bits.write(height - 1, 14);
  // No alpha, version 0; then no transform, no colour cache, no meta prefix codes.
  bits.write(0, 4);
  bits.write(0, 3);
  // Green, red, blue and alpha: a simple code of one 8-bit symbol each (1, 0, 1, the symbol); distance: one 1-bit symbol, 0.
  for (const value of [green, red, blue, 255]) {
    bits.write(0b101, 3);
    bits.write(value, 8);
  }
  bits.write(0b0001, 4);
  const stream = Buffer.concat([Buffer.from([0x2f]), bits.bytes()]);
  const chunk = Buffer.concat([Buffer.from('VP8L', 'latin1'), uint32(stream.length), stream, Buffer.alloc(stream.length % 2)]);
  return Buffer.concat([Buffer.from('RIFF', 'latin1'), uint32(4 + chunk.length), Buffer.from('WEBP', 'latin1'), chunk]);
}

/**
 * A GIF of `screen` pixels whose one frame declares `frame` pixels, in 35 bytes: its compressed data gives the first
 * pixel only (a clear code, colour 0, the end code), as a file cut short or made to exhaust a decoder would.
 */
export function gifDeclaring(screen: readonly [number, number], frame: readonly [number, number]): Buffer {
  const uint16 = (value: number) => Buffer.from([value & 0xff, value >> 8]);
  return Buffer.concat([
    Buffer.from('GIF89a', 'latin1'),
    uint16(screen[0]),
    uint16(screen[1]),
    // A global palette of two colours (red, white), background 0, square pixels.
    Buffer.from([0x80, 0, 0, 0xcc, 0x22, 0x22, 0xff, 0xff, 0xff]),
    Buffer.from([0x2c]),
    uint16(0),
    uint16(0),
    uint16(frame[0]),
    uint16(frame[1]),
    // No local palette; codes of 3 bits from a minimum size of 2: clear (4), 0, end (5), in two bytes; the trailer.
    Buffer.from([0, 2, 2, 0x44, 0x01, 0, 0x3b]),
  ]);
}

/** Adam7's passes, in which an interlaced PNG stores its pixels: first pixel across and down, then the steps. */
export const adam7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** A PNG's header fields (IHDR). */
export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  readonly interlaced?: boolean;
}

/** A PNG chunk: its length, type, data and CRC. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** A PNG file written by hand: its header, `chunks` (a palette, transparency), its image data (zlib data) in one IDAT, and its end. */
export function pngFile(header: PngHeader, imageData: Uint8Array, chunks: readonly Buffer[] = []): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(header.width, 0);
  ihdr.writeUInt32BE(header.height, 4);
  ihdr.set([header.bitDepth, header.colorType, 0, 0, header.interlaced ? 1 : 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    ...chunks,
    pngChunk('IDAT', imageData),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}
