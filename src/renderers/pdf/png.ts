import { constants, crc32, deflateRawSync, deflateSync, inflateSync } from 'node:zlib';
import { Unzlib } from 'fflate';

/*
 * PNGs read a row at a time, for the PDF: the image data inflated, each row unfiltered against the one before it and
 * written out as 8-bit colour samples and alpha, themselves deflated a piece at a time. pngjs, which decoded them
 * before, held every stage of the whole image: a 49-megapixel transparent PNG of 208 kB took a PDF publish to 850 MB.
 * A picture now holds its inflated rows up to 64 MB, or a push's worth of them when streamed, two rows, two pieces of
 * 4 MB and its deflated output: that publish peaks at 153-159 MB. An interlaced one is read the same way, a row of its
 * passes at a time (`passRowsOf`), not gathered whole first (4 bytes a pixel: 160 MB more for 40 megapixels).
 */

/** How much of a picture is held at once: the defaults, or smaller ones in the tests, to run every path on small pictures. */
export interface PngLimits {
  /** Image data that inflates to up to this many bytes is inflated whole by Node's zlib; more is streamed through fflate. */
  readonly wholeInflateBytes: number;
  /** Streamed, it is pushed in pieces that inflate to about this many bytes at its average ratio (16 kB at most). */
  readonly pushedRowBytes: number;
  /** The colour samples and the alpha are each deflated in pieces of this many bytes. */
  readonly deflatePieceBytes: number;
}

export const pngLimits: PngLimits = {
  // Node's zlib inflates 5-6 times faster than fflate (a 2000 × 1500 RGBA photo: 54 against 275-360 ms) but has no
  // synchronous stream: rows up to 64 MB (a 5K screenshot with alpha, 59 MB) keep its speed, larger ones fflate's stream.
  wholeInflateBytes: 64 * 1024 * 1024,
  // 1 kB of a flat picture (deflate makes at most 1,032 bytes of a byte): checking a flat 49-megapixel one held 38 MB
  // at its peak, 50 in pushes of 4 MB of rows.
  pushedRowBytes: 1024 * 1024,
  // Two pieces of 4 MB (an RGB picture of 1.4 megapixels is one) held 23 MB less than two of 16 MB at the peak of a
  // 40-megapixel picture's decode. A stream of one piece is deflateSync's own, byte for byte.
  deflatePieceBytes: 4 * 1024 * 1024,
};

/** A PNG's pixels as PDF image data, each deflated: grey or RGB samples, and the alpha samples when any pixel is not opaque. */
export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  readonly colorSpace: 'DeviceGray' | 'DeviceRGB';
  readonly samples: Buffer;
  readonly alpha: Buffer | undefined;
}

/** A chunk of a PNG: its type, its data, and its CRC, of its type and data (none when the file ends inside it). */
interface Chunk {
  readonly type: string;
  readonly data: Uint8Array;
  readonly typeAndData: Uint8Array;
  readonly crc: number | undefined;
}

/** The PNG's chunks in order, up to IEND or the one the file ends inside. */
function* chunksIn(bytes: Uint8Array): Generator<Chunk> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 8; offset + 8 <= bytes.length; ) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(bytes[offset + 4] ?? 0, bytes[offset + 5] ?? 0, bytes[offset + 6] ?? 0, bytes[offset + 7] ?? 0);
    // Length, type, data, CRC.
    const end = offset + 8 + length;
    const cut = end + 4 > bytes.length;
    yield { type, data: bytes.subarray(offset + 8, end), typeAndData: bytes.subarray(offset + 4, end), crc: cut ? undefined : view.getUint32(end) };
    if (type === 'IEND' || cut) return;
    offset = end + 4;
  }
}

/** The data of the PNG's chunks of this type, in order, up to IEND. */
export function chunksOf(bytes: Uint8Array, type: string): Uint8Array[] {
  const found: Uint8Array[] = [];
  for (const chunk of chunksIn(bytes)) if (chunk.type === type) found.push(chunk.data);
  return found;
}

/** Samples per pixel of each PNG colour type: grey, true colour, palette index, grey and alpha, true colour and alpha. */
const channelsOf: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** A PNG's header (IHDR): its size and how its samples are stored. */
interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  readonly interlaced: boolean;
}

function headerOf(bytes: Uint8Array): PngHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // IHDR is the first chunk: width, height, bit depth, colour type, compression, filter and interlace methods.
  return { width: view.getUint32(16), height: view.getUint32(20), bitDepth: bytes[24] ?? 0, colorType: bytes[25] ?? 0, interlaced: bytes[28] === 1 };
}

/**
 * A pass over the image: the pixels from (x, y), every `dx` across and `dy` down, `width` × `height` of them. An
 * interlaced PNG (Adam7) stores seven, each its own rows; any other one pass of every pixel.
 */
interface Pass {
  readonly x: number;
  readonly y: number;
  readonly dx: number;
  readonly dy: number;
  readonly width: number;
  readonly height: number;
}

const adam7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** The passes that hold pixels (a small picture's first passes may hold none, and have no rows). */
function passesOf({ width, height, interlaced }: PngHeader): Pass[] {
  if (!interlaced) return [{ x: 0, y: 0, dx: 1, dy: 1, width, height }];
  return adam7
    .map(([x, y, dx, dy]) => ({ x, y, dx, dy, width: Math.ceil((width - x) / dx), height: Math.ceil((height - y) / dy) }))
    .filter((pass) => pass.width > 0 && pass.height > 0);
}

/** Bytes of a row of `width` pixels, without its filter type byte. */
function rowBytes(width: number, { colorType, bitDepth }: PngHeader): number {
  return Math.ceil((width * (channelsOf[colorType] ?? 1) * bitDepth) / 8);
}

/**
 * Throws unless the image data of a PNG embedded as it is inflates to the rows its header declares. pdfkit copies
 * that data unread, so a PNG damaged past its header (a failed upload) was embedded as it was and drawn as noise or
 * black, with no warning and a file qpdf finds clean. The rows are counted as they come (and the data's checksum
 * checked), not kept, nor unfiltered.
 */
export function assertRowsWhole(bytes: Uint8Array, limits: PngLimits = pngLimits): void {
  const header = headerOf(bytes);
  const data = chunksOf(bytes, 'IDAT');
  const expected = header.height * (rowBytes(header.width, header) + 1);
  if (expected <= limits.wholeInflateBytes) {
    inflatedWhole(data, expected);
    return;
  }
  const stream = new StreamedInflate(data, expected, limits, true);
  stream.read(expected);
  stream.end();
}

const tooMany = (expected: number) => new Error(`its image data holds more than ${expected} bytes of rows`);
const tooFew = (count: number, expected: number) => new Error(`its image data holds ${count} bytes of rows, not ${expected}`);

/** zlib data inflated whole by Node's zlib, which checks its checksum; throws unless it is `expected` bytes. */
function inflatedWhole(data: readonly Uint8Array[], expected: number): Buffer {
  let rows: Buffer;
  try {
    rows = inflateSync(Buffer.concat(data), { maxOutputLength: expected });
  } catch (error) {
    throw (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? tooMany(expected) : error;
  }
  if (rows.length !== expected) throw tooFew(rows.length, expected);
  return rows;
}

/**
 * zlib data of `expected` bytes inflated by fflate's stream as its bytes are read: a push at a time, each push's bytes
 * held until they are read. Throws as soon as more than `expected` bytes come, and when a read finds the data ended.
 */
class StreamedInflate {
  private readonly stream: Unzlib;
  private readonly push: number;
  /** Inflated bytes not yet read: the first from `heldAt`. */
  private readonly held: Uint8Array[] = [];
  private heldAt = 0;
  private count = 0;
  private checksum = 1;
  /** Where the next push starts: a chunk of the data, and a place in it. */
  private chunk = 0;
  private chunkAt = 0;

  /** `checksummed`: the stream whose `end` checks the data's checksum, which costs a pass over its bytes. */
  constructor(
    private readonly data: readonly Uint8Array[],
    private readonly expected: number,
    limits: PngLimits,
    checksummed: boolean,
  ) {
    this.stream = new Unzlib((bytes) => {
      this.count += bytes.length;
      if (this.count > expected) throw tooMany(expected);
      if (checksummed) this.checksum = adler32(bytes, this.checksum);
      this.held.push(bytes);
    });
    // Each push costs fflate copies of its 32 kB window (a 2000 × 1500 photo pushed 4 kB at a time inflated in 577 ms, 16 kB
    // at a time in 360 ms); 16 kB at most keeps a push's rows under 17 MB.
    const compressed = data.reduce((sum, chunk) => sum + chunk.length, 0);
    this.push = Math.min(16384, Math.max(1, Math.floor((compressed / expected) * limits.pushedRowBytes)));
  }

  /** Reads the next `length` bytes into `into` (from its start), or past them without one. */
  read(length: number, into?: Uint8Array): void {
    for (let filled = 0; filled < length; ) {
      const first = this.held[0];
      if (!first) {
        if (!this.pushNext()) throw tooFew(this.count, this.expected);
        continue;
      }
      const taken = Math.min(length - filled, first.length - this.heldAt);
      into?.set(first.subarray(this.heldAt, this.heldAt + taken), filled);
      filled += taken;
      this.heldAt += taken;
      if (this.heldAt === first.length) {
        this.held.shift();
        this.heldAt = 0;
      }
    }
  }

  /** Once all `expected` bytes are read: throws unless the data holds no more, and (if checksummed) matches its checksum. */
  end(): void {
    while (this.pushNext());
    // fflate leaves the checksum unchecked, and takes the data's last 4 bytes for it (data after the zlib stream, which
    // Node's inflate leaves unread, fails it).
    const tail = Buffer.concat(this.data.slice(-4).map((chunk) => chunk.subarray(-4))).subarray(-4);
    if (tail.length < 4 || tail.readUInt32BE(0) !== this.checksum) throw new Error('its image data fails its checksum');
  }

  /** Pushes the next piece of the data (the last one final); false once all of it is pushed. */
  private pushNext(): boolean {
    const last = this.data.length - 1;
    const chunk = this.data[this.chunk];
    if (!chunk) return false;
    const final = this.chunk === last && this.chunkAt + this.push >= chunk.length;
    this.stream.push(chunk.subarray(this.chunkAt, this.chunkAt + this.push), final);
    this.chunkAt += this.push;
    if (this.chunkAt >= chunk.length) {
      this.chunk++;
      this.chunkAt = 0;
    }
    return true;
  }
}

/** The Adler-32 checksum zlib data ends with, continued from `value` over `bytes`. */
function adler32(bytes: Uint8Array, value = 1): number {
  let a = value & 0xffff;
  let b = value >>> 16;
  for (let at = 0; at < bytes.length; ) {
    // 3,800 bytes at most between reductions keep both sums small integers (b under 2³¹).
    const end = Math.min(at + 3800, bytes.length);
    for (; at < end; at++) {
      a += bytes[at] as number;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return (b * 65536 + a) >>> 0;
}

/**
 * Undoes a row's filter in place (the row starts with its filter type): each byte was stored as its difference from a
 * prediction made of the byte `stride` before it (a pixel before, or a byte for pixels under a byte), the byte above,
 * or both. `previous` is the row above, unfiltered, all zeros for a pass's first row. Bytes wrap around, as PNG's do.
 */
function unfilter(row: Uint8Array, previous: Uint8Array, stride: number): void {
  const length = row.length;
  switch (row[0]) {
    case 0:
      return;
    case 1:
      for (let at = 1 + stride; at < length; at++) row[at] = (row[at] as number) + (row[at - stride] as number);
      return;
    case 2:
      for (let at = 1; at < length; at++) row[at] = (row[at] as number) + (previous[at] as number);
      return;
    case 3:
      for (let at = 1; at <= stride && at < length; at++) row[at] = (row[at] as number) + ((previous[at] as number) >> 1);
      for (let at = 1 + stride; at < length; at++) row[at] = (row[at] as number) + (((row[at - stride] as number) + (previous[at] as number)) >> 1);
      return;
    case 4:
      // With nothing to the left, Paeth predicts the byte above.
      for (let at = 1; at <= stride && at < length; at++) row[at] = (row[at] as number) + (previous[at] as number);
      for (let at = 1 + stride; at < length; at++) {
        const left = row[at - stride] as number;
        const above = previous[at] as number;
        const aboveLeft = previous[at - stride] as number;
        // How far the estimate left + above - aboveLeft is from each: the nearest is the prediction, left, then above, on a tie.
        const fromLeft = Math.abs(above - aboveLeft);
        const fromAbove = Math.abs(left - aboveLeft);
        const fromAboveLeft = Math.abs(left + above - 2 * aboveLeft);
        row[at] = (row[at] as number) + (fromLeft <= fromAbove && fromLeft <= fromAboveLeft ? left : fromAbove <= fromAboveLeft ? above : aboveLeft);
      }
      return;
    default:
      throw new Error(`a row has filter type ${row[0]}, which PNG does not define`);
  }
}

/** The rows of a PNG's passes, unfiltered, each pass's in turn as the pixels' order asks for them. */
interface PassRows {
  /** The pass's next row, without its filter type byte: good until the pass's next row is asked for. */
  next(pass: number): Uint8Array;
  /** Once every row is read: throws unless the image data holds no more, and matches its checksum. */
  end(): void;
}

/**
 * The rows of the PNG's passes. Image data of up to `limits.wholeInflateBytes` is inflated whole and each row
 * unfiltered in place, against the one above it. Beyond, each pass has a stream of its own, which inflates the passes
 * before it to reach its own rows, and holds its row and the one above: an interlaced PNG's rows are whole only once
 * its seven passes are read, and its last pass holds half its pixels, so one stream would have to hold the six passes
 * before it. Seven streams inflate 127/64 of the data, where one holding the passes took 4 bytes a pixel (196 MB for
 * 49 megapixels).
 */
function passRowsOf(png: PngImage, passes: readonly Pass[], limits: PngLimits): PassRows {
  const lengths = passes.map((pass) => rowBytes(pass.width, png) + 1);
  // Where each pass's rows start in the inflated data, and the bytes of all.
  const starts: number[] = [];
  let expected = 0;
  passes.forEach((pass, index) => {
    starts.push(expected);
    expected += pass.height * (lengths[index] as number);
  });
  // Bytes of a pixel, or one for pixels under a byte: the distance a row's filter predicts from.
  const stride = Math.max(1, ((channelsOf[png.colorType] ?? 1) * png.bitDepth) >> 3);
  if (expected <= limits.wholeInflateBytes) {
    const rows = inflatedWhole(png.data, expected);
    // Rows of each pass read so far.
    const read = passes.map(() => 0);
    // The row above a pass's first row: zeros.
    const zeros = new Uint8Array(Math.max(...lengths));
    return {
      next(pass) {
        const length = lengths[pass] as number;
        const at = (starts[pass] as number) + (read[pass] as number) * length;
        const row = rows.subarray(at, at + length);
        unfilter(row, at === starts[pass] ? zeros : rows.subarray(at - length, at), stride);
        read[pass] = (read[pass] as number) + 1;
        return row.subarray(1);
      },
      end() {},
    };
  }
  const last = passes.length - 1;
  const streams = passes.map((_, pass) => {
    const stream = new StreamedInflate(png.data, expected, limits, pass === last);
    stream.read(starts[pass] as number);
    return stream;
  });
  // Each pass's row being read, and the one above it (zeros before its first).
  const rowPairs = lengths.map((length): [Uint8Array, Uint8Array] => [new Uint8Array(length), new Uint8Array(length)]);
  return {
    next(pass) {
      const [current, previous] = rowPairs[pass] as [Uint8Array, Uint8Array];
      (streams[pass] as StreamedInflate).read(current.length, current);
      unfilter(current, previous, stride);
      rowPairs[pass] = [previous, current];
      return current.subarray(1);
    },
    end: () => (streams[last] as StreamedInflate).end(),
  };
}

/** A PNG to decode: its header, its palette and transparency chunks, and its image data, each chunk's CRC checked. */
interface PngImage extends PngHeader {
  readonly palette: Uint8Array | undefined;
  readonly transparency: Uint8Array | undefined;
  readonly data: readonly Uint8Array[];
}

function readPng(bytes: Uint8Array): PngImage {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (signature.some((byte, index) => bytes[index] !== byte)) throw new Error('it does not start as a PNG does');
  const found = new Map<string, Uint8Array>();
  const data: Uint8Array[] = [];
  let first: string | undefined;
  let ended = false;
  for (const chunk of chunksIn(bytes)) {
    first ??= chunk.type;
    // The chunks pngjs read, and checked, before.
    if (['IHDR', 'PLTE', 'tRNS', 'IDAT', 'IEND'].includes(chunk.type) && chunk.crc !== crc32(chunk.typeAndData))
      throw new Error(`its ${chunk.type} chunk is damaged or cut short`);
    if (chunk.type === 'IDAT') data.push(chunk.data);
    else if (!found.has(chunk.type)) found.set(chunk.type, chunk.data);
    ended = chunk.type === 'IEND';
  }
  if (first !== 'IHDR' || found.get('IHDR')?.length !== 13) throw new Error('its header (IHDR) is not its first chunk');
  if (!ended) throw new Error('it is cut short: it has no end (IEND)');
  const header = headerOf(bytes);
  const { width, height, bitDepth, colorType } = header;
  if (![1, 2, 4, 8, 16].includes(bitDepth) || channelsOf[colorType] === undefined || bytes[26] !== 0 || bytes[27] !== 0 || (bytes[28] as number) > 1)
    throw new Error(
      `its header declares what PNG does not define (bit depth ${bitDepth}, colour type ${colorType}, methods ${bytes[26]}, ${bytes[27]}, ${bytes[28]})`,
    );
  if (width === 0 || height === 0) throw new Error(`its header declares ${width}×${height} pixels`);
  const palette = found.get('PLTE');
  const transparency = found.get('tRNS');
  if (colorType === 3 && !palette) throw new Error('its palette (PLTE) is missing');
  if (colorType === 3 && transparency && palette && transparency.length > Math.floor(palette.length / 3))
    throw new Error('it has more transparent entries (tRNS) than palette entries');
  if ((colorType === 0 || colorType === 2) && transparency && transparency.length < 2 * (channelsOf[colorType] as number))
    throw new Error('its transparent colour (tRNS) is cut short');
  return { ...header, palette, transparency, data };
}

/** Each value of a bit depth as an 8-bit sample, rounded as pngjs (and pdfkit before it) did: 16-bit 62000 is 241. */
const scales = new Map<number, Uint8Array>();

function scaleOf(bitDepth: number): Uint8Array {
  let scale = scales.get(bitDepth);
  if (!scale) {
    const max = 2 ** bitDepth - 1;
    scale = new Uint8Array(max + 1);
    for (let value = 0; value <= max; value++) scale[value] = Math.floor((value * 255) / max + 0.5);
    scales.set(bitDepth, scale);
  }
  return scale;
}

/**
 * Writes a row of pixels (unfiltered, without its filter type byte) as 8-bit colour samples (grey, or RGB for true
 * colour and palettes) and alpha (255 for opaque pixels); says whether all were opaque.
 */
type RowWriter = (row: Uint8Array, width: number, colour: Uint8Array, alpha: Uint8Array) => boolean;

/**
 * The row writer of a PNG, as pngjs decoded: a palette index gives its entry and the entry's alpha (tRNS; an index
 * past the palette throws), a pixel whose samples are the transparent colour (tRNS, compared at the PNG's depth) is
 * transparent black, and other samples are scaled to 8 bits.
 */
function rowWriterOf({ colorType, bitDepth, palette, transparency }: PngImage): RowWriter {
  const channels = channelsOf[colorType] as number;
  const samples = sampleReaderOf(bitDepth, channels);
  if (colorType === 3 && palette) {
    const entries = Math.floor(palette.length / 3);
    const entryAlpha = new Uint8Array(entries).fill(255);
    if (transparency) entryAlpha.set(transparency);
    return (row, width, colour, alpha) => {
      const indexes = samples(row, width);
      let opaque = true;
      for (let x = 0; x < width; x++) {
        const index = indexes[x] as number;
        if (index >= entries) throw new Error(`a pixel has palette index ${index}, past its ${entries} entries`);
        colour[3 * x] = palette[3 * index] as number;
        colour[3 * x + 1] = palette[3 * index + 1] as number;
        colour[3 * x + 2] = palette[3 * index + 2] as number;
        const value = entryAlpha[index] as number;
        alpha[x] = value;
        if (value !== 255) opaque = false;
      }
      return opaque;
    };
  }
  const scale = scaleOf(bitDepth);
  const colours = colorType & 2 ? 3 : 1;
  const hasAlpha = (colorType & 4) !== 0;
  // tRNS holds the transparent colour's samples as 16-bit numbers, whatever the depth.
  const key =
    !hasAlpha && transparency
      ? Array.from({ length: colours }, (_, index) => ((transparency[2 * index] as number) << 8) | (transparency[2 * index + 1] as number))
      : undefined;
  return (row, width, colour, alpha) => {
    const values = samples(row, width);
    let opaque = true;
    for (let x = 0, at = 0; x < width; x++, at += channels) {
      let value = hasAlpha ? (scale[values[at + colours] as number] as number) : 255;
      if (key && values[at] === key[0] && (colours === 1 || (values[at + 1] === key[1] && values[at + 2] === key[2]))) {
        value = 0;
        colour.fill(0, x * colours, (x + 1) * colours);
      } else for (let index = 0; index < colours; index++) colour[x * colours + index] = scale[values[at + index] as number] as number;
      alpha[x] = value;
      if (value !== 255) opaque = false;
    }
    return opaque;
  };
}

/** The samples of a row at a bit depth, as numbers: an 8-bit row is its own; others are read into a buffer kept for the next row. */
function sampleReaderOf(bitDepth: number, channels: number): (row: Uint8Array, width: number) => ArrayLike<number> {
  if (bitDepth === 8) return (row) => row;
  let values = new Uint16Array(0);
  return (row, width) => {
    const count = width * channels;
    if (values.length < count) values = new Uint16Array(count);
    if (bitDepth === 16) for (let index = 0; index < count; index++) values[index] = ((row[2 * index] as number) << 8) | (row[2 * index + 1] as number);
    else {
      // Packed from the high bits of each byte down.
      const mask = 2 ** bitDepth - 1;
      for (let index = 0, bit = 0; index < count; index++, bit += bitDepth) values[index] = ((row[bit >> 3] as number) >> (8 - bitDepth - (bit & 7))) & mask;
    }
    return values;
  };
}

/**
 * One zlib stream of `total` bytes written in turn, deflated a piece at a time, since Node's zlib has no synchronous
 * stream (and fflate's deflate is slower, and gives other bytes): each piece is deflated raw, primed with the 32 kB
 * before it and flushed to a byte's end, and the pieces are joined under zlib's header and checksum. A stream of one
 * piece is deflateSync's.
 */
export class PiecewiseDeflate {
  private readonly piece: Uint8Array;
  private filled = 0;
  private written = 0;
  private readonly deflated: Buffer[] = [];
  private dictionary: Buffer | undefined;
  private checksum = 1;

  constructor(
    private readonly total: number,
    private readonly level: number,
    pieceBytes: number,
  ) {
    this.piece = new Uint8Array(Math.min(total, pieceBytes));
  }

  write(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length; ) {
      const taken = Math.min(bytes.length - at, this.piece.length - this.filled);
      this.piece.set(bytes.subarray(at, at + taken), this.filled);
      at += taken;
      this.filled += taken;
      this.written += taken;
      if (this.filled === this.piece.length && this.written < this.total) this.deflatePiece(constants.Z_SYNC_FLUSH);
    }
  }

  /** The stream, once all its bytes are written. */
  end(): Buffer {
    if (this.written !== this.total) throw new Error(`${this.written} bytes written of ${this.total}`);
    if (this.deflated.length === 0) return deflateSync(this.piece, { level: this.level });
    this.deflatePiece(constants.Z_FINISH);
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32BE(this.checksum);
    // zlib's header for the level (it names the level's class).
    const header = deflateSync(new Uint8Array(0), { level: this.level }).subarray(0, 2);
    return Buffer.concat([header, ...this.deflated, checksum]);
  }

  private deflatePiece(flush: number): void {
    const piece = this.piece.subarray(0, this.filled);
    this.deflated.push(deflateRawSync(piece, { level: this.level, finishFlush: flush, ...(this.dictionary ? { dictionary: this.dictionary } : {}) }));
    this.checksum = adler32(piece, this.checksum);
    this.dictionary = Buffer.from(piece.subarray(-32768));
    this.filled = 0;
  }
}

/**
 * Decodes a PNG into PDF image data, 8-bit whatever its depth: grey stays grey, a palette becomes RGB, and the alpha
 * (an alpha channel, or tRNS) is left out when every pixel is opaque. Rows go to the deflaters as they come, an
 * interlaced PNG's each made of the rows of the passes that hold its pixels. Throws for a PNG damaged anywhere: a
 * chunk's CRC, its image data's checksum, or its rows more or fewer than its header declares.
 */
export function decodePng(bytes: Uint8Array, level: number, limits: PngLimits = pngLimits): DecodedPng {
  const png = readPng(bytes);
  const { width, height, colorType } = png;
  const colours = colorType & 2 ? 3 : 1;
  const samples = new PiecewiseDeflate(width * height * colours, level, limits.deflatePieceBytes);
  const alpha = new PiecewiseDeflate(width * height, level, limits.deflatePieceBytes);
  const write = rowWriterOf(png);
  const passes = passesOf(png);
  const passRows = passRowsOf(png, passes, limits);
  const rowColour = new Uint8Array(width * colours);
  const rowAlpha = new Uint8Array(width);
  // The pixels of a pass's row, before they are set in their places in the image's row (every other one, or fewer).
  const passColour = new Uint8Array(width * colours);
  const passAlpha = new Uint8Array(width);
  let opaque = true;
  for (let y = 0; y < height; y++) {
    for (const [index, pass] of passes.entries()) {
      if (y < pass.y || (y - pass.y) % pass.dy !== 0) continue;
      const row = passRows.next(index);
      // A pass of whole rows: not interlaced, or Adam7's last.
      if (pass.dx === 1) {
        if (!write(row, pass.width, rowColour, rowAlpha)) opaque = false;
        continue;
      }
      if (!write(row, pass.width, passColour, passAlpha)) opaque = false;
      for (let x = 0, at = pass.x; x < pass.width; x++, at += pass.dx) {
        rowAlpha[at] = passAlpha[x] as number;
        for (let channel = 0; channel < colours; channel++) rowColour[at * colours + channel] = passColour[x * colours + channel] as number;
      }
    }
    samples.write(rowColour);
    alpha.write(rowAlpha);
  }
  passRows.end();
  return { width, height, colorSpace: colours === 3 ? 'DeviceRGB' : 'DeviceGray', samples: samples.end(), alpha: opaque ? undefined : alpha.end() };
}
