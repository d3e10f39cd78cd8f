import { BoundedCache } from './bounded.js';
import { deflateLevel } from './output.js';
import { assertRowsWhole, chunksOf, type DecodedPng, decodePng } from './png.js';
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
 * edition failed ("objects are still open"). Those PNGs are decoded here, synchronously, a row at a time (`png.ts`),
 * and kept for the next article: a theme's logo is drawn on every one (a 600 × 200 logo with alpha takes 6-8 ms to
 * decode and deflate).
 */
export function openPicture(doc: WritableDocument, picture: PictureFile): PdfImage {
  // A picture shown twice in an article is embedded once.
  const opened = openedIn.get(doc) ?? new Map<string, PdfImage>();
  openedIn.set(doc, opened);
  let image = opened.get(picture.hash);
  if (!image) {
    const png = picture.mediaType === 'image/png';
    if (png && !embeddedAsItIs(picture.bytes)) image = new DecodedImage(decoded(picture), nextLabel(doc));
    else if (png) {
      assertWhole(picture);
      image = new PngAsItIs(picture.bytes, pdfkitLabel(doc));
    } else {
      assertJpegEnds(picture.bytes);
      image = (doc as unknown as { openImage(bytes: Buffer): PdfImage }).openImage(Buffer.from(picture.bytes));
    }
    opened.set(picture.hash, image);
  }
  return image;
}

/**
 * A JPEG cut short (an upload or a copy that stopped) is embedded as it is: its header is whole, so it opens,
 * and the PDF carries data no viewer can decode (qpdf: "invalid jpeg data"). Its segments are walked to the
 * end-of-image marker: in a scan, 0xFF is followed by 0 or a restart marker, and any other marker ends it. What
 * follows the end (a phone's motion photo) is not looked at.
 */
function assertJpegEnds(bytes: Uint8Array): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2;
  while (at + 1 < buffer.length) {
    const marker = buffer[at + 1] as number;
    if (buffer[at] !== 0xff) break;
    if (marker === 0xd9) return;
    // Fill bytes, and markers without a length.
    if (marker === 0xff) at += 1;
    else if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) at += 2;
    else {
      at += 2 + buffer.readUInt16BE(Math.min(at + 2, buffer.length - 2));
      if (marker !== 0xda) continue;
      // The scan's data, to the next marker that is neither a stuffed 0 nor a restart.
      for (at = buffer.indexOf(0xff, at); at !== -1 && at + 1 < buffer.length; at = buffer.indexOf(0xff, at + 2)) {
        const next = buffer[at + 1] as number;
        if (next !== 0 && !(next >= 0xd0 && next <= 0xd7)) break;
      }
      if (at === -1) break;
    }
  }
  throw new Error('the JPEG is cut short: its image data has no end');
}

/** The pictures opened in each document, by digest. */
const openedIn = new WeakMap<object, Map<string, PdfImage>>();

/** Draws an opened picture at its place, at its size. */
export function drawPicture(doc: WritableDocument, image: PdfImage, x: number, y: number, size: { width: number; height: number }): void {
  // pdfkit's image() takes an object with a size as an opened image.
  doc.image(image as unknown as Buffer, x, y, size);
}

/**
 * Whether this PNG's data is embedded as it is: true colour, grey or a palette, with no transparency, not
 * interlaced. A transparent colour (`tRNS` of grey or true colour) is decoded into alpha: pdfkit made it a colour
 * key mask of the wrong values (the high bytes of its 16-bit samples).
 */
function embeddedAsItIs(bytes: Uint8Array): boolean {
  // IHDR is the first chunk: its colour type at byte 25, its interlace method at 28.
  const colorType = bytes[25];
  if (bytes[28] !== 0 || colorType === 4 || colorType === 6) return false;
  return chunksOf(bytes, 'tRNS').length === 0;
}

/** Digests of the PNGs embedded as they are whose data was found whole, in this thread. */
const wholePngs = new BoundedCache<true>(4096, () => 1);

/** Throws unless the image data of a PNG embedded as it is inflates to the rows its header declares (`assertRowsWhole`), once per thread. */
function assertWhole(picture: PictureFile): void {
  if (wholePngs.get(picture.hash)) return;
  assertRowsWhole(picture.bytes);
  wholePngs.set(picture.hash, true);
}

/** PNGs decoded in this thread, by digest: up to 16 MB of their deflated samples, so that a batch of large pictures does not pile up. */
const decodedPngs = new BoundedCache<DecodedPng>(16 * 1024 * 1024, (_, png) => png.samples.length + (png.alpha?.length ?? 0));

function decoded(picture: PictureFile): DecodedPng {
  let png = decodedPngs.get(picture.hash);
  if (!png) {
    png = decodePng(picture.bytes, deflateLevel);
    decodedPngs.set(picture.hash, png);
  }
  return png;
}

/** Image names already given in a document: pdfkit's own are I1, I2… */
const labelsGiven = new WeakMap<object, number>();

function nextLabel(doc: object): string {
  const count = (labelsGiven.get(doc) ?? 0) + 1;
  labelsGiven.set(doc, count);
  return `P${count}`;
}

/** The name pdfkit gives the next image it opens (I1, I2…), from its own count: a PNG embedded here keeps the name and place it had. */
function pdfkitLabel(doc: WritableDocument): string {
  const counted = doc as unknown as { _imageCount: number };
  return `I${++counted._imageCount}`;
}

/**
 * A PNG whose compressed rows are embedded as they are, as pdfkit's own PNG image is, object for object: an image
 * XObject with the PNG predictor, and its palette. Written here because pdfkit's PNG reader (png-js) copies the image
 * data into an array one byte at a time: 2.2 s of the helper's 24 s for 1,000 articles with an 18 kB picture each.
 */
class PngAsItIs {
  obj: unknown;
  readonly width: number;
  readonly height: number;

  constructor(
    private readonly bytes: Uint8Array,
    readonly label: string,
  ) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.width = view.getUint32(16);
    this.height = view.getUint32(20);
  }

  embed(doc: WritableDocument): void {
    const { bytes, width, height } = this;
    // IHDR: bit depth at byte 24, colour type at 25 (0 grey, 2 true colour, 3 palette).
    const bits = bytes[24] as number;
    const colorType = bytes[25];
    const image = doc.ref({ Type: 'XObject', Subtype: 'Image', BitsPerComponent: bits, Width: width, Height: height, Filter: 'FlateDecode' });
    const data = image.data as Record<string, unknown>;
    const parameters = doc.ref({ Predictor: 15, Colors: colorType === 2 ? 3 : 1, BitsPerComponent: bits, Columns: width });
    data.DecodeParms = parameters;
    parameters.end(undefined);
    const palette = chunksOf(bytes, 'PLTE')[0];
    if (colorType === 3 && palette) {
      const colors = doc.ref({});
      colors.end(palette);
      data.ColorSpace = ['Indexed', 'DeviceRGB', palette.length / 3 - 1, colors];
    } else data.ColorSpace = colorType === 2 ? 'DeviceRGB' : 'DeviceGray';
    image.end(Buffer.concat(chunksOf(bytes, 'IDAT')));
    this.obj = image;
  }
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
