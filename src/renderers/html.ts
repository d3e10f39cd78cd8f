import type { Article, Renderer } from '../types.js';

export interface HtmlOptions {
  /** Site address; when set, pages carry `<link rel="canonical">` to `baseUrl/slug.html` and absolute image addresses in their metadata. */
  readonly baseUrl?: string;
}

/**
 * A standalone, self-contained HTML5 page per article: styles inline and images
 * as `data:` URIs (a renderer never writes files, so images beside the page are
 * not an option here), no request to any other host.
 */
export function html(options: HtmlOptions = {}): Renderer {
  return Object.freeze({
    name: 'html',
    extension: '.html',
    async render(article: Article): Promise<string> {
      // The page builder is loaded on first use only.
      const { htmlPage } = await import('./html/page.js');
      return htmlPage(article, options);
    },
  });
}
