import type { Root } from 'hast';
import type { Sharp } from 'sharp';
import { visit } from 'unist-util-visit';
import { addressAsWritten } from '../../read/images.js';
import type { Article, BesideFile, ImageAsset, RenderContext, SourcePlace } from '../../types.js';
import { isLossyWebp } from '../common/converted-images.js';
import { contentFileName } from '../common/data-urls.js';

/** `imageWidths: true`: a phone's column at 1x (480), the desktop column (about 600 CSS pixels) at 1.5x and at about 2.5x. */
export const defaultImageWidths: readonly number[] = [480, 960, 1600];

/** A smaller copy of a picture, written beside the page: its width in pixels, as shown (EXIF orientation applied). */
export interface ResizedCopy extends BesideFile {
  readonly width: number;
}

/**
 * Each encoder keeps the picture's format: a photo stays a JPEG, a chart a PNG. sharp's own defaults otherwise (quality 80),
 * and none of the original's metadata: no EXIF (a phone's GPS position), the colours converted to sRGB.
 */
const encoders: Readonly<Record<string, (pipeline: Sharp, image: ImageAsset, palette: boolean) => Sharp>> = {
  'image/jpeg': (pipeline) => pipeline.jpeg(),
  'image/png': (pipeline, _image, palette) => pipeline.png({ palette }),
  // A lossless WebP (a screenshot, a chart) stays lossless: lossy copies blur its text and lines.
  'image/webp': (pipeline, image) => pipeline.webp({ lossless: !isLossyWebp(image.bytes) }),
};

/**
 * Copies of each JPEG, PNG and WebP picture the page shows, at each of `widths` narrower than the picture as shown (never
 * larger), narrowest first, by the picture's `src`, for its `srcset`: in `<slug>.images/`, named by the original's content and the width.
 * A GIF (perhaps animated), an SVG, an animated WebP, and a picture sharp cannot decode (with a warning) have none.
 */
export async function resizedCopies(article: Article, widths: readonly number[], context: RenderContext): Promise<Map<string, readonly ResizedCopy[]>> {
  // Loaded here only (and by html()'s factory in the main thread): a page without copies never loads sharp (libvips, 20 MB of native code).
  const { default: sharp } = await import('sharp');
  // Each picture shown, at its first place in the source, where a warning about it points.
  const shown = new Map<string, SourcePlace | undefined>();
  visit(article.hast as Root, 'element', (node) => {
    const { src } = node.properties;
    if (node.tagName === 'img' && typeof src === 'string' && !shown.has(src)) shown.set(src, node.position?.start);
  });
  const byHash = new Map<string, Promise<readonly ResizedCopy[]>>();
  const copiesOf = async (image: ImageAsset, place: SourcePlace | undefined): Promise<readonly ResizedCopy[]> => {
    const encode = encoders[image.mediaType];
    if (!encode) return [];
    try {
      const { autoOrient, pages, isPalette } = await sharp(image.bytes).metadata();
      if ((pages ?? 1) > 1) return [];
      const narrower = [...new Set(widths)].sort((a, b) => a - b).filter((width) => width < autoOrient.width);
      const made = await Promise.all(
        narrower.map(async (width) => ({
          width,
          path: `${article.slug}.images/${contentFileName(image.hash, image.mediaType, `-${width}w`)}`,
          bytes: new Uint8Array(await encode(sharp(image.bytes).autoOrient().resize({ width }), image, isPalette).toBuffer()),
        })),
      );
      // A copy no lighter than the picture itself (a small palette PNG, a WebP compressed hard) saves nothing: the browser takes the picture.
      return made.filter((copy) => copy.bytes.byteLength < image.bytes.byteLength);
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
