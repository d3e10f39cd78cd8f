// Referenced, not left to tsconfig's include: a newsroom's project type-checks src/ through the package's types.
/// <reference path="./webassembly.d.ts" />
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { addressAsWritten } from '../../read/images.js';
import type { Article, ImageAsset } from '../../types.js';

/*
 * The decoders and encoders are imported when a picture needs them: the EPUB and the PDF import this module, and most
 * articles have no GIF or WebP, so a publish of them does not load these libraries.
 */

/** WebP alone: the type EPUB 3.2 and Word cannot carry. */
export const webpPictures: ReadonlySet<string> = new Set(['image/webp']);

/**
 * The most pixels a picture may declare to be decoded here: 25 megapixels, a 24-megapixel camera's whole frame (6000 × 4000),
 * so that a photo a newsroom exports as it was shot is still printed, but not the 49 megapixels of a 32-byte WebP (the reader
 * takes up to 50). Decoding costs about 15 bytes a pixel in an EPUB or DOCX thread and 20 in a PDF one (the pixels, libwebp's
 * copy, the re-encoding; the PDF reads the PNG a row at a time, 26 when it decoded it whole): a 16-megapixel WebP takes the run
 * with its two threads to 680 MB (then 794-844 MB), and the 49-megapixel one took it to 2.2 GB.
 */
const maxDecodedMegapixels = 25;

/** 8-bit RGBA pixels, row after row. */
interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Why a picture of a converted type is left as it is: its pixels cannot be decoded, or it declares too many to decode. */
export type Unconverted =
  | { readonly kind: 'undecodable'; readonly why: string }
  | { readonly kind: 'too-large'; readonly width: number; readonly height: number };

/** An article whose pictures are converted, with why each picture left as it is was (by `src`). */
export interface ConvertedArticle extends Article {
  readonly unconverted: ReadonlyMap<string, Unconverted>;
}

/**
 * The article as a format that cannot carry some image types sees it (PDF: GIF and WebP; EPUB 3.2 and Word: WebP):
 * each image of `types` as a JPEG or PNG of the same pixels (a GIF's first frame, what print shows), under the same
 * `src` and hash; the others, and the frozen trees, as they are. A picture that cannot be decoded, or declares more
 * pixels than are decoded here, is left as it is, with why in `unconverted`: the renderer gives its alt text and
 * `unconvertedWarning` at it.
 */
export async function withConvertedImages(article: Article, types: ReadonlySet<string>): Promise<ConvertedArticle> {
  const images = new Map<string, ImageAsset>();
  const unconverted = new Map<string, Unconverted>();
  for (const [src, asset] of article.images) {
    const conversion = types.has(asset.mediaType) ? await conversionOnce(asset) : undefined;
    if (conversion && 'kind' in conversion) unconverted.set(src, conversion);
    images.set(src, conversion && 'bytes' in conversion ? Object.freeze({ ...asset, ...conversion }) : asset);
  }
  return Object.freeze({ ...article, images, unconverted });
}

/** The warning for a picture `withConvertedImages` left as it is, with the edition's rule (`pdf-image-unreadable`, `epub-image-too-large`…). */
export function unconvertedWarning(edition: string, asset: ImageAsset, unconverted: Unconverted): { readonly reason: string; readonly ruleId: string } {
  if (unconverted.kind === 'undecodable')
    return {
      reason: `Image ${addressAsWritten(asset.src)} cannot be decoded as ${asset.mediaType} (${unconverted.why}), so its alt text stands in. Export it again`,
      ruleId: `${edition}-image-unreadable`,
    };
  const { width, height } = unconverted;
  return {
    reason: `Image ${addressAsWritten(asset.src)} declares ${width}×${height} pixels (${((width * height) / 1e6).toFixed(1)} megapixels), more than the ${maxDecodedMegapixels} megapixels an edition decodes to convert a picture, so its alt text stands in. Resize it below ${maxDecodedMegapixels} megapixels`,
    ruleId: `${edition}-image-too-large`,
  };
}

/** A picture's new type and bytes, or why it has none. */
type Conversion = { readonly mediaType: string; readonly bytes: Uint8Array } | Unconverted;

/** Conversions of this thread, by digest: an article's PDF and EPUB made in one thread convert its WebP once. */
const conversions = new Map<string, Promise<Conversion>>();
/** Up to this many conversions are kept (the newest). */
const keptConversions = 16;

function conversionOnce(asset: ImageAsset): Promise<Conversion> {
  let conversion = conversions.get(asset.hash);
  if (!conversion) {
    conversion = conversionOf(asset);
    conversions.set(asset.hash, conversion);
    if (conversions.size > keptConversions) conversions.delete(conversions.keys().next().value as string);
  }
  return conversion;
}

/**
 * A lossy WebP photo with no transparency becomes a JPEG (quality 90), as it was shot: as a PNG a 1600 × 1067 photo of
 * 277 kB took 2.6 MB in each EPUB. Graphics (a GIF, a lossless WebP) and transparent pictures become PNGs, which keep
 * their edges and their alpha. A picture that cannot be decoded, or declares too many pixels, has none; any other
 * failure fails the edition.
 */
async function conversionOf(asset: ImageAsset): Promise<Conversion> {
  const open = await openerOf(asset.mediaType);
  let pixels: Pixels;
  try {
    const picture = open(asset);
    if (picture.width * picture.height > maxDecodedMegapixels * 1e6) return { kind: 'too-large', width: picture.width, height: picture.height };
    pixels = await picture.decode();
  } catch (error) {
    return { kind: 'undecodable', why: (error as Error).message.replace(/\.$/, '') };
  }
  const { width, height, data } = pixels;
  const samples = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (isLossyWebp(asset.bytes) && isOpaque(data)) {
    // CommonJS packages: their bundled dynamic import has only a default export (module.exports).
    const { default: jpeg } = await import('jpeg-js');
    return { mediaType: 'image/jpeg', bytes: new Uint8Array(jpeg.encode({ width, height, data: samples }, 90).data) };
  }
  const { default: pngjs } = await import('pngjs');
  const png = new pngjs.PNG({ width, height });
  png.data = samples;
  return { mediaType: 'image/png', bytes: new Uint8Array(pngjs.PNG.sync.write(png, { deflateLevel: 6 })) };
}

/** A WebP whose image is VP8 (lossy), not VP8L (lossless): its RIFF chunks, after the 12-byte header, hold a `VP8 ` one. */
export function isLossyWebp(bytes: Uint8Array): boolean {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 12; offset + 8 <= view.length; offset += 8 + view.readUInt32LE(offset + 4) + (view.readUInt32LE(offset + 4) % 2)) {
    if (view.toString('latin1', offset, offset + 4) === 'VP8 ') return true;
  }
  return false;
}

function isOpaque(rgba: Uint8Array): boolean {
  for (let alpha = 3; alpha < rgba.length; alpha += 4) if (rgba[alpha] !== 255) return false;
  return true;
}

/** A picture opened: the pixels its headers declare, and their decoding. */
interface OpenedPicture {
  readonly width: number;
  readonly height: number;
  decode(): Promise<Pixels>;
}

/**
 * The opener of a type, loaded (a GIF's first frame on a transparent canvas of its size, as a browser shows it before
 * it animates). Opening reads the headers only, and throws for a picture whose headers are damaged.
 */
async function openerOf(mediaType: string): Promise<(asset: ImageAsset) => OpenedPicture> {
  if (mediaType === 'image/gif') {
    const { default: omggif } = await import('omggif');
    return ({ bytes }) => {
      const gif = new omggif.GifReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      // omggif takes a byte for each pixel of the frame, which may declare more than the screen the reader measured.
      const frame = gif.frameInfo(0);
      const [width, height] = frame.width * frame.height > gif.width * gif.height ? [frame.width, frame.height] : [gif.width, gif.height];
      return {
        width,
        height,
        decode: async () => {
          const data = new Uint8Array(gif.width * gif.height * 4);
          gif.decodeAndBlitFrameRGBA(0, data);
          return { width: gif.width, height: gif.height, data };
        },
      };
    };
  }
  if (mediaType === 'image/webp') {
    webpInstance ??= newWebpInstance();
    const instance = webpInstance;
    const libwebp = await instance;
    // The reader's size is the header's (VP8, VP8L, or VP8X's canvas, which libwebp refuses an image to differ from).
    return ({ bytes, width, height }) => ({
      width,
      height,
      decode: async () => {
        try {
          // A copy of its own: the bytes may be a Node Buffer, a view into a pool of other files' bytes, whose `slice` is no copy.
          const image = libwebp.decode(new Uint8Array(bytes).buffer);
          if (!image) throw new Error('Decoding error');
          return { width: image.width, height: image.height, data: new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.byteLength) };
        } finally {
          // Its memory, grown for a large picture, never shrinks: the instance is let go with it, and the next WebP gets a new one.
          if (libwebp.memory.buffer.byteLength > keptWebpMemoryBytes && webpInstance === instance) webpInstance = undefined;
        }
      },
    });
  }
  throw new Error(`${mediaType} is not decoded here`);
}

/** An instance of libwebp's decoder (Squoosh's build, WebAssembly), and its memory. */
interface LibWebp {
  decode(bytes: ArrayBuffer): { width: number; height: number; data: Uint8ClampedArray } | null;
  readonly memory: WebAssembly.Memory;
}

/**
 * The most memory a thread's libwebp instance keeps after a decode. It starts at 16 MB, which holds a photo of up to
 * about 4 megapixels; a decode grows it (WebAssembly memory never shrinks) to 56 MB for a 12-megapixel photo, 112 for a
 * 24-megapixel one, 153 for a 20-megapixel lossless picture, and the instance kept it for the thread's run. An instance
 * past this is let go after its decode, and its memory collected. A new one takes 2 ms of CPU; a large picture's decode
 * in it takes up to 140 ms more than in an instance already grown, as its memory grows and is paged in again (medians
 * of 7: a 24-megapixel photo 792 -> 870 ms, the lossless picture 319 -> 462 ms), paid only after such a picture.
 */
const keptWebpMemoryBytes = 64 * 1024 * 1024;

/**
 * What libwebp's glue makes its result: an ImageData, which Node lacks. The glue defines the class itself when it is
 * missing, in its first instance's scope, and the class, on globalThis, then keeps that instance and its memory for the
 * thread's run; defined here, out of any instance's scope (as a module's own, not inside a function), it keeps nothing.
 */
class PlainImageData {
  constructor(
    readonly data: Uint8ClampedArray,
    readonly width: number,
    readonly height: number,
  ) {}
}

/** libwebp's module, compiled once per thread, on the first WebP. */
let webpModule: Promise<WebAssembly.Module> | undefined;
/** This thread's instance of it, until a decode grows its memory past `keptWebpMemoryBytes`. */
let webpInstance: Promise<LibWebp> | undefined;

async function newWebpInstance(): Promise<LibWebp> {
  // Given the module's bytes: its own loader fetches the .wasm by URL, which Node's fetch cannot do for a file.
  webpModule ??= readFile(createRequire(import.meta.url).resolve('@jsquash/webp/codec/dec/webp_dec.wasm')).then((bytes) => WebAssembly.compile(bytes));
  const [{ default: webpFactory }, compiled] = await Promise.all([import('@jsquash/webp/codec/dec/webp_dec.js'), webpModule]);
  (globalThis as { ImageData?: unknown }).ImageData ??= PlainImageData;
  let memory: WebAssembly.Memory | undefined;
  const decoder = await webpFactory({
    noInitialRun: true,
    // The instance made here, of the module compiled once, so that its memory can be read.
    instantiateWasm: (imports: WebAssembly.Imports, instantiated: (instance: WebAssembly.Instance) => void) => {
      const instance = new WebAssembly.Instance(compiled, imports);
      memory = Object.values(instance.exports).find((value): value is WebAssembly.Memory => value instanceof WebAssembly.Memory);
      instantiated(instance);
      return instance.exports;
    },
  });
  if (!memory) throw new Error("libwebp's WebAssembly instance exports no memory");
  return { decode: (bytes) => decoder.decode(bytes), memory };
}
