import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { encode as encodeJpeg } from 'jpeg-js';
import { GifReader } from 'omggif';
import { PNG } from 'pngjs';
import type { Article, ImageAsset } from '../../types.js';

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
export async function withPngsFor(article: Article, types: ReadonlySet<string>): Promise<Article> {
  if (![...article.images.values()].some((asset) => types.has(asset.mediaType))) return article;
  const images = new Map<string, ImageAsset>();
  for (const [src, asset] of article.images) images.set(src, types.has(asset.mediaType) ? await asPng(asset) : asset);
  return Object.freeze({ ...article, images });
}

/** Converted pictures of this thread, by digest: an article's PDF and EPUB made in one thread convert its WebP once. */
const pngs = new Map<string, Promise<ImageAsset>>();
/** Up to this many converted pictures are kept (the newest). */
const keptPngs = 16;

function asPng(asset: ImageAsset): Promise<ImageAsset> {
  let png = pngs.get(asset.hash);
  if (!png) {
    png = converted(asset);
    pngs.set(asset.hash, png);
    if (pngs.size > keptPngs) pngs.delete(pngs.keys().next().value as string);
  }
  return png;
}

/**
 * A lossy WebP photo with no transparency becomes a JPEG (quality 90), as it was shot: as a PNG a 1600 × 1067 photo of
 * 277 kB took 2.6 MB in each EPUB. Graphics (a GIF, a lossless WebP) and transparent pictures become PNGs, which keep
 * their edges and their alpha.
 */
async function converted(asset: ImageAsset): Promise<ImageAsset> {
  try {
    const { width, height, data } = await pixelsOf(asset);
    if (isLossyWebp(asset.bytes) && isOpaque(data)) {
      const jpeg = encodeJpeg({ width, height, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) }, 90);
      return Object.freeze({ ...asset, mediaType: 'image/jpeg', orientation: 1, bytes: new Uint8Array(jpeg.data) });
    }
    const png = new PNG({ width, height });
    png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return Object.freeze({ ...asset, mediaType: 'image/png', bytes: new Uint8Array(PNG.sync.write(png, { deflateLevel: 6 })) });
  } catch {
    return asset;
  }
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

async function pixelsOf(asset: ImageAsset): Promise<Pixels> {
  if (asset.mediaType === 'image/gif') {
    const gif = new GifReader(Buffer.from(asset.bytes.buffer, asset.bytes.byteOffset, asset.bytes.byteLength));
    // The first frame on a transparent canvas of the GIF's size, as a browser shows it before it animates.
    const data = new Uint8Array(gif.width * gif.height * 4);
    gif.decodeAndBlitFrameRGBA(0, data);
    return { width: gif.width, height: gif.height, data };
  }
  if (asset.mediaType === 'image/webp') {
    const decode = await webpDecoder();
    // A copy of its own: the bytes may be a Node Buffer, a view into a pool of other files' bytes, whose `slice` is no copy.
    const { width, height, data } = await decode(new Uint8Array(asset.bytes).buffer);
    return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  }
  throw new Error(`${asset.mediaType} is not decoded here`);
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
