import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Root } from 'hast';
import { visit } from 'unist-util-visit';
import { addressAsWritten } from '../../read/images.js';
import type { Article, ImageAsset, RenderContext, SourcePlace } from '../../types.js';
import { isLossyWebp } from '../common/converted-images.js';
import { contentFileName } from '../common/data-urls.js';

/** `imageWidths: true`: a phone's column at 1x (480), the desktop column (about 600 CSS pixels) at 1.5x and at about 2.5x. */
export const defaultImageWidths: readonly number[] = [480, 960, 1600];

/** A smaller copy of a picture, beside the page: its width in pixels, as shown (EXIF orientation applied). */
export interface ResizedCopy {
  readonly width: number;
  readonly path: string;
  /** What it was made from (its file's `madeFrom`): the picture, the widths asked of it, the encoding, and the copies made. */
  readonly madeFrom: string;
  /** Its bytes; absent for a copy the last edition made alike, kept as it is on disk. */
  readonly bytes?: Uint8Array;
}

/**
 * A copy's bytes: the picture turned upright by its EXIF orientation, resized, in the picture's format (a photo stays a JPEG,
 * a chart a PNG), with sharp's own defaults otherwise (quality 80), and none of the original's metadata: no EXIF (a phone's GPS
 * position), the colours converted to sRGB. A lossless WebP (a screenshot, a chart) stays lossless: lossy copies blur its text and lines.
 */
function encodedCopy(sharp: typeof import('sharp').default, image: ImageAsset, width: number, palette: boolean): Promise<Buffer> {
  const resized = sharp(image.bytes).autoOrient().resize({ width });
  if (image.mediaType === 'image/png') return resized.png({ palette }).toBuffer();
  if (image.mediaType === 'image/webp') return resized.webp({ lossless: !isLossyWebp(image.bytes) }).toBuffer();
  return resized.jpeg().toBuffer();
}

/** The types that have copies. */
const resizedTypes: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp']);

let encodingOnce: string | undefined;

/**
 * How the copies are made, as recorded with them: sharp's version (which pins libvips') and a digest of `encodedCopy`'s own
 * code, so that a change to either makes them again, with no version to remember to bump. Read without loading sharp.
 */
function encoding(): string {
  if (encodingOnce === undefined) {
    // sharp's package.json is not in its exports: read beside its entry point (lib/index.js).
    const sharpFolder = dirname(dirname(createRequire(import.meta.url).resolve('sharp')));
    const { version } = JSON.parse(readFileSync(join(sharpFolder, 'package.json'), 'utf8')) as { version: string };
    encodingOnce = `sharp ${version} ${createHash('sha256').update(String(encodedCopy)).digest('hex').slice(0, 16)}`;
  }
  return encodingOnce;
}

/**
 * Copies of each JPEG, PNG and WebP picture the page shows, at each of `widths` narrower than the picture as shown (never
 * larger), narrowest first, by the picture's `src`, for its `srcset`: in `<slug>.images/`, named by the original's content and the width.
 * A GIF (perhaps animated), an SVG, an animated WebP, and a picture sharp cannot decode (with a warning) have none. The copies
 * the page's last edition made of a picture alike (its bytes, the widths asked, the encoding), still on disk as written
 * (`context.besideOnDisk`), are kept, not made again: resizing a camera's 24-megapixel photo takes 0.6 s.
 */
export async function resizedCopies(article: Article, widths: readonly number[], context: RenderContext): Promise<Map<string, readonly ResizedCopy[]>> {
  // Each picture shown, at its first place in the source, where a warning about it points.
  const shown = new Map<string, SourcePlace | undefined>();
  visit(article.hast as Root, 'element', (node) => {
    const { src } = node.properties;
    if (node.tagName === 'img' && typeof src === 'string' && !shown.has(src)) shown.set(src, node.position?.start);
  });
  const byHash = new Map<string, Promise<readonly ResizedCopy[]>>();
  const copiesOf = async (image: ImageAsset, place: SourcePlace | undefined): Promise<readonly ResizedCopy[]> => {
    const narrower = [...new Set(widths)].sort((a, b) => a - b).filter((width) => width < image.width);
    if (!resizedTypes.has(image.mediaType) || narrower.length === 0) return [];
    const pathOf = (width: number) => `${article.slug}.images/${contentFileName(image.hash, image.mediaType, `-${width}w`)}`;
    const asked = `${image.hash} ${encoding()} widths ${narrower.join(',')} made `;
    const kept = keptCopies(narrower, pathOf, asked, context.besideOnDisk);
    if (kept) return kept;
    // Loaded here only (and by html()'s factory in the main thread): a page without copies to make never loads sharp (libvips, 20 MB of native code).
    const { default: sharp } = await import('sharp');
    try {
      const { autoOrient, pages, isPalette } = await sharp(image.bytes).metadata();
      if ((pages ?? 1) > 1) return [];
      const made = await Promise.all(
        narrower
          .filter((width) => width < autoOrient.width)
          .map(async (width) => ({ width, bytes: new Uint8Array(await encodedCopy(sharp, image, width, isPalette)) })),
      );
      // A copy no lighter than the picture itself (a small palette PNG, a WebP compressed hard) saves nothing: the browser takes the picture.
      const lighter = made.filter((copy) => copy.bytes.byteLength < image.bytes.byteLength);
      const madeFrom = `${asked}${lighter.map((copy) => copy.width).join(',')}`;
      return lighter.map((copy) => ({ ...copy, path: pathOf(copy.width), madeFrom }));
    } catch (error) {
      // libvips gathers its errors, one a line, and copies made at once may each add the same one: each told once, on one line.
      const why = [...new Set((error as Error).message.split('\n').map((line) => line.trim()))].filter(Boolean).join('; ');
      context.warn(`Image ${addressAsWritten(image.src)} could not be resized (${why}); the page shows it at its full size only`, {
        place,
        ruleId: 'image-resize',
      });
      return [];
    }
  };
  const copies = new Map<string, readonly ResizedCopy[]>();
  for (const [src, place] of shown) {
    const image = article.images.get(src);
    if (!image) continue;
    if (!byHash.has(image.hash)) byHash.set(image.hash, copiesOf(image, place));
    copies.set(src, await (byHash.get(image.hash) as Promise<readonly ResizedCopy[]>));
  }
  return copies;
}

/**
 * The copies of a picture its page's last edition made as asked now (`asked`: the picture, the widths, the encoding), when every
 * one it made is on disk as written, to keep; undefined when any is not, and they are all made again.
 */
function keptCopies(
  narrower: readonly number[],
  pathOf: (width: number) => string,
  asked: string,
  onDisk: ReadonlyMap<string, string> | undefined,
): ResizedCopy[] | undefined {
  const recorded = narrower.map((width) => ({ width, path: pathOf(width), madeFrom: onDisk?.get(pathOf(width)) }));
  const madeFrom = recorded.find((copy) => copy.madeFrom?.startsWith(asked))?.madeFrom;
  if (madeFrom === undefined) return undefined;
  const made = madeFrom.slice(asked.length).split(',').map(Number);
  const kept = recorded.filter((copy) => made.includes(copy.width) && copy.madeFrom === madeFrom);
  return kept.length === made.length ? kept.map(({ width, path }) => ({ width, path, madeFrom })) : undefined;
}
