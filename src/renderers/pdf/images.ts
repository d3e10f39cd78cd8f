import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { BoundedCache } from './bounded.js';
import { deflateLevel } from './output.js';
import type { WritableDocument } from './writer.js';

/** A picture or logo to draw: its bytes, and the digest that names them. */
export interface PictureFile {
  readonly bytes: Uint8Array;
  readonly mediaType: string;
  readonly hash: string;
}

/** A picture opened for the PDF: pdfkit's own opened image, or a PNG decoded here (`DecodedImage`). */
export type PdfImage = { readonly width: number; readonly height: number };

/**
 * Opens a PNG or JPEG for the document; throws when it cannot be read. pdfkit embeds a JPEG, and a PNG's
 * compressed data, as they are; but a PNG with an alpha channel, a transparent palette entry or interlacing it
 * decodes with png-js, whose inflate is asynchronous: the image's object ended after the document had, and the
 * edition failed ("objects are still open"). Those PNGs are decoded here, synchronously, by pngjs, and kept for
 * the next article: a theme's logo is drawn on every one (a 600 × 200 logo with alpha takes 6-11 ms to decode
 * and deflate).
 */
export function openPicture(doc: WritableDocument, picture: PictureFile): PdfImage {
  if (picture.mediaType === 'image/png' && !embeddedAsItIs(picture.bytes)) return new DecodedImage(decoded(picture), nextLabel(doc));
  return (doc as unknown as { openImage(bytes: Buffer): PdfImage }).openImage(Buffer.from(picture.bytes));
}

/** Draws an opened picture at its place, at its size. */
export function drawPicture(doc: WritableDocument, image: PdfImage, x: number, y: number, size: { width: number; height: number }): void {
  // pdfkit's image() takes an object with a size as an opened image.
  doc.image(image as unknown as Buffer, x, y, size);
}

/** Whether pdfkit embeds this PNG's data as it is: true colour or grey without alpha, a palette without transparency, not interlaced. */
function embeddedAsItIs(bytes: Uint8Array): boolean {
  // IHDR is the first chunk: its colour type at byte 25, its interlace method at 28.
  const colorType = bytes[25];
  if (bytes[28] !== 0 || colorType === 4 || colorType === 6) return false;
  return colorType !== 3 || !hasChunk(bytes, 'tRNS');
}

/** Whether the PNG has a chunk of this type before its image data ends. */
function hasChunk(bytes: Uint8Array, type: string): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 8; offset + 8 <= bytes.length; ) {
    const name = String.fromCharCode(bytes[offset + 4] ?? 0, bytes[offset + 5] ?? 0, bytes[offset + 6] ?? 0, bytes[offset + 7] ?? 0);
    if (name === type) return true;
    if (name === 'IEND') return false;
    // Length, type, data, CRC.
    offset += 12 + view.getUint32(offset);
  }
  return false;
}

/** A PNG's pixels as PDF image data, each deflated: grey or RGB samples, and the alpha samples when any pixel is not opaque. */
interface DecodedPng {
  readonly width: number;
  readonly height: number;
  readonly colorSpace: 'DeviceGray' | 'DeviceRGB';
  readonly samples: Buffer;
  readonly alpha: Buffer | undefined;
}

/** PNGs decoded in this thread, by digest: up to 16 MB of their deflated samples, so that a batch of large pictures does not pile up. */
const decodedPngs = new BoundedCache<DecodedPng>(16 * 1024 * 1024, (_, png) => png.samples.length + (png.alpha?.length ?? 0));

function decoded(picture: PictureFile): DecodedPng {
  let png = decodedPngs.get(picture.hash);
  if (!png) {
    png = decode(picture.bytes);
    decodedPngs.set(picture.hash, png);
  }
  return png;
}

function decode(bytes: Uint8Array): DecodedPng {
  // pngjs gives 8-bit RGBA whatever the PNG's colour type and depth (16-bit samples scaled down, as pdfkit did).
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const { width, height, data } = png;
  const channels = png.color ? 3 : 1;
  const samples = Buffer.allocUnsafe(width * height * channels);
  const alpha = Buffer.allocUnsafe(width * height);
  let opaque = true;
  for (let pixel = 0, sample = 0; pixel < alpha.length; pixel++) {
    const at = pixel * 4;
    samples[sample++] = data[at] as number;
    if (channels === 3) {
      samples[sample++] = data[at + 1] as number;
      samples[sample++] = data[at + 2] as number;
    }
    const value = data[at + 3] as number;
    alpha[pixel] = value;
    if (value !== 255) opaque = false;
  }
  return {
    width,
    height,
    colorSpace: png.color ? 'DeviceRGB' : 'DeviceGray',
    samples: deflateSync(samples, { level: deflateLevel }),
    alpha: opaque ? undefined : deflateSync(alpha, { level: deflateLevel }),
  };
}

/** Image names already given in a document: pdfkit's own are I1, I2… */
const labelsGiven = new WeakMap<object, number>();

function nextLabel(doc: object): string {
  const count = (labelsGiven.get(doc) ?? 0) + 1;
  labelsGiven.set(doc, count);
  return `P${count}`;
}

/** A decoded PNG as pdfkit's opened image: an image XObject, and its soft mask when it has alpha. */
class DecodedImage {
  obj: unknown;
  readonly width: number;
  readonly height: number;

  constructor(
    private readonly png: DecodedPng,
    readonly label: string,
  ) {
    this.width = png.width;
    this.height = png.height;
  }

  embed(doc: WritableDocument): void {
    const { width, height, colorSpace, samples, alpha } = this.png;
    const imageOf = (space: string) =>
      doc.ref({ Type: 'XObject', Subtype: 'Image', Width: width, Height: height, BitsPerComponent: 8, ColorSpace: space, Filter: 'FlateDecode' });
    const image = imageOf(colorSpace);
    if (alpha) {
      const mask = imageOf('DeviceGray');
      mask.end(alpha);
      (image.data as Record<string, unknown>).SMask = mask;
    }
    image.end(samples);
    this.obj = image;
  }
}
