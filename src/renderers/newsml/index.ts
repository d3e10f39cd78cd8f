import { checkedOptions, registered } from '../../config/registry.js';
import type { Article, EditionWithFiles, RenderContext, Renderer } from '../../types.js';
import { articleLabels } from '../common/labels.js';

export interface NewsmlOptions {
  /** The item's provider, as a name (`provider literal`); default the article's publisher, else its credit. */
  readonly provider?: string;
}

/** A NewsML-G2 2.35 news item for the wire: the IPTC's item and content metadata, the body as XHTML; the same item on every rebuild. */
export function newsml(options: NewsmlOptions = {}): Renderer<EditionWithFiles> {
  checkedOptions('newsml', options, { provider: true });
  if (options.provider !== undefined && options.provider.trim() === '') throw new RangeError('newsml({ provider }) must name the provider');
  return registered('newsml', options, {
    name: 'newsml',
    extension: '.newsml.xml',
    async render(article: Article, context: RenderContext): Promise<EditionWithFiles> {
      const { newsItem } = await import('./item.js');
      return newsItem(article, options.provider, articleLabels(article, context), context.config.baseUrl);
    },
  });
}
