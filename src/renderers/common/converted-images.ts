import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Article, ImageAsset } from '../../types.js';

/*
 * The decoders and encoders are imported when a picture needs them: the EPUB and the PDF import this module, and most
 * articles have no GIF or WebP, so a publish of them does not load these libraries.
 */

/** WebP alone: the type EPUB 3.2 and Word cannot carry. */
export const webpPictures: ReadonlySet<string> = new Set(['image/webp']);

/** 8-bit RGBA pixels, row after row. */
interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * The article as a format that cannot carry some image types sees it (PDF: GIF and WebP; EPUB 3.2 and Word: WebP):
 * each image of `types` as a JPEG or PNG of the same pixels (a GIF's first frame, what print shows), under the same
 * `src` and hash; the others, and the frozen trees, as they are. A picture that cannot be decoded is left as it is, and
 * the renderer says that it cannot carry it.
 */
export async function withConvertedImages(article: Article, types: ReadonlySet<string>): Promise<Article> {
  if (![...article.images.values()].some((asset) => types.has(asset.mediaType))) return article;
  const images = new Map<string, ImageAsset>();
  for (const [src, asset] of article.images) images.set(src, types.has(asset.mediaType) ? await convertedOnce(asset) : asset);
  return Object.freeze({ ...article, images });
}

/** Converted pictures of this thread, by digest: an article's PDF and EPUB made in one thread convert its WebP once. */
const conversions = new Map<string, Promise<ImageAsset>>();
/** Up to this many converted pictures are kept (the newest). */
const keptConversions = 16;

function convertedOnce(asset: ImageAsset): Promise<ImageAsset> {
  let conversion = conversions.get(asset.hash);
  if (!conversion) {
    conversion = converted(asset);
    conversions.set(asset.hash, conversion);
    if (conversions.size > keptConversions) conversions.delete(conversions.keys().next().value as string);
  }
  return conversion;
}

/**
 * A lossy WebP photo with no transparency becomes a JPEG (quality 90), as it was shot: as a PNG a 1600 × 1067 photo of
 * 277 kB took 2.6 MB in each EPUB. Graphics (a GIF, a lossless WebP) and transparent pictures become PNGs, which keep
 * their edges and their alpha. A picture that cannot be decoded is left as it is; any other failure fails the edition.
 */
async function converted(asset: ImageAsset): Promise<ImageAsset> {
  const decode = await decoderOf(asset.mediaType);
  let pixels: Pixels;
  try {
    pixels = await decode(asset.bytes);
  } catch {
    return asset;
  }
  const { width, height, data } = pixels;
  const samples = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (isLossyWebp(asset.bytes) && isOpaque(data)) {
    // CommonJS packages: their bundled dynamic import has only a default export (module.exports).
    const { default: jpeg } = await import('jpeg-js');
    return Object.freeze({ ...asset, mediaType: 'image/jpeg', bytes: new Uint8Array(jpeg.encode({ width, height, data: samples }, 90).data) });
  }
  const { default: pngjs } = await import('pngjs');
  const png = new pngjs.PNG({ width, height });
  png.data = samples;
  return Object.freeze({ ...asset, mediaType: 'image/png', bytes: new Uint8Array(pngjs.PNG.sync.write(png, { deflateLevel: 6 })) });
}

/** A WebP whose image is VP8 (lossy), not VP8L (lossless): its RIFF chunks, after the 12-byte header, hold a `VP8 ` one. */
function isLossyWebp(bytes: Uint8Array): boolean {
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

/** The decoder of a type, loaded (a GIF's first frame on a transparent canvas of its size, as a browser shows it before it animates). */
async function decoderOf(mediaType: string): Promise<(bytes: Uint8Array) => Promise<Pixels>> {
  if (mediaType === 'image/gif') {
    const { default: omggif } = await import('omggif');
    return async (bytes) => {
      const gif = new omggif.GifReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      const data = new Uint8Array(gif.width * gif.height * 4);
      gif.decodeAndBlitFrameRGBA(0, data);
      return { width: gif.width, height: gif.height, data };
    };
  }
  if (mediaType === 'image/webp') {
    const decode = await webpDecoder();
    return async (bytes) => {
      // A copy of its own: the bytes may be a Node Buffer, a view into a pool of other files' bytes, whose `slice` is no copy.
      const { width, height, data } = await decode(new Uint8Array(bytes).buffer);
      return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
    };
  }
  throw new Error(`${mediaType} is not decoded here`);
}

/** libwebp's decoder (Squoosh's build, WebAssembly), set up once per thread, on the first WebP. */
let webpDecoding: Promise<(bytes: ArrayBuffer) => Promise<{ width: number; height: number; data: Uint8ClampedArray }>> | undefined;

function webpDecoder() {
  webpDecoding ??= (async () => {
    const { default: decode, init } = await import('@jsquash/webp/decode.js');
    // Given the module's bytes: its own loader fetches the .wasm by URL, which Node's fetch cannot do for a file.
    const wasmBinary = await readFile(createRequire(import.meta.url).resolve('@jsquash/webp/codec/dec/webp_dec.wasm'));
    await init({ wasmBinary });
    return decode;
  })();
  return webpDecoding;
}
