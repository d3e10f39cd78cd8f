import { checkedOptions, registered } from '../../config/registry.js';
import type { Collection, CollectionContext, CollectionRenderer } from '../../types.js';

export interface FeedOptions {
  /** The feed's title; default the newest article's publisher, else "Articles". */
  readonly title?: string;
}

/**
 * `feed.xml` (Atom 1.0) and `feed.json` (JSON Feed 1.1): each article with its
 * HTML edition as content and its PDF and EPUB as enclosures. Needs the
 * config's `baseUrl`: feed readers want absolute addresses.
 */
export function feed(options: FeedOptions = {}): CollectionRenderer {
  checkedOptions('feed', options, { title: true });
  return registered('feed', options, {
    name: 'feed',
    kind: 'collection',
    files: ['feed.xml', 'feed.json'],
    requires: ['baseUrl'],
    async render(collection: Collection, context: CollectionContext) {
      const { feedFiles } = await import('./feeds.js');
      return feedFiles(collection, context, options);
    },
  });
}
