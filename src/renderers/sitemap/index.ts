import { checkedOptions, registered } from '../../config/registry.js';
import type { Collection, CollectionContext, CollectionRenderer } from '../../types.js';

export interface SitemapOptions {
  /** The publication's name in the Google News tags; default each article's `publisher`, else the site's host name. */
  readonly publication?: string;
}

/**
 * `sitemap.xml`: every article's page, with Google News tags for those of the
 * last two days, counted back from the newest article's date (not the clock,
 * so that the same articles give the same sitemap). Needs the config's `baseUrl`.
 */
export function sitemap(options: SitemapOptions = {}): CollectionRenderer {
  checkedOptions('sitemap', options, { publication: true });
  return registered('sitemap', options, {
    name: 'sitemap',
    kind: 'collection',
    files: ['sitemap.xml'],
    requires: ['baseUrl'],
    async render(collection: Collection, context: CollectionContext) {
      const { sitemapXml } = await import('./xml.js');
      return [{ path: 'sitemap.xml', bytes: sitemapXml(collection, context.config.baseUrl as string, options) }];
    },
  });
}
