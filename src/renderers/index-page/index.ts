import { checkedOptions, registered } from '../../config/registry.js';
import type { Collection, CollectionContext, CollectionRenderer } from '../../types.js';

export interface IndexOptions {
  /** The page's headline; default "Articles". */
  readonly title?: string;
}

/** `index.html`: every article, newest first, with its headline, dek, byline, date and links to its editions. */
export function index(options: IndexOptions = {}): CollectionRenderer {
  checkedOptions('index', options, { title: true });
  return registered('index', options, {
    name: 'index',
    kind: 'collection',
    files: ['index.html'],
    async render(collection: Collection, context: CollectionContext) {
      // The page builder is loaded on first use only.
      const { indexPage } = await import('./page.js');
      return [{ path: 'index.html', bytes: indexPage(collection, options, context.config.labels, context.config.theme) }];
    },
  });
}
