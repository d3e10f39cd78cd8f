import { registered } from '../../config/registry.js';
import type { Article, EditionWithFiles, Renderer } from '../../types.js';

export interface HtmlOptions {
  /** Site address; when set, pages carry `<link rel="canonical">` to `baseUrl/slug.html` and absolute image addresses in their metadata. */
  readonly baseUrl?: string;
  /**
   * `'embed'` (default): images inside the page as `data:` URIs, one file to mail or archive.
   * `'beside'`: images written beside the page, in `<slug>.images/`, named by their content: a lighter page that browsers cache.
   */
  readonly images?: 'embed' | 'beside';
}

/**
 * A standalone HTML5 page per article: styles inline, images embedded or beside
 * it, no request to any other host.
 */
export function html(options: HtmlOptions = {}): Renderer<string | EditionWithFiles> {
  if (options.images !== undefined && options.images !== 'embed' && options.images !== 'beside') {
    throw new RangeError(`html({ images }) must be 'embed' or 'beside'; got ${JSON.stringify(options.images)}`);
  }
  return registered('html', options, {
    name: 'html',
    extension: '.html',
    async render(article: Article): Promise<string | EditionWithFiles> {
      // The page builder is loaded on first use only.
      const { htmlPage } = await import('./page.js');
      return htmlPage(article, options);
    },
  });
}
