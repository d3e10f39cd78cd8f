import { isMainThread } from 'node:worker_threads';
import { checkedOptions, registered } from '../../config/registry.js';
import type { Article, EditionWithFiles, RenderContext, Renderer } from '../../types.js';
import type { HtmlOptions } from './page.js';

export type { HtmlOptions } from './page.js';

/**
 * A standalone HTML5 page per article: styles inline, images embedded or beside
 * it, no request to any other host.
 */
export function html(options: HtmlOptions = {}): Renderer<string | EditionWithFiles> {
  checkedOptions('html', options, { baseUrl: true, images: true, imageWidths: true });
  const baseUrl = options.baseUrl;
  if (baseUrl !== undefined && !(typeof baseUrl === 'string' && URL.canParse(baseUrl) && /^https?:$/.test(new URL(baseUrl).protocol))) {
    throw new RangeError(`html({ baseUrl }) must be an absolute http(s) address, such as 'https://news.example/world/'; got ${JSON.stringify(baseUrl)}`);
  }
  if (options.images !== undefined && options.images !== 'embed' && options.images !== 'beside') {
    throw new RangeError(`html({ images }) must be 'embed' or 'beside'; got ${JSON.stringify(options.images)}`);
  }
  const { imageWidths } = options;
  if (imageWidths !== undefined) {
    if (!(imageWidths === true || (Array.isArray(imageWidths) && imageWidths.length > 0 && imageWidths.every(isImageWidth)))) {
      throw new RangeError(
        `html({ imageWidths }) must be true (480, 960 and 1600 pixels) or a list of widths in whole pixels from 16 to 16383, such as [480, 960, 1600]; got ${JSON.stringify(imageWidths)}`,
      );
    }
    if (options.images !== 'beside') {
      throw new RangeError(
        `html({ imageWidths }) writes smaller copies of the pictures beside the page: add images: 'beside', as in html({ images: 'beside', imageWidths: ${JSON.stringify(imageWidths)} })`,
      );
    }
  }
  // sharp's docs ask glibc Linux to load it in the main thread before a worker thread does, so that a thread's exit never
  // unloads libvips while another thread may load it again: the config is loaded here first, in the main thread.
  if (imageWidths !== undefined && isMainThread) import('sharp').catch(() => undefined);
  return registered('html', options, {
    name: 'html',
    extension: '.html',
    // Its head names every version of the story (hreflang).
    uses: ['versions'],
    async render(article: Article, context: RenderContext): Promise<string | EditionWithFiles> {
      // The page builder is loaded on first use only.
      const { htmlPage } = await import('./page.js');
      if (imageWidths === undefined) return htmlPage(article, options, context);
      // Resizing (and sharp) only for a page that asks for copies.
      const { defaultImageWidths, resizedCopies } = await import('./resized.js');
      return htmlPage(article, options, context, await resizedCopies(article, imageWidths === true ? defaultImageWidths : imageWidths, context));
    },
  });
}

/** A width a copy may have: whole pixels, within what JPEG, PNG and WebP encoders all take. */
function isImageWidth(width: unknown): boolean {
  return Number.isInteger(width) && (width as number) >= 16 && (width as number) <= 16383;
}
