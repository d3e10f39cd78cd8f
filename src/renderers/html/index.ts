import { checkedOptions, registered } from '../../config/registry.js';
import type { Article, EditionWithFiles, RenderContext, Renderer } from '../../types.js';
import type { HtmlOptions } from './page.js';

export type { HtmlOptions } from './page.js';

/**
 * A standalone HTML5 page per article: styles inline, images embedded or beside
 * it, no request to any other host.
 */
export function html(options: HtmlOptions = {}): Renderer<string | EditionWithFiles> {
  checkedOptions('html', options, { baseUrl: true, images: true });
  const baseUrl = options.baseUrl;
  if (baseUrl !== undefined && !(typeof baseUrl === 'string' && URL.canParse(baseUrl) && /^https?:$/.test(new URL(baseUrl).protocol))) {
    throw new RangeError(`html({ baseUrl }) must be an absolute http(s) address, such as 'https://news.example/world/'; got ${JSON.stringify(baseUrl)}`);
  }
  if (options.images !== undefined && options.images !== 'embed' && options.images !== 'beside') {
    throw new RangeError(`html({ images }) must be 'embed' or 'beside'; got ${JSON.stringify(options.images)}`);
  }
  return registered('html', options, {
    name: 'html',
    extension: '.html',
    // Its head names every version of the story (hreflang).
    uses: ['versions'],
    async render(article: Article, context: RenderContext): Promise<string | EditionWithFiles> {
      // The page builder is loaded on first use only.
      const { htmlPage } = await import('./page.js');
      return htmlPage(article, options, context);
    },
  });
}
